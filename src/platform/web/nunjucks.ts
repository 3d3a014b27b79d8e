import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import nunjucks from 'nunjucks';
import { govukFrontendRoot, sourceRoot } from '../paths.js';
import { formatNumber } from '../values/numbers.js';
import { formatDate, formatDateTime } from './dates.js';

export interface TemplateOptions {
  /** The organisation that runs the service, shown in the footer and page titles. */
  operatorName?: string;
}

export function createTemplateEngine({ operatorName = 'Your local authority' }: TemplateOptions = {}): nunjucks.Environment {
  const environment = new nunjucks.Environment(
    new nunjucks.FileSystemLoader([sourceRoot, govukFrontendRoot], { noCache: false }),
    { autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true },
  );
  environment.addFilter('date', (value: unknown) => formatDate(value));
  environment.addFilter('dateTime', (value: unknown) => formatDateTime(value));
  environment.addFilter('number', (value: unknown) => formatNumber(value));
  environment.addGlobal('serviceName', 'Residential Pathways');
  environment.addGlobal('operatorName', operatorName);
  return environment;
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
