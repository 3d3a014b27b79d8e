import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySession from '@fastify/session';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { createRequire } from 'node:module';
import type { AppConfig } from '../../config.js';
import { authContextHook } from '../auth/context.js';
import { roleLabel } from '../auth/roles.js';
import { ukToday } from '../values/calendar.js';
import { DatabaseSessionStore, sessionExpiryDue, sessionIdleTimeoutMs } from '../auth/session-store.js';
import type { Database } from '../db/schema.js';
import { projectRoot } from '../paths.js';
import { serveAssetsFromMemory } from './assets.js';
import { assetSourceRoots, builtAssets } from './assets-build.js';
import { HttpError } from './errors.js';
import { shedLoad } from './load-shedding.js';
import { type NavigationContribution, navigationItems } from './navigation.js';
import { compileAllTemplates, createTemplateEngine, govukTemplateScriptHash } from './nunjucks.js';

declare module 'fastify' {
  interface FastifyReply {
    /** Renders a page inside the service layout, with the signed-in person's context. */
    render(template: string, context?: Record<string, unknown>): FastifyReply;
  }
}

const packageVersion = (JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;
const govukVersion = (createRequire(import.meta.url)('govuk-frontend/package.json') as { version: string }).version;
const assetVersion = crypto.createHash('sha256').update(`${packageVersion}:${govukVersion}`).digest('hex').slice(0, 10);

export interface WebSetupOptions {
  config: AppConfig;
  /** The app's clock, for the year in example dates and references. */
  now?: () => Date;
  db: Kysely<Database>;
  /** Each capability's links for the service navigation. */
  navigation: readonly NavigationContribution[];
  /** Registers the capabilities' pages, inside the context that knows who is signed in. */
  pages: (site: FastifyInstance) => Promise<void>;
}

/**
 * The security headers for everything; then the static files, in the root context where no
 * session, sign-in or form check runs (an asset costs no database query); then every page, in
 * one encapsulated context with sessions, the signed-in person, CSRF checks and the layout.
 */
export async function setupWeb(app: FastifyInstance, { config, db, navigation, pages, now = () => new Date() }: WebSetupOptions): Promise<void> {
  const production = config.environment === 'production';

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", govukTemplateScriptHash()],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
        ...(production ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
  });

  // The layout and the error pages are known everywhere, so that a missing asset or a failure
  // outside the pages still gets a proper page.
  const templates = createTemplateEngine({ operatorName: config.operatorName });
  if (production) {
    // Once the service listens, every template is compiled in the background, so no visitor waits for one.
    app.addHook('onListen', async () => {
      void compileAllTemplates(templates).then(
        (count) => app.log.info({ count }, 'compiled the page templates'),
        (error: unknown) => app.log.error({ err: error }, 'could not compile a page template'),
      );
    });
  }
  app.decorateRequest('auth', null);
  app.decorateReply('render', function render(this: FastifyReply, template: string, context: Record<string, unknown> = {}) {
    const request = this.request;
    const auth = request.auth;
    const session = request.session;
    const flash = session?.flash;
    if (flash) session.flash = undefined;
    const problem = session?.problem;
    if (problem) session.problem = undefined;
    const reply = this;
    const html = templates.render(template, {
      assetVersion,
      // Examples in hints ("For example, 23 11 2026") use this year, so they never look out of date.
      exampleYear: Number(ukToday(now()).slice(0, 4)),
      currentUser: auth?.user,
      currentPartnership: auth?.current ? { id: auth.current.partnershipId, name: auth.current.partnershipName } : null,
      currentRole: auth?.current?.role,
      currentRoleLabel: auth?.current ? roleLabel(auth.current.role) : null,
      membershipCount: auth?.memberships.length ?? 0,
      navigationItems: navigationItems(navigation, auth, request.url),
      flash,
      // A function, so that only pages with forms give the visitor a session.
      csrfToken: () => reply.generateCsrf(),
      ...(problem ? { errors: { fields: {}, summary: [{ text: problem, href: '#main-content' }] } } : {}),
      ...context,
    });
    return this.type('text/html; charset=utf-8').send(html);
  });

  app.setErrorHandler(async (error: FastifyError | HttpError, request: FastifyRequest, reply: FastifyReply) => {
    const statusCode = error.statusCode ?? 500;
    if (statusCode === 401) return reply.redirect('/sign-in');
    if (statusCode === 404) {
      return reply.code(404).render('platform/web/views/not-found.njk', { pageTitle: 'Page not found' });
    }
    const code = 'code' in error ? error.code : undefined;
    if (typeof code === 'string' && code.startsWith('FST_CSRF')) {
      request.log.warn({ code }, 'refused a form without a valid security token');
      return reply.code(403).render('platform/web/views/form-expired.njk', { pageTitle: 'Your form could not be sent' });
    }
    if (statusCode === 403) {
      return reply.code(403).render('platform/web/views/forbidden.njk', { pageTitle: 'You do not have permission to see this page' });
    }
    if (statusCode === 429) {
      return reply.code(429).render('platform/web/views/too-many-requests.njk', { pageTitle: 'Too many attempts' });
    }
    if (statusCode >= 400 && statusCode < 500) {
      request.log.info({ statusCode, code }, 'refused a bad request');
      return reply.code(statusCode).render('platform/web/views/bad-request.njk', { pageTitle: 'There is a problem with your request' });
    }
    request.log.error({ err: error }, 'unexpected error');
    return reply.code(500).render('platform/web/views/server-error.njk', { pageTitle: 'Sorry, there is a problem with the service' });
  });

  await serveAssets(app);
  await app.register(async (site) => {
    await setupPages(site, { config, db });
    await pages(site);
  });
}

