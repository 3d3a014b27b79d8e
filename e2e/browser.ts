import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** WCAG 1.4.10 Reflow: content must fit 320 CSS pixels wide without scrolling sideways. */
export const reflowWidth = 320;
/** The only places allowed to scroll sideways at that width: data tables in a labelled, focusable region. */
export const tableScrollRegion = '.app-table-scroll';

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) {
    throw new Error(`No Chromium at ${executablePath}. Install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH.`);
  }
  return chromium.launch({ executablePath, args: chromiumArgs, timeout: 30_000 });
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: Array<{ target: unknown[]; html: string; failureSummary?: string }>;
}

/** Shared by every test: which pages have been screenshotted and checked, for the final report. */
export class RunRecord {
  readonly screenshots: string[] = [];
  readonly checkedPages: string[] = [];
  /** Time spent on the 320 px reflow checks, so their cost to CI stays visible. */
  reflowMs = 0;
  private readonly screenshotLabels = new Set<string>();

  constructor(readonly screenshotDir: string) {
    fs.rmSync(screenshotDir, { recursive: true, force: true });
    fs.mkdirSync(screenshotDir, { recursive: true });
  }

  /** A file name for a page not yet screenshotted, or null if it has been. */
  claimScreenshot(label: string): string | null {
    if (this.screenshotLabels.has(label)) return null;
    this.screenshotLabels.add(label);
    const number = String(this.screenshotLabels.size).padStart(2, '0');
    const slug = label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
    return path.join(this.screenshotDir, `${number}-${slug}.png`);
  }
}

export interface CheckOptions {
  /** The HTTP status the page itself should have been served with. Default 200. */
  status?: number;
  /** Save a screenshot the first time a page with this label is checked. Default true. */
  screenshot?: boolean;
  /** Also check the page at 320 CSS pixels wide (WCAG 1.4.10). Default true. */
  reflow?: boolean;
}

/**
 * One test's view of the browser: the contexts it opened (closed afterwards), and the
 * problems found on its pages that do not stop the journey (accessibility violations,
 * console errors, failed requests), which fail the test at the end.
 */
export class BrowserSession {
  readonly problems: string[] = [];
  private readonly contexts: BrowserContext[] = [];
  private readonly documentStatus = new WeakMap<Page, { url: string; status: number }>();
  private readonly javaScript = new WeakMap<Page, boolean>();

  constructor(
    private readonly browser: Browser,
    readonly baseUrl: string,
    private readonly record: RunRecord,
  ) {}

  url(pathname: string): string {
    return new URL(pathname, this.baseUrl).toString();
  }

  /** A page in a brand-new browser context (its own cookies), watched for errors. */
  async newPage(options: { javaScript?: boolean } = {}): Promise<Page> {
    const javaScript = options.javaScript ?? true;
    const context = await this.browser.newContext({
      baseURL: this.baseUrl,
      javaScriptEnabled: javaScript,
      viewport: { width: 1280, height: 900 },
      locale: 'en-GB',
    });
    context.setDefaultTimeout(15_000);
    context.setDefaultNavigationTimeout(20_000);
    this.contexts.push(context);
    const page = await context.newPage();
    this.watch(page, javaScript);
    return page;
  }

