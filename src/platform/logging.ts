import type { FastifyServerOptions } from 'fastify';
import type { AppConfig } from '../config.js';

/** Invitation links carry a secret; keep it out of the logs. */
export function redactUrl(url: string): string {
  return url.replace(/\/invitations\/[^/?#]+/, '/invitations/[redacted]');
}

/**
 * Log lines carry the request id (Fastify adds reqId) and never personal data: no IP
 * addresses, no form bodies, no email addresses, no invitation tokens.
 */
export function loggerOptions(config: AppConfig): FastifyServerOptions['logger'] {
  return {
    level: config.logLevel,
    redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'], remove: true },
    serializers: {
      req: (request: { method: string; url: string; id: string }) => ({ method: request.method, url: redactUrl(request.url) }),
      res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
    },
  };
}