async function serveAssets(app: FastifyInstance): Promise<void> {
  const built = builtAssets();
  // Under tsx and in tests the files come from their sources, so a change shows at once.
  await serveAssetsFromMemory(app, { roots: built ? [built] : assetSourceRoots, precompressed: Boolean(built) });
}

async function setupPages(app: FastifyInstance, { config, db }: Pick<WebSetupOptions, 'config' | 'db'>): Promise<void> {
  await app.register(fastifyFormbody);
  await app.register(fastifyCookie);
  const sessions = new DatabaseSessionStore(db);
  await app.register(fastifySession, {
    secret: config.sessionSecret,
    cookieName: 'rp_session',
    store: sessions,
    saveUninitialized: false,
    // Written back only when it changes; the expiry moves on every few minutes (below), not on every request.
    rolling: false,
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: config.secureCookies,
      path: '/',
      maxAge: sessionIdleTimeoutMs,
    },
  });
  await app.register(fastifyCsrf, { sessionPlugin: '@fastify/session' });
  await app.register(fastifyRateLimit, { global: false });

  app.addHook('onRequest', async (request) => {
    const session = request.session;
    const lastWritten = session?.extendedAt ?? session?.signedInAt;
    // Changing the session saves it, with the expiry worked out from now.
    if (session?.userId && lastWritten && sessionExpiryDue(lastWritten, Date.now())) session.extendedAt = Date.now();
  });
  // Who is signed in is known before any body is read, so guards can refuse an upload unread.
  app.addHook('onRequest', authContextHook(db, sessions));
  // Every state-changing request must carry the token from a form this service rendered.
  app.addHook('preHandler', async (request, reply) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(request.method)) return;
    await new Promise<void>((resolve, reject) => {
      app.csrfProtection(request, reply, (error?: Error) => (error ? reject(error) : resolve()));
    });
  });

  if (config.maxEventLoopDelayMs > 0) await shedLoad(app, { maxEventLoopDelayMs: config.maxEventLoopDelayMs });

  // Set here, with the session, so a signed-in person's missing page keeps their navigation; it serves every address.
  app.setNotFoundHandler(async (request, reply) => {
    return reply.code(404).render('platform/web/views/not-found.njk', { pageTitle: 'Page not found' });
  });
}
