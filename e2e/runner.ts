/** A tiny sequential test runner: journeys share one app and one browser, and run in order. */

export interface TestCase<C> {
  name: string;
  timeoutMs?: number;
  run(context: C): Promise<void>;
}

export interface TestResult {
  name: string;
  ok: boolean;
  durationMs: number;
  /** The error that stopped the journey, if any. */
  error?: string;
  /** Problems found along the way that did not stop the journey (accessibility, console). */
  problems: string[];
}

export interface TestHooks<C> {
  /** Creates the per-test context (for example a browser session). */
  setUp(name: string): C;
  /** Problems collected in the context while the test ran. */
  problems(context: C): string[];
  /** Closes whatever the test opened, whether it passed or not. */
  tearDown(context: C): Promise<void>;
  /** True once the run has been abandoned (the overall time limit): start no more tests. */
  stopped(): boolean;
}

const green = (text: string) => (process.stdout.isTTY ? `\u001b[32m${text}\u001b[39m` : text);
const red = (text: string) => (process.stdout.isTTY ? `\u001b[31m${text}\u001b[39m` : text);

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    // Playwright appends Chromium's own log to some errors; it is noise here.
    const message = error.message.split('\nBrowser logs:')[0]?.trimEnd().slice(0, 2000) ?? '';
    const stack = (error.stack ?? '')
      .split('\n')
      .filter((line) => line.includes('/e2e/') && !line.includes('/e2e/runner.ts'))
      .slice(0, 3)
      .join('\n');
    return stack ? `${message}\n${stack}` : message;
  }
  return String(error);
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${seconds(ms)}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function runTests<C>(tests: Array<TestCase<C>>, hooks: TestHooks<C>): Promise<TestResult[]> {
  const results: TestResult[] = [];
  for (const test of tests) {
    if (hooks.stopped()) break;
    const started = Date.now();
    const context = hooks.setUp(test.name);
    let error: string | undefined;
    try {
      await withTimeout(test.run(context), test.timeoutMs ?? 90_000, `"${test.name}"`);
    } catch (caught) {
      error = describeError(caught);
    }
    await withTimeout(hooks.tearDown(context), 15_000, `closing "${test.name}"`).catch((caught: unknown) => {
      error = error ?? describeError(caught);
    });
    if (hooks.stopped()) break;
    const problems = [...hooks.problems(context)];
    const result: TestResult = { name: test.name, ok: !error && problems.length === 0, durationMs: Date.now() - started, error, problems };
    results.push(result);
    console.log(`${result.ok ? green('✔ pass') : red('✘ FAIL')}  ${test.name} (${seconds(result.durationMs)})`);
    if (error) console.log(indent(`Stopped: ${error}`, 8));
    for (const problem of problems) console.log(indent(`• ${problem}`, 8));
  }
  return results;
}

export function indent(text: string, spaces: number): string {
  const pad = ' '.repeat(spaces);
  return text
    .split('\n')
    .map((line) => pad + line)
    .join('\n');
}
