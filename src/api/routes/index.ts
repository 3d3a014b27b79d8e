import fastifyRateLimit from '@fastify/rate-limit';
import fastifyUnderPressure from '@fastify/under-pressure';
import fastifySwagger from '@fastify/swagger';
import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { ApiScope } from '../../platform/db/schema.js';
import { busyRetryAfterSeconds } from '../../platform/web/load-shedding.js';
import { problemKinds, sendProblem } from '../problems.js';
import { bearerToken, hashApiToken, hasScope } from '../token-rules.js';
import type { ApiCaller } from '../token-service.js';
import { directoryRoutes } from './directory.js';
import { apiRequestsPerMinute } from './limits.js';
import { figuresRoutes } from './figures.js';
import { referenceRoutes } from './reference.js';
import { referralRoutes } from './referrals.js';
import type { ApiServices } from './services.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The scope an API operation needs; `any` for any working token; unset for public addresses (the document, the reference). */
    apiScope?: ApiScope | 'any';
  }
  interface FastifyRequest {
    apiCaller: ApiCaller | null;
  }
}

/**
 * The JSON API, under /api/v1, in its own encapsulated context beside the pages: no session,
 * no cookies, no CSRF check (a token in the Authorization header is not sent by a browser on
 * its own, so there is nothing to forge), errors as problem details, and the OpenAPI document
 * made from the same zod schemas the routes validate with.
 */
export function apiRoutes(services: ApiServices, options: { maxEventLoopDelayMs: number }): FastifyPluginAsync {
  return async (api) => {
    api.setValidatorCompiler(validatorCompiler);
    api.setSerializerCompiler(serializerCompiler);
    api.decorateRequest('apiCaller', null);

    await api.register(fastifySwagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Residential Pathways API',
          version: '1.0.0',
          description:
            'Read a partnership’s pseudonymised referrals, their timelines, its disclosure-controlled figures and the shared directory, and record stage changes from a case system under the same rules as the referral pages.',
        },
        servers: [{ url: '/' }],
        components: { securitySchemes: { bearerToken: { type: 'http', scheme: 'bearer', description: 'An API token made by the partnership’s lead commissioner' } } },
      },
      transform: jsonSchemaTransform,
      transformObject: jsonSchemaTransformObject,
    });

    // As the pages do: turned away at once while the process is overloaded, here as a problem.
    if (options.maxEventLoopDelayMs > 0) {
      await api.register(fastifyUnderPressure, {
        maxEventLoopDelay: options.maxEventLoopDelayMs,
        retryAfter: busyRetryAfterSeconds,
        pressureHandler: (request, reply, type, value) => {
          request.log.warn({ type, value }, 'turned an API request away while the service is overloaded');
          reply.header('retry-after', String(busyRetryAfterSeconds));
          void sendProblem(reply, 'busy');
        },
      });
    }

    // Rate limiting comes first, before any token is looked up: by token when one is sent, otherwise by address.
    await api.register(fastifyRateLimit, { global: false });
    api.addHook(
      'onRequest',
      api.rateLimit({
        max: apiRequestsPerMinute,
        timeWindow: 60_000,
        keyGenerator: (request) => {
          const token = bearerToken(request.headers.authorization);
          return token ? `token:${hashApiToken(token)}` : `address:${request.ip}`;
        },
        errorResponseBuilder: (_request, context) => ({ statusCode: 429, message: `Try again in ${context.after}` }),
      }),
    );

    api.addHook('onRequest', async (request, reply) => {
      const scope = request.routeOptions.config.apiScope;
      if (!scope) return;
      const result = await services.apiTokens.authenticate(request.headers.authorization);
      if (!result.ok) {
        request.log.info({ reason: result.reason }, 'refused an API request');
        if (result.known) {
          await services.apiTokens.recordRefusal(result.known, { method: request.method, route: auditedUrl(request), reason: result.reason, requestId: request.id });
        }
        const detail = { missing: 'Send an API token in the Authorization header: Bearer <token>.', unknown: 'This token is not known.', expired: 'This token has expired.', revoked: 'This token has been revoked.' }[result.reason];
        return sendProblem(reply, 'unauthorised', { detail });
      }
      request.apiCaller = result.caller;
      if (scope !== 'any' && !hasScope(result.caller, scope)) {
        return sendProblem(reply, 'forbidden', { detail: `This operation needs the scope ${scope}.` });
      }
    });

    // Every use of a token is audited once its answer is known, before the answer is sent.
    api.addHook('onSend', async (request, reply, payload) => {
      if (request.apiCaller) {
        await services.apiTokens.recordUse(request.apiCaller, { method: request.method, route: auditedUrl(request), statusCode: reply.statusCode, requestId: request.id });
      }
      return payload;
    });

    api.setErrorHandler(async (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      if (hasZodFastifySchemaValidationErrors(error)) {
        const where = error.validationContext ?? 'request';
        const errors = error.validation.map((issue) => ({
          field: `${where}${issue.instancePath ? issue.instancePath.replace(/\//g, '.') : ''}`,
          detail: issue.message ?? 'is not allowed',
        }));
        return sendProblem(reply, 'invalid-request', { detail: `The ${where} does not fit this operation.`, errors });
      }
      const status = error.statusCode ?? 500;
      if (status === 429) return sendProblem(reply, 'too-many-requests', { detail: error.message });
      if (status === 415) return sendProblem(reply, 'unsupported-media-type');
      if (status === 404) return sendProblem(reply, 'not-found');
      if (status >= 400 && status < 500) {
        request.log.info({ statusCode: status, code: error.code }, 'refused a bad API request');
        return sendProblem(reply, 'invalid-request', { detail: status === 413 ? 'The body is too large.' : 'The request could not be read.' });
      }
      request.log.error({ err: error }, 'unexpected error in the API');
      return sendProblem(reply, 'server-error');
    });
    api.setNotFoundHandler(async (_request, reply) => sendProblem(reply, 'not-found'));

    await api.register(referenceRoutes(problemKinds));
    await api.register(referralRoutes(services));
    await api.register(figuresRoutes(services));
    await api.register(directoryRoutes(services));
  };
}

/** The address asked for, for the audit trail: the path only, never a body. */
function auditedUrl(request: FastifyRequest): string {
  return request.url.split('?')[0]?.slice(0, 300) ?? '';
}
