import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { LRUCache } from 'lru-cache';
import nunjucks from 'nunjucks';
import { govukFrontendRoot, sourceRoot } from '../paths.js';
import { formatNumber } from '../values/numbers.js';
import { formatDate, formatDateTime } from './dates.js';
import { useFasterRuntime } from './nunjucks-runtime.js';

export interface TemplateOptions {
  /** The organisation that runs the service, shown in the footer and page titles. */
  operatorName?: string;
}

export function createTemplateEngine({ operatorName = 'Your local authority' }: TemplateOptions = {}): nunjucks.Environment {
  const environment = new nunjucks.Environment(
    new nunjucks.FileSystemLoader([sourceRoot, govukFrontendRoot], { noCache: false }),
    { autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true },
  );
  useFasterRuntime(environment);
  environment.addFilter('date', (value: unknown) => formatDate(value));
  environment.addFilter('dateTime', (value: unknown) => formatDateTime(value));
  environment.addFilter('number', (value: unknown) => formatNumber(value));
  environment.addGlobal('serviceName', 'Residential Pathways');
  environment.addGlobal('operatorName', operatorName);
  addComponentMacros(environment);
  rememberResolvedNames(environment);
  return environment;
}

/** The govuk-frontend components any page may use without importing them. */
const everyPageComponents = [
  'back-link',
  'button',
  'checkboxes',
  'date-input',
  'details',
  'error-summary',
  'fieldset',
  'generic-header',
  'input',
  'inset-text',
  'notification-banner',
  'pagination',
  'panel',
  'phase-banner',
  'radios',
  'select',
  'service-navigation',
  'summary-list',
  'table',
  'tag',
  'task-list',
  'textarea',
  'warning-text',
];

/**
 * The components' macros (govukButton and the rest) as globals, read once. Imported by the
 * layout instead, every page would run each component's macro file again on every request to
 * define them: a sixth of the time of a short page. A macro imported without context sees only
 * globals, so defining it once changes nothing it does.
 */
function addComponentMacros(environment: nunjucks.Environment): void {
  // One for each environment, since another may have other globals.
  const renderedComponents = new LRUCache<string, object>({ max: rememberComponentsAtMost });
  for (const component of everyPageComponents) {
    const template = environment.getTemplate(`govuk/components/${component}/macro.njk`, true) as nunjucks.Template & {
      getExported(callback: (error: Error | null, exported: Record<string, unknown>) => void): void;
    };
    // Synchronous: a macro file only defines its macro.
    template.getExported((error, exported) => {
      if (error) throw error;
      for (const [name, macro] of Object.entries(exported)) environment.addGlobal(name, rememberingOutput(name, macro as Macro, renderedComponents));
    });
  }
}

type Macro = (...args: unknown[]) => unknown;

/** How many rendered components are kept, and the longest parameters worth keeping one for (a whole table's are not). */
const rememberComponentsAtMost = 2_000;
const longestRememberedParameters = 2_000;

const notPlainData = new Error('not plain data');

/**
 * The parameters as a key, telling apart what JSON would run together: markup already made safe
 * (an `html` parameter) from text to escape, an undefined entry from null, NaN from null. Anything
 * but plain data (a Date, a function) throws, and is not kept.
 */
function keyPart(this: unknown, key: string, value: unknown): unknown {
  const original = (this as Record<string, unknown>)[key];
  if (original === undefined) return key === '' ? value : '\u0000undefined';
  if (typeof original === 'string') {
    if (original.startsWith('\u0000')) throw notPlainData;
    return value;
  }
  if (typeof original === 'number') return Number.isFinite(original) ? value : `\u0000${original}`;
  if (typeof original !== 'object') {
    if (typeof original === 'boolean') return value;
    throw notPlainData;
  }
  if (original === null) return value;
  if (original instanceof nunjucks.runtime.SafeString) return { '\u0000safe': String(original) };
  const prototype = Object.getPrototypeOf(original) as unknown;
  if (prototype !== Object.prototype && prototype !== Array.prototype && prototype !== null) throw notPlainData;
  return value;
}

/**
 * A component's markup depends on its parameters alone (its macro sees only globals), and a
 * page repeats the same few many times: the header, the navigation, a tag on every row. So each
 * component's output is kept by its parameters and used again, as govuk-frontend would have
 * rendered it. A call with a caller block (`{% call %}`), or with parameters too long or not
 * JSON, renders afresh.
 */
export function rememberingOutput(name: string, macro: Macro, kept: LRUCache<string, object>): Macro {
  return function rememberedComponent(this: unknown, ...args: unknown[]) {
    const [params] = args;
    if (args.length !== 1 || typeof params !== 'object' || params === null || '__keywords' in params) return macro.apply(this, args);
    let key: string;
    try {
      key = JSON.stringify(params, keyPart);
    } catch {
      return macro.apply(this, args);
    }
    if (key.length > longestRememberedParameters) return macro.apply(this, args);
    key = `${name}\n${key}`;
    let output = kept.get(key);
    if (output === undefined) {
      output = macro.apply(this, args) as object;
      kept.set(key, output);
    }
    return output;
  };
}

/**
 * Each component includes its template by a relative name ("./template.njk"), which Nunjucks
 * turns into a path with path.resolve on every use; the answer never changes, so it is kept.
 */
function rememberResolvedNames(environment: nunjucks.Environment): void {
  type Resolve = (loader: object, parentName: string | null, filename: string) => string;
  const engine = environment as unknown as { resolveTemplate: Resolve };
  const resolve = engine.resolveTemplate.bind(environment);
  const resolved = new Map<string, string>();
  engine.resolveTemplate = (loader, parentName, filename) => {
    const key = `${parentName ?? ''}\n${filename}`;
    let name = resolved.get(key);
    if (name === undefined) {
      name = resolve(loader, parentName, filename);
      resolved.set(key, name);
    }
    return name;
  };
}

/** Every template the service can render: its own, and govuk-frontend's page template and components. */
export function templateNames(): string[] {
  const own = fs
    .readdirSync(sourceRoot, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.njk'))
    .map((name) => name.split(path.sep).join('/'));
  const components = path.join(govukFrontendRoot, 'govuk', 'components');
  const govuk = fs
    .readdirSync(components)
    .flatMap((component) => ['macro.njk', 'template.njk'].map((file) => `govuk/components/${component}/${file}`))
    .filter((name) => fs.existsSync(path.join(govukFrontendRoot, name)));
  return [...own.sort(), 'govuk/template.njk', ...govuk];
}

/**
 * Compiles every template ahead of its first use, one at a time between other work, so that no
 * visitor waits for a compilation. Resolves with how many were compiled.
 */
export async function compileAllTemplates(environment: nunjucks.Environment): Promise<number> {
  const names = templateNames();
  for (const name of names) {
    environment.getTemplate(name, true);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return names.length;
}

/**
 * govuk-frontend's page template has one fixed inline script that marks the page as having
 * JavaScript. The content security policy allows exactly that script by its hash, so no
 * other inline script (and no 'unsafe-inline') is ever allowed.
 */
export function govukTemplateScriptHash(): string {
  const template = fs.readFileSync(path.join(govukFrontendRoot, 'govuk', 'template.njk'), 'utf8');
  const match = /<script[^>]*>([^<]+)<\/script>/.exec(template);
  if (!match?.[1]) throw new Error('govuk-frontend template.njk no longer has its inline script');
  return `'sha256-${crypto.createHash('sha256').update(match[1]).digest('base64')}'`;
}