  private watch(page: Page, javaScript: boolean) {
    this.javaScript.set(page, javaScript);
    const failedUrls = new Set<string>();
    const where = () => safePath(page.url());
    page.on('response', (response) => {
      const request = response.request();
      if (request.isNavigationRequest() && response.frame() === page.mainFrame()) {
        this.documentStatus.set(page, { url: response.url(), status: response.status() });
        if (response.status() >= 400) failedUrls.add(response.url());
      } else if (response.status() >= 400) {
        failedUrls.add(response.url());
        this.problems.push(`${where()}: request for ${safePath(response.url())} failed with HTTP ${response.status()}`);
      }
    });
    page.on('requestfailed', (request) => {
      // A navigation replaced by another, or a subresource cut off by leaving the page, is not a fault.
      if (request.isNavigationRequest() || request.failure()?.errorText === 'net::ERR_ABORTED') return;
      this.problems.push(`${where()}: request for ${safePath(request.url())} failed: ${request.failure()?.errorText ?? 'unknown error'}`);
    });
    page.on('console', (message) => {
      if (message.type() !== 'error' && !/Content.Security.Policy/i.test(message.text())) return;
      // Chromium logs an error for every response with an error status. Pages are checked for
      // their expected status, and failed assets are reported above with their address.
      if (/^Failed to load resource: the server responded with a status of/.test(message.text()) && failedUrls.has(message.location().url)) return;
      this.problems.push(`${where()}: console ${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => {
      this.problems.push(`${where()}: uncaught page error: ${error.message}`);
    });
  }

  /** Loads a path and checks the page. */
  async goto(page: Page, pathname: string, label: string, options: CheckOptions = {}): Promise<void> {
    await page.goto(pathname, { waitUntil: 'load' });
    await this.check(page, label, options);
  }

  /** Clicks a button (or link) that navigates, waits for the new page to load, and checks it. */
  async submit(page: Page, buttonName: string, label: string, options: CheckOptions = {}): Promise<void> {
    const button = page.getByRole('button', { name: buttonName, exact: true });
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), button.click()]);
    await this.check(page, label, options);
  }

  async clickLink(page: Page, linkName: string, label: string, options: CheckOptions = {}): Promise<void> {
    // GOV.UK "button" links (<a role="button">) count as links here.
    const link = page
      .getByRole('link', { name: linkName, exact: true })
      .or(page.locator('a').and(page.getByRole('button', { name: linkName, exact: true })))
      .first();
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), link.click()]);
    await this.check(page, label, options);
  }

  /**
   * Every page is checked the same way: its HTTP status, WCAG 2.2 AA with axe-core, that
   * GOV.UK Frontend's JavaScript ran (so the content security policy let it), and a screenshot.
   */
  async check(page: Page, label: string, { status = 200, screenshot = true, reflow = true }: CheckOptions = {}): Promise<void> {
    const served = this.documentStatus.get(page);
    if (served && served.status !== status) {
      throw new Error(`${label}: ${safePath(served.url)} was served with HTTP ${served.status}, expected ${status}`);
    }
    this.record.checkedPages.push(`${label} (${safePath(page.url())})`);

    if (this.javaScript.get(page)) {
      const frontend = await page.evaluate(() => ({
        supported: document.body.classList.contains('govuk-frontend-supported'),
        uninitialised: Array.from(document.querySelectorAll<HTMLElement>('[data-module]'))
          .filter((element) => !element.hasAttribute(`data-${element.dataset.module ?? ''}-init`))
          .map((element) => element.dataset.module ?? '(unnamed)'),
      }));
      if (!frontend.supported) {
        this.problems.push(`${label}: <body> lacks govuk-frontend-supported, so the template's inline script did not run (blocked by the content security policy?)`);
      }
      if (frontend.uninitialised.length) {
        this.problems.push(`${label}: GOV.UK Frontend components not initialised (app.mjs did not run?): ${[...new Set(frontend.uninitialised)].join(', ')}`);
      }
    }

    const violations = withoutKnownGovukFindings(this.javaScript.get(page) ? await runAxe(page) : await this.runAxeOnCopy(page));
    for (const violation of violations) {
      const nodes = violation.nodes
        .map((node) => `      - ${node.target.map(String).join(' ')}\n        ${node.html.replace(/\s+/g, ' ').slice(0, 200)}`)
        .join('\n');
      this.problems.push(
        `${label} (${safePath(page.url())}): accessibility violation ${violation.id} [${violation.impact ?? 'unknown impact'}]: ${violation.help}\n        ${violation.helpUrl}\n${nodes}`,
      );
    }

    const file = screenshot ? this.record.claimScreenshot(label) : null;
    if (file) {
      await page.screenshot({ path: file, fullPage: true });
      this.record.screenshots.push(file);
    }

    if (reflow) {
      const started = Date.now();
      for (const problem of await checkReflow(page)) this.problems.push(`${label} (${safePath(page.url())}): ${problem}`);
      this.record.reflowMs += Date.now() - started;
    }
  }

  /**
   * With JavaScript off, page.evaluate() cannot await axe's promise. So the page as the
   * browser received it, minus its scripts, is served at the same address to a page with
   * JavaScript on (assets still come from the app), and axe checks that copy.
   */
  private async runAxeOnCopy(page: Page): Promise<AxeViolation[]> {
    const html = (await page.content()).replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '');
    const address = page.url();
    const context = await this.browser.newContext({ baseURL: this.baseUrl, viewport: page.viewportSize() ?? undefined, locale: 'en-GB' });
    try {
      const copy = await context.newPage();
      await copy.route(
        (url) => url.href === address,
        (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
      );
      await copy.goto(address, { waitUntil: 'load' });
      return await runAxe(copy);
    } finally {
      await context.close();
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.contexts.map((context) => context.close()));
  }
}

/**
 * WCAG 1.4.10 Reflow, checked on the page as it is: the viewport is narrowed to 320 CSS
 * pixels, the page must not be wider than the viewport, nothing may scroll sideways except
 * the data tables' scroll regions (which must be focusable and labelled, so keyboard and
 * screen reader users can reach them), and the viewport is put back. Reads the layout
 * synchronously, so it works on pages with JavaScript off too. Returns the problems found.
 */
/**
 * page.evaluate for a function with named helpers inside it: tsx compiles with esbuild's
 * keepNames, which wraps named functions in a __name() call that exists only in Node, so
 * the page gets a stand-in for it.
 */
async function evaluateWithNames<A, R>(page: Page, fn: (arg: A) => R, arg: A): Promise<R> {
  return page.evaluate(`(() => { const __name = (target) => target; return (${fn.toString()})(${JSON.stringify(arg)}); })()`) as Promise<R>;
}

export async function checkReflow(page: Page): Promise<string[]> {
  const original = page.viewportSize();
  await page.setViewportSize({ width: reflowWidth, height: original?.height ?? 900 });
  try {
    return await evaluateWithNames(
      page,
      ({ regionSelector }: { regionSelector: string }) => {
        const problems: string[] = [];
        const root = document.documentElement;
        const width = root.clientWidth;
        const describe = (element: Element): string => {
          const parts: string[] = [];
          for (let node: Element | null = element; node && node !== document.body && parts.length < 4; node = node.parentElement) {
            const id = node.id ? `#${node.id}` : '';
            const classes = Array.from(node.classList).slice(0, 2).map((name) => `.${name}`).join('');
            parts.unshift(`${node.tagName.toLowerCase()}${id}${classes}`);
            if (id) break;
          }
          const text = (element.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 60);
          return `${parts.join(' > ')}${text ? ` ("${text}")` : ''}`;
        };
        const scrollsSideways = (element: Element) => {
          // The layout read first: it is cheap, and the computed style only matters for the few that overflow.
          if (element.scrollWidth <= element.clientWidth + 1) return false;
          const overflow = getComputedStyle(element).overflowX;
          return overflow === 'auto' || overflow === 'scroll';
        };

        if (root.scrollWidth > width + 1 || document.body.scrollWidth > width + 1) {
          // The widest element sticking out of the viewport, outside the table scroll regions;
          // the deepest one when several end at the same place (the likeliest cause). An
          // element's own box can fit while its content (a long word, say) overflows it.
          let widest: { element: Element; right: number } | undefined;
          for (const element of Array.from(document.body.querySelectorAll('*'))) {
            if (element.parentElement?.closest(regionSelector)) continue;
            const box = element.getBoundingClientRect();
            if (box.width === 0) continue;
            // (A scroll container's scrollWidth is what it scrolls, which does not widen the page.)
            const spills = element.scrollWidth > box.width + 1 && getComputedStyle(element).overflowX === 'visible';
            const right = spills ? box.left + element.scrollWidth : box.right;
            if (right <= width + 1) continue;
            if (!widest || right >= widest.right) widest = { element, right };
          }
          if (!widest) {
            // Then something positioned in a scroll region escapes it.
            for (const element of Array.from(document.body.querySelectorAll(`${regionSelector} *`))) {
              const box = element.getBoundingClientRect();
              if (!['absolute', 'fixed'].includes(getComputedStyle(element).position)) continue;
              if (box.width > 0 && box.right > width + 1 && (!widest || box.right >= widest.right)) widest = { element, right: box.right };
            }
          }
          const culprit = widest ? `; the widest element is ${describe(widest.element)}, ${Math.round(widest.right)} px from the left` : '';
          problems.push(`reflow: the page is ${root.scrollWidth} px wide at a ${width} px viewport (WCAG 1.4.10)${culprit}`);
        }
        for (const element of Array.from(document.body.querySelectorAll('*'))) {
          if (element.matches(regionSelector)) {
            const label = element.getAttribute('aria-label') ?? element.getAttribute('aria-labelledby') ?? '';
            if (element.getAttribute('tabindex') !== '0' || element.getAttribute('role') !== 'region' || !label.trim()) {
              problems.push(`reflow: the table scroll region ${describe(element)} needs tabindex="0", role="region" and a label`);
            }
          } else if (!element.closest(regionSelector) && scrollsSideways(element)) {
            problems.push(`reflow: ${describe(element)} scrolls sideways at ${width} px; only data tables in a ${regionSelector} region may`);
          }
        }
        return problems;
      },
      { regionSelector: tableScrollRegion },
    );
  } finally {
    if (original) await page.setViewportSize(original);
  }
}

/**
 * govuk-frontend's conditional reveals put aria-expanded on the radio that reveals a question.
 * ARIA does not list it for radios, so axe reports it, but GOV.UK keeps it on purpose because
 * screen readers announce it (alphagov/govuk-frontend#979, a known issue of the component).
 * Only that one finding is let through: any other attribute, or aria-expanded anywhere else, is
 * still reported.
 */
export function withoutKnownGovukFindings(violations: AxeViolation[]): AxeViolation[] {
  const known = (violation: AxeViolation, node: AxeViolation['nodes'][number]) => {
    if (violation.id !== 'aria-allowed-attr') return false;
    if (!/class="govuk-radios__input"/.test(node.html) || !/aria-controls="conditional-/.test(node.html)) return false;
    const attributes = [...(node.failureSummary ?? '').matchAll(/(aria-[a-z]+)=/g)].map((match) => match[1]);
    return attributes.length > 0 && attributes.every((attribute) => attribute === 'aria-expanded');
  };
  return violations
    .map((violation) => ({ ...violation, nodes: violation.nodes.filter((node) => !known(violation, node)) }))
    .filter((violation) => violation.nodes.length > 0);
}

async function runAxe(page: Page): Promise<AxeViolation[]> {
  // Not page.addScriptTag: the app's content security policy forbids inline scripts, and
  // evaluate() is not subject to it.
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object');
  if (!loaded) await page.evaluate(axeSource);
  return page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run(context: Document, options: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const results = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return results.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      helpUrl: violation.helpUrl,
      nodes: violation.nodes.map((node) => ({ target: node.target, html: node.html, failureSummary: node.failureSummary })),
    }));
  }, axeTags);
}

/** The path and query of a URL on the app, with invitation tokens hidden. */
export function safePath(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.pathname}${parsed.search}`.replace(/\/invitations\/[^/?#]+/, '/invitations/[token]');
  } catch {
    return url;
  }
}
