import { type ChildProcess, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { type Kysely, sql } from 'kysely';
import { seedDemo } from '../src/demo/seed.js';
import { createEmbeddedDatabase } from '../src/platform/db/connect.js';
import type { Database } from '../src/platform/db/schema.js';
import { projectRoot } from '../src/platform/paths.js';
import { prepareDatabase } from '../src/prepare-database.js';
import { startBarePage } from './bare-page.js';
import { openBenchDatabase } from './databases.js';
import { summarise } from './summary.js';

/**
 * The service's pages under HTTP load beside a bare page of the same shape (bench/bare-page.ts),
 * measured alternately in one run (bare, app, bare, app …) so a busy machine slows both alike:
 * the ratio app ÷ bare is the figure to trust, not the requests a second themselves.
 *
 * The service runs as in production: the compiled dist/src/server.js in a child process with
 * NODE_ENV=production (its own logging, security headers, load shedding and precompressed
 * assets), the bare page in another child process, and autocannon in this one. The demo lead
 * commissioner is signed in; the demo data is loaded before the service starts.
 *
 * BENCH_HTTP_SECONDS (default 3) is each load's length, BENCH_HTTP_ROUNDS (default 3) how many
 * times each side is loaded; the median requests a second of each side is compared.
 */

const connections = 10;
const seconds = Number(process.env.BENCH_HTTP_SECONDS ?? 3);
const rounds = Number(process.env.BENCH_HTTP_ROUNDS ?? 3);
/** What a browser sends; the service's stylesheet has brotli and gzip copies. */
const acceptEncoding = 'gzip, deflate, br';

interface Target {
  name: string;
  path: string;
  /** The lowest acceptable app ÷ bare ratio. */
  minimumRatio: number;
}

interface Load {
  requestsPerSecond: number;
  non2xx: number;
  errors: number;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(origin: string, child: ChildProcess, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the service stopped while starting (exit ${child.exitCode})`);
    try {
      const response = await fetch(`${origin}/health`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the service did not become healthy in time');
}

/**
 * In production the service sits behind a proxy that ends TLS, and its session cookie is marked
 * Secure, which @fastify/session will not set over plain HTTP. So the bench plays that proxy:
 * the service trusts the loopback address and every request says it came in over HTTPS.
 */
const viaTlsProxy = { 'x-forwarded-proto': 'https' };

/** The compiled service, started as npm start does, with production settings, behind a (pretend) TLS proxy on the loopback address. */
async function startService(database: { DATA_DIR: string } | { DATABASE_URL: string }): Promise<{ origin: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const environment: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    SESSION_SECRET: crypto.randomBytes(32).toString('hex'),
    PUBLIC_URL: origin,
    HOST: '127.0.0.1',
    PORT: String(port),
    TRUST_PROXY: 'loopback',
    ...database,
  };
  if (!('DATABASE_URL' in database)) delete environment.DATABASE_URL;
  const child = spawn(process.execPath, [path.join(projectRoot, 'dist', 'src', 'server.js')], {
    cwd: projectRoot,
    env: environment,
    // Production logs a line for every request; it goes nowhere here, but it is still written.
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  try {
    await waitForHealth(origin, child, Date.now() + 120_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { origin, stop };
}

/** Signs in as the bench does elsewhere (bench/soak.ts), through the pretend TLS proxy. */
async function signInCookie(origin: string, email: string, password: string): Promise<string> {
  const form = await fetch(`${origin}/sign-in`, { headers: viaTlsProxy });
  const cookie = (form.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const answer = await fetch(`${origin}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...viaTlsProxy, cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token, email, password }).toString(),
  });
  if (answer.status !== 302) throw new Error(`The HTTP bench could not sign in (${answer.status})`);
  return (answer.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

async function load(url: string, headers: Record<string, string>, duration: number): Promise<Load> {
  const result = await autocannon({ url, connections, duration, headers });
  return { requestsPerSecond: result.requests.average, non2xx: result.non2xx, errors: result.errors + result.timeouts };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

async function demoTargets(db: Kysely<Database>): Promise<{ referralId: string; roundId: string }> {
  const demo = await seedDemo(db, { sampleWork: true });
  const partnershipId = demo.partnershipIds.northmoor;
  const referral = await db.selectFrom('referrals').select('id').where('partnership_id', '=', partnershipId).orderBy('local_reference').limit(1).executeTakeFirstOrThrow();
  const round = await db.selectFrom('assessment_rounds').select('id').where('partnership_id', '=', partnershipId).orderBy('created_at').limit(1).executeTakeFirstOrThrow();
  return { referralId: referral.id, roundId: round.id };
}

export async function measureHttpRatios(postgresUrl: string | undefined): Promise<boolean> {
  if (!fs.existsSync(path.join(projectRoot, 'dist', 'src', 'server.js'))) throw new Error('Run npm run build first');
  const where = postgresUrl ? 'PostgreSQL' : 'embedded database';
  const pageRatio = postgresUrl ? 0.6 : 0.45;
  const cleanups: Array<() => Promise<void>> = [];
  try {
    // The demo data goes in first; then the service opens the database as it would any morning.
    let ids: { referralId: string; roundId: string };
    let databaseSetting: { DATA_DIR: string } | { DATABASE_URL: string };
    if (postgresUrl) {
      const database = await openBenchDatabase(postgresUrl);
      cleanups.push(() => database.close());
      await prepareDatabase(database.db);
      ids = await demoTargets(database.db);
      // Autovacuum would vacuum and analyse the tables within a minute or so of the demo data going
      // in; the service is measured as it runs every day after that, not in the minute between.
      await sql`VACUUM ANALYZE`.execute(database.db);
      databaseSetting = { DATABASE_URL: database.url as string };
    } else {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rp-bench-http-'));
      cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
      const database = await createEmbeddedDatabase(dataDir);
      try {
        await prepareDatabase(database.db);
        ids = await demoTargets(database.db);
      } finally {
        await database.close();
      }
      databaseSetting = { DATA_DIR: dataDir };
    }

    const service = await startService(databaseSetting);
    cleanups.push(service.stop);
    const bare = await startBarePage();
    cleanups.push(bare.stop);
    const cookie = await signInCookie(service.origin, 'lead@northmoor.example', 'demo-lead-password');
    const appHeaders = { ...viaTlsProxy, cookie, 'accept-encoding': acceptEncoding };
    const bareHeaders = { 'accept-encoding': acceptEncoding };

    const home = await fetch(`${service.origin}/`, { headers: appHeaders });
    const stylesheet = /href="(\/assets\/govuk-frontend\.min\.css\?v=[^"]+)"/.exec(await home.text())?.[1];
    if (!stylesheet) throw new Error('The home page links no versioned govuk-frontend stylesheet');
    const targets: Target[] = [
      { name: 'Referrals list', path: '/referrals', minimumRatio: pageRatio },
      { name: 'Home', path: '/', minimumRatio: pageRatio },
      { name: 'Services', path: '/services', minimumRatio: pageRatio },
      { name: 'One referral record', path: `/referrals/${ids.referralId}`, minimumRatio: pageRatio },
      { name: 'One assessment round', path: `/assessments/${ids.roundId}`, minimumRatio: pageRatio },
      { name: 'Stylesheet (govuk-frontend.min.css)', path: stylesheet, minimumRatio: 3 },
    ];
    const bareUrl = `${bare.origin}/?page=3`;
    // Every address must answer 200 signed in, or the figures would be of a redirect.
    for (const url of [bareUrl, ...targets.map((target) => `${service.origin}${target.path}`)]) {
      const response = await fetch(url, { headers: url === bareUrl ? bareHeaders : appHeaders, redirect: 'manual' });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${url} answered ${response.status}, not 200`);
    }

    console.log(
      `\nHTTP load on ${postgresUrl ? 'PostgreSQL' : 'the embedded database'}: ${connections} connections, ${seconds} s a load, bare page and service page alternately, ${rounds} rounds each ` +
        '(median requests a second; compiled service, NODE_ENV=production, signed in as the demo lead commissioner)',
    );
    console.log(`${'page'.padEnd(40)} ${'bare req/s'.padStart(11)} ${'app req/s'.padStart(11)} ${'app ÷ bare'.padStart(11)} ${'target'.padStart(8)}  ok`);
    let met = true;
    for (const target of targets) {
      const appUrl = `${service.origin}${target.path}`;
      // A short warm-up of each side: template compilation, query plans, the JIT.
      await load(bareUrl, bareHeaders, 1);
      await load(appUrl, appHeaders, 1);
      const bareLoads: Load[] = [];
      const appLoads: Load[] = [];
      for (let round = 0; round < rounds; round += 1) {
        bareLoads.push(await load(bareUrl, bareHeaders, seconds));
        appLoads.push(await load(appUrl, appHeaders, seconds));
      }
      const bareRate = median(bareLoads.map((result) => result.requestsPerSecond));
      const appRate = median(appLoads.map((result) => result.requestsPerSecond));
      const ratio = appRate / bareRate;
      const failures = [...bareLoads, ...appLoads].reduce((sum, result) => sum + result.non2xx + result.errors, 0);
      const ok = ratio >= target.minimumRatio && failures === 0;
      met &&= ok;
      const targetText = target.minimumRatio >= 1 ? `≥ ${target.minimumRatio}×` : `≥ ${Math.round(target.minimumRatio * 100)}%`;
      const ratioText = target.minimumRatio >= 1 ? `${ratio.toFixed(2)}×` : `${(ratio * 100).toFixed(0)}%`;
      console.log(
        `${target.name.padEnd(40)} ${bareRate.toFixed(0).padStart(11)} ${appRate.toFixed(0).padStart(11)} ${ratioText.padStart(11)} ${targetText.padStart(8)}  ${
          ok ? 'yes' : 'NO'
        }${failures ? ` (${failures} responses not 2xx or failed)` : ''}`,
      );
      summarise({ measure: `${target.name} ÷ bare page, ${where}`, figure: ratioText, target: targetText, met: ok });
    }
    return met;
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}
