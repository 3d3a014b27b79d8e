/**
 * Browser tests: the real app on an ephemeral port, a fresh seeded database, and Debian's
 * Chromium driven by playwright-core. Every page visited is checked with axe-core (WCAG 2.2
 * AA), for console errors and content security policy violations, and screenshotted.
 *
 *   npx tsx e2e/run.ts                       # PGlite in memory
 *   TEST_DB=postgres TEST_DATABASE_URL=postgres://… npx tsx e2e/run.ts
 *   CHROMIUM_PATH=/path/to/chromium npx tsx e2e/run.ts
 *   E2E_ONLY=invite npx tsx e2e/run.ts       # only journeys whose name contains the text
 *   E2E_TIMEOUT_MS=120000 npx tsx e2e/run.ts # the hard limit for the whole run (default 15 minutes)
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { BrowserSession, launchBrowser, RunRecord } from './browser.js';
import { startApp, type RunningApp } from './environment.js';
import { journeys } from './journeys.js';
import { indent, runTests, seconds, type TestResult } from './runner.js';

const overallTimeoutMs = Number(process.env.E2E_TIMEOUT_MS) || 15 * 60_000;
const here = path.dirname(fileURLToPath(import.meta.url));
const screenshotDir = path.join(here, 'screenshots');

let app: RunningApp | undefined;
let browser: Browser | undefined;
let cleanedUp = false;
let timedOut = false;

async function cleanUp(): Promise<string[]> {
  if (cleanedUp) return [];
  cleanedUp = true;
  const problems: string[] = [];
  if (browser) await browser.close().catch((error: unknown) => problems.push(`closing the browser: ${String(error)}`));
  if (app) await app.stop().catch((error: unknown) => problems.push(`stopping the app and database: ${String(error)}`));
  return problems;
}

// A hard limit for the whole run: a hung browser or database must not hang CI.
const overallTimer = setTimeout(() => {
  timedOut = true;
  console.error(`\nE2E FAILED: the run took longer than ${seconds(overallTimeoutMs)} and was stopped.`);
  const forceExit = setTimeout(() => process.exit(1), 10_000);
  forceExit.unref();
  void cleanUp().finally(() => process.exit(1));
}, overallTimeoutMs);

async function main(): Promise<number> {
  const started = Date.now();
  const only = process.env.E2E_ONLY?.toLowerCase();
  const selected = only ? journeys.filter((journey) => journey.name.toLowerCase().includes(only)) : journeys;
  if (selected.length === 0) {
    console.error(`No journey name contains "${process.env.E2E_ONLY}".`);
    return 1;
  }

  app = await startApp();
  console.log(`App at ${app.baseUrl} on ${app.databaseLabel}, seeded with the demo data (${seconds(Date.now() - started)})`);
  browser = await launchBrowser();
  console.log(`Chromium ${browser.version()} (${process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'})\n`);

  const record = new RunRecord(screenshotDir);
  const running = app;
  const runningBrowser = browser;
  let logsSeen = 0;
  const results: TestResult[] = await runTests(selected, {
    setUp: () => new BrowserSession(runningBrowser, running.baseUrl, record),
    problems: (session) => {
      // App errors logged during this journey (a 500, an unhandled rejection) fail it too.
      const fresh = running.logs.slice(logsSeen);
      logsSeen = running.logs.length;
      const appErrors = fresh.filter((line) => line.level >= 50).map((line) => `the app logged an error: ${line.raw.slice(0, 800)}`);
      return [...session.problems, ...appErrors];
    },
    tearDown: (session) => session.close(),
    stopped: () => timedOut,
  });

  const cleanupProblems = await cleanUp();
  const passed = results.filter((result) => result.ok).length;
  const failed = results.length - passed;
  const accessibility = results.flatMap((result) => result.problems).filter((problem) => problem.includes('accessibility violation')).length;
  const warnings = running.logs.filter((line) => line.level === 40);

  console.log('\n──────── Summary');
  console.log(`${passed} passed, ${failed} failed, ${results.length} journeys, ${record.checkedPages.length} page checks (axe WCAG 2.2 AA: ${accessibility} violation(s))`);
  console.log(`Every page checked at 320 px wide too (WCAG 1.4.10 Reflow), in ${seconds(record.reflowMs)}`);
  console.log(`${record.screenshots.length} screenshots in ${path.relative(process.cwd(), screenshotDir) || screenshotDir}`);
  if (warnings.length) {
    console.log(`The app logged ${warnings.length} warning(s):`);
    for (const line of warnings.slice(0, 10)) console.log(indent(line.msg || line.raw, 2));
  }
  for (const problem of cleanupProblems) console.log(`Clean-up problem: ${problem}`);
  for (const result of results.filter((candidate) => !candidate.ok)) console.log(`  ✘ ${result.name}`);
  if (timedOut) console.log(`Stopped by the overall time limit of ${seconds(overallTimeoutMs)}; ${selected.length - results.length} journey(s) did not finish.`);
  console.log(`Took ${seconds(Date.now() - started)}`);
  return failed === 0 && cleanupProblems.length === 0 && !timedOut ? 0 : 1;
}

main()
  .then((code) => {
    process.exitCode = code;
    console.log(code === 0 ? '\nE2E PASSED' : '\nE2E FAILED');
  })
  .catch(async (error: unknown) => {
    console.error('\nE2E FAILED: the suite could not run:', error);
    await cleanUp();
    process.exitCode = 1;
  })
  .finally(() => {
    clearTimeout(overallTimer);
    // Everything is closed, so Node should exit by itself; if a handle leaks, say so rather than hang.
    const leakTimer = setTimeout(() => {
      console.error('E2E: something kept the process alive after clean-up; exiting.');
      process.exit(process.exitCode ?? 1);
    }, 10_000);
    leakTimer.unref();
  });
