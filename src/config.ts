import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { type MessageTemplate, messageTemplates, notifyTemplateVariables } from './platform/messages-templates.js';

/** What Fastify's trustProxy takes: trust nobody, these proxy addresses, or a rule for each hop. */
export type TrustProxy = false | string[] | ((address: string, hop: number) => boolean);

/**
 * Trusts the nearest hops whatever their address. Fastify ignores a bare number (it cannot
 * check the nearest peer), so the count becomes a rule; it is only safe when nothing can reach
 * the service except through those proxies.
 */
function trustHops(hops: number): TrustProxy {
  return (_address, hop) => hop < hops;
}

/** Names proxy-addr (behind Fastify's trustProxy) accepts for whole address ranges. */
const proxyRangeNames = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrRange(entry: string): boolean {
  if (proxyRangeNames.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const version = net.isIP(address);
  if (!version || rest.length) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return net.isIP(prefix) === 4 && version === 4;
  return Number(prefix) <= (version === 4 ? 32 : 128);
}

/**
 * Which proxies in front of the service may say who the client is (X-Forwarded-For). Trusting
 * one that is not there lets anyone pick their own address and slip past per-address limits,
 * so the default trusts nobody.
 */
const trustProxySchema = z
  .string()
  .optional()
  .transform((value, context): TrustProxy => {
    const text = value?.trim() ?? '';
    if (text === '') return false;
    if (/^\d+$/.test(text)) return trustHops(Number(text));
    const entries = text.split(',').map((entry) => entry.trim()).filter(Boolean);
    const wrong = entries.filter((entry) => !isAddressOrRange(entry));
    if (wrong.length || !entries.length) {
      context.addIssue({
        code: 'custom',
        message: `TRUST_PROXY must be a number of proxies, or a comma-separated list of addresses and ranges like 10.0.0.0/8 (not ${wrong.join(', ') || 'empty'})`,
      });
      return z.NEVER;
    }
    return entries;
  });

/**
 * A GOV.UK Notify API key is `{key_name}-{service_id}-{secret}`, the last two being UUIDs; the
 * client reads the service id and secret from the end, so a key of another shape fails on every
 * send. Checked here so a pasted half-key stops the start instead.
 */
const notifyApiKeyPattern = /^[A-Za-z0-9_-]+-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const notifyTemplateId = z.preprocess(
  (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
  z
    .string()
    .trim()
    .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { message: 'must be the template’s ID from GOV.UK Notify, like 3f1c8a2e-0b4d-4e6f-9a7b-1c2d3e4f5a6b' })
    .optional(),
);
const notifyTemplateSchemas = Object.fromEntries(Object.values(notifyTemplateVariables).map((name) => [name, notifyTemplateId])) as Record<string, typeof notifyTemplateId>;

const weekdays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

/** When the weekly digest goes, in UK time: the day of the week (1 Monday … 7 Sunday), hour and minute. */
export interface WeeklyTime {
  weekday: number;
  hour: number;
  minute: number;
}

/** WEEKLY_DIGEST_AT, like "monday 07:30" (UK time); unset or "off" leaves the schedule off. */
const weeklyDigestSchema = z
  .string()
  .optional()
  .transform((value, context): WeeklyTime | undefined => {
    const text = (value ?? '').trim().toLowerCase();
    if (text === '' || text === 'off') return undefined;
    const match = /^([a-z]+)\s+([01]?\d|2[0-3]):([0-5]\d)$/.exec(text);
    const weekday = match ? weekdays.indexOf(match[1] as (typeof weekdays)[number]) : -1;
    if (!match || weekday < 0) {
      context.addIssue({ code: 'custom', message: `WEEKLY_DIGEST_AT must be a day and a 24-hour UK time, like "monday 07:30", or "off" (not ${value})` });
      return z.NEVER;
    }
    return { weekday: weekday + 1, hour: Number(match[2]), minute: Number(match[3]) };
  });

const environmentSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    DATA_DIR: z.string().min(1).default('./data'),
    DATABASE_URL: z.string().url().optional(),
    SESSION_SECRET: z.string().optional(),
    SMTP_URL: z.string().url().optional(),
    MAIL_FROM: z.string().default('Residential Pathways <no-reply@residential-pathways.invalid>'),
    PUBLIC_URL: z.string().url().optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    SEED_DEMO: z.enum(['auto', 'never']).default('auto'),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(30_000),
    MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).optional(),
    TRUST_PROXY: trustProxySchema,
    NOTIFY_API_KEY: z
      .string()
      .trim()
      .optional()
      .transform((value) => value || undefined)
      .refine((value) => value === undefined || notifyApiKeyPattern.test(value), {
        message: 'NOTIFY_API_KEY must be a whole GOV.UK Notify API key: its name, the service ID and the secret, joined by hyphens',
      }),
    /** Where the Notify client sends requests; unset means GOV.UK Notify itself. Tests point it at a local fake. */
    NOTIFY_BASE_URL: z.string().url().optional(),
    ...notifyTemplateSchemas,
    WEEKLY_DIGEST_AT: weeklyDigestSchema,
    // The local authority that runs the service, named in the footer and page titles.
    OPERATOR_NAME: z.string().trim().min(1, 'OPERATOR_NAME must name the organisation that runs the service').max(120).default('Your local authority'),
  })
  .superRefine((env, context) => {
    if (env.WEEKLY_DIGEST_AT && !env.NOTIFY_API_KEY && !env.SMTP_URL) {
      context.addIssue({ code: 'custom', path: ['WEEKLY_DIGEST_AT'], message: 'WEEKLY_DIGEST_AT needs NOTIFY_API_KEY or SMTP_URL, so the digest can be e-mailed' });
    }
    if (env.NOTIFY_API_KEY) {
      for (const name of Object.values(notifyTemplateVariables)) {
        if (!(env as Record<string, unknown>)[name]) {
          context.addIssue({ code: 'custom', path: [name], message: `${name} must be set to a template ID from GOV.UK Notify, because NOTIFY_API_KEY is set` });
        }
      }
    }
    if (env.NODE_ENV !== 'production') return;
    if (!env.SESSION_SECRET || env.SESSION_SECRET.length < 32) {
      context.addIssue({
        code: 'custom',
        path: ['SESSION_SECRET'],
        message: 'SESSION_SECRET must be set to a random string of at least 32 characters in production',
      });
    }
    if (!env.PUBLIC_URL) {
      context.addIssue({
        code: 'custom',
        path: ['PUBLIC_URL'],
        message: 'PUBLIC_URL must be set in production (it is used in invitation links)',
      });
    }
  });

