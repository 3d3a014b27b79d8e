import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import Fastify from 'fastify';
import nunjucks from 'nunjucks';
import { govukFrontendRoot, projectRoot } from '../src/platform/paths.js';

/**
 * The yardstick for the service's pages: a plain Fastify 5 + Nunjucks + govuk-frontend server
 * rendering a page of the same shape (GOV.UK template, header, service navigation, phase
 * banner, footer, a filter form and a 25-row table of links and tags with pagination) from
 * data in memory. No database, no session, no security headers; govuk-frontend's files are
 * served from /assets by @fastify/static as a plain app would, with no precompressed copies.
 *
 * Run as a child process (startBarePage), so that it, the service and the load generator are
 * three processes; run directly it listens on PORT (0: a free port) and prints the port.
 */

const benchFolder = path.dirname(fileURLToPath(import.meta.url));
const stages = ['Identified', 'Assessed', 'Funding requested', 'Funding agreed', 'Placement found', 'Admission booked', 'Admitted', 'Discharged', 'Aftercare', 'Closed'];
const stageClasses = ['govuk-tag--grey', 'govuk-tag--blue', 'govuk-tag--yellow', 'govuk-tag--green', 'govuk-tag--turquoise', 'govuk-tag--purple', 'govuk-tag--pink', 'govuk-tag--orange'];
const substances = ['Alcohol', 'Opiates', 'Crack cocaine', 'Cocaine', 'Cannabis', 'Benzodiazepines'];
const ageBands = ['18 to 24', '25 to 34', '35 to 44', '45 to 54', '55 to 64', '65 and over'];
const total = 1_234;
const perPage = 25;
const pageCount = Math.ceil(total / perPage);

function pageContext(page: number, q: string) {
  const first = (page - 1) * perPage + 1;
  const records = Array.from({ length: perPage }, (_, index) => {
    const n = first + index;
    return {
      href: `/records/${n}`,
      reference: `NM-${String(100_000 + n)}`,
      stage: stages[n % stages.length] as string,
      stageClasses: stageClasses[n % stageClasses.length] as string,
      since: `${1 + (n % 28)} ${['January', 'March', 'June', 'October'][n % 4]} 2026`,
      substance: substances[n % substances.length] as string,
      ageBand: ageBands[n % ageBands.length] as string,
      flags: n % 7 === 0 ? 1 + (n % 3) : 0,
    };
  });
  const pageHref = (number: number) => `/?page=${number}`;
  const near = [1, page - 1, page, page + 1, pageCount].filter((number, index, all) => number >= 1 && number <= pageCount && all.indexOf(number) === index);
  const items: Array<Record<string, unknown>> = [];
  near.forEach((number, index) => {
    if (index > 0 && number - (near[index - 1] as number) > 1) items.push({ ellipsis: true });
    items.push({ number, href: pageHref(number), current: number === page });
  });
  return {
    pageTitle: 'Records',
    q,
    navigationItems: ['Home', 'Records', 'Queues', 'Summary', 'Services', 'Self-assessment', 'Your account'].map((text, index) => ({
      text,
      href: index === 0 ? '/' : `/${text.toLowerCase().replace(/[^a-z]+/g, '-')}`,
      active: index === 1,
    })),
    stageOptions: [{ value: '', text: 'All stages' }, ...stages.map((text) => ({ value: text.toLowerCase(), text }))],
    records,
    firstShown: first,
    lastShown: first + perPage - 1,
    total,
    pagination: {
      previous: page > 1 ? { href: pageHref(page - 1) } : undefined,
      next: page < pageCount ? { href: pageHref(page + 1) } : undefined,
      items,
    },
  };
}

export async function serveBarePage(port: number): Promise<{ origin: string; close: () => Promise<void> }> {
  const templates = new nunjucks.Environment(new nunjucks.FileSystemLoader([benchFolder, govukFrontendRoot], { noCache: false }), {
    autoescape: true,
    trimBlocks: true,
    lstripBlocks: true,
  });
  const app = Fastify({ logger: false });
  await app.register(fastifyStatic, { root: path.join(govukFrontendRoot, 'govuk'), prefix: '/assets/' });
  app.get<{ Querystring: { page?: string; q?: string } }>('/', async (request, reply) => {
    const page = Math.min(pageCount, Math.max(1, Number.parseInt(request.query.page ?? '1', 10) || 1));
    const html = templates.render('bare-page/page.njk', pageContext(page, request.query.q ?? ''));
    return reply.type('text/html; charset=utf-8').send(html);
  });
  const origin = await app.listen({ host: '127.0.0.1', port });
  return { origin, close: () => app.close() };
}

/** Starts the bare page in a child process of its own and waits until it listens. */
export async function startBarePage(): Promise<{ origin: string; child: ChildProcess; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
    cwd: projectRoot,
    env: { ...process.env, NODE_ENV: 'production', PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  try {
    const origin = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the bare page did not start in time')), 30_000);
      child.once('exit', (code) => reject(new Error(`the bare page stopped before listening (exit ${code})`)));
      readline.createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
        const match = /^listening (http:\S+)$/.exec(line);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
    });
    return { origin, child, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const server = await serveBarePage(Number(process.env.PORT ?? 0));
  console.log(`listening ${server.origin}`);
  process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
}
