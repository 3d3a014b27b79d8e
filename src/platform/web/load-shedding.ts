import fastifyUnderPressure from '@fastify/under-pressure';
import type { FastifyInstance } from 'fastify';

/** How long a person is asked to wait before trying again, in seconds. */
export const busyRetryAfterSeconds = 30;

export interface LoadSheddingOptions {
  /** Event loop delay, in milliseconds, above which new requests are turned away. */
  maxEventLoopDelayMs: number;
}

/**
 * Turns requests away with 503 and Retry-After while the process is overloaded, rather than
 * queueing them without bound until every one of them is too late.
 */
export async function shedLoad(app: FastifyInstance, { maxEventLoopDelayMs }: LoadSheddingOptions): Promise<void> {
  await app.register(fastifyUnderPressure, {
    maxEventLoopDelay: maxEventLoopDelayMs,
    retryAfter: busyRetryAfterSeconds,
    pressureHandler: (request, reply, type, value) => {
      request.log.warn({ type, value }, 'turned a request away while the service is overloaded');
      reply.code(503).header('retry-after', String(busyRetryAfterSeconds)).header('cache-control', 'no-store');
      reply.render('platform/web/views/busy.njk', { pageTitle: 'Sorry, the service is busy' });
    },
  });
}