/** GOV.UK Notify, set up when NOTIFY_API_KEY is set: every template then has an ID. */
export interface NotifyConfig {
  apiKey: string;
  baseUrl: string | undefined;
  templates: Record<MessageTemplate, string>;
}

export interface AppConfig {
  environment: 'development' | 'test' | 'production';
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  sessionSecret: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  publicUrl: string | undefined;
  logLevel: string;
  seedDemo: boolean;
  /** PostgreSQL connections this process may hold at once. */
  databasePoolSize: number;
  /** A PostgreSQL statement running longer than this is cancelled (0: never). */
  databaseStatementTimeoutMs: number;
  /** Event loop delay above which requests are turned away with 503 (0: never). */
  maxEventLoopDelayMs: number;
  /** Which proxies may say who the client is, from TRUST_PROXY; by default none. */
  trustProxy: TrustProxy;
  /** The organisation that runs the service (a local authority), from OPERATOR_NAME. */
  operatorName: string;
  /** Cookies are marked Secure only in production, where the service is served over HTTPS. */
  secureCookies: boolean;
  /** Messages go through GOV.UK Notify when this is set; else SMTP when smtpUrl is; else they are shown on screen. */
  notify: NotifyConfig | undefined;
  /** When this process sends the weekly digest of overdue work; unset: only `npm run send-digest` does. */
  weeklyDigestAt: WeeklyTime | undefined;
}

export class ConfigError extends Error {}

const developmentSessionSecret = 'development-only-session-secret-not-for-production-use';

export function loadConfig(environment: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  - ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Residential Pathways cannot start because its configuration is wrong:\n${problems.join('\n')}`);
  }
  const env = parsed.data;
  return {
    environment: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    dataDir: path.resolve(env.DATA_DIR),
    databaseUrl: env.DATABASE_URL,
    sessionSecret: env.SESSION_SECRET ?? developmentSessionSecret,
    smtpUrl: env.SMTP_URL,
    mailFrom: env.MAIL_FROM,
    publicUrl: env.PUBLIC_URL,
    logLevel: env.LOG_LEVEL,
    seedDemo: env.NODE_ENV !== 'production' && env.SEED_DEMO === 'auto',
    databasePoolSize: env.DATABASE_POOL_SIZE,
    databaseStatementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
    // Shedding load is for a service under real traffic; on a laptop or in tests the embedded
    // database's long statements would trip it for nothing.
    maxEventLoopDelayMs: env.MAX_EVENT_LOOP_DELAY_MS ?? (env.NODE_ENV === 'production' ? 1_000 : 0),
    trustProxy: env.TRUST_PROXY,
    operatorName: env.OPERATOR_NAME,
    secureCookies: env.NODE_ENV === 'production',
    notify: env.NOTIFY_API_KEY
      ? {
          apiKey: env.NOTIFY_API_KEY,
          baseUrl: env.NOTIFY_BASE_URL,
          templates: Object.fromEntries(messageTemplates.map((template) => [template, (env as Record<string, unknown>)[notifyTemplateVariables[template]] as string])) as Record<MessageTemplate, string>,
        }
      : undefined,
    weeklyDigestAt: env.WEEKLY_DIGEST_AT,
  };
}

/** A configuration for in-process tests: no files, no network. */
export function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  // Uploads are kept under the data folder, so tests get one of their own outside the project.
  const dataDir = path.join(os.tmpdir(), `rp-test-data-${process.pid}`);
  return { ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir }), ...overrides };
}
