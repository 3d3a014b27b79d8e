import autocannon from 'autocannon';
import { buildApp } from '../src/app.js';
import { testConfig } from '../src/config.js';
import { seedDemo } from '../src/demo/seed.js';
import { prepareDatabase } from '../src/prepare-database.js';
import { openBenchDatabase } from './databases.js';

/**
 * A soak: 50 connections, signed in as the demo lead commissioner, cycling through the pages a
 * busy Monday morning would ask for, for a minute (BENCH_SOAK_SECONDS). The app listens on the
 * loopback address and sheds load as it would in production. Goal: no 5xx at all.
 */
const connections = 50;
const seconds = Number(process.env.BENCH_SOAK_SECONDS ?? 60);

async function signInCookie(origin: string, email: string, password: string): Promise<string> {
  const form = await fetch(`${origin}/sign-in`);
  const cookie = (form.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const answer = await fetch(`${origin}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token, email, password }).toString(),
  });
  if (answer.status !== 302) throw new Error(`The soak could not sign in (${answer.status})`);
  return (answer.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

export async function measureSoak(postgresUrl: string | undefined): Promise<boolean> {
  const where = postgresUrl ? 'PostgreSQL' : 'PGlite';
  const database = await openBenchDatabase(postgresUrl);
  try {
    await prepareDatabase(database.db);
    await seedDemo(database.db, { sampleWork: true });
    const referral = await database.db.selectFrom('referrals').select('id').orderBy('local_reference').limit(1).executeTakeFirstOrThrow();
    const round = await database.db.selectFrom('assessment_rounds').select('id').orderBy('created_at').limit(1).executeTakeFirstOrThrow();
    const app = await buildApp({ db: database.db, config: testConfig({ maxEventLoopDelayMs: 1_000 }), logger: false });
    const origin = await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const cookie = await signInCookie(origin, 'lead@northmoor.example', 'demo-lead-password');
      const pages = ['/', '/referrals', '/referrals?stage=waiting', `/referrals/${referral.id}`, '/services', '/pathway/queues', '/pathway/summary', `/assessments/${round.id}`, '/commissioning/contracts'];
      const result = await autocannon({
        url: origin,
        connections,
        duration: seconds,
        headers: { cookie },
        requests: pages.map((path) => ({ method: 'GET' as const, path })),
      });
      const serverErrors = result['5xx'];
      console.log(`\nSoak on ${where}: ${connections} connections for ${seconds} s over ${pages.length} signed-in pages (demo data)`);
      console.log(
        `  ${Math.round(result.requests.average).toLocaleString('en-GB')} requests a second, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ` +
          `max ${result.latency.max} ms; ${result.requests.total.toLocaleString('en-GB')} requests: ${result['2xx']} 2xx, ${result['3xx']} 3xx, ${result['4xx']} 4xx, ${serverErrors} 5xx, ` +
          `${result.errors} connection errors, ${result.timeouts} timeouts  ${serverErrors === 0 && result.errors === 0 ? 'ok' : 'NO (goal: no 5xx)'}`,
      );
      return serverErrors === 0 && result.errors === 0;
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
  }
}
