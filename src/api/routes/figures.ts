import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { pathwayFigures } from '../../insight/index.js';
import { figuresOut } from '../figures.js';
import { sendProblem } from '../problems.js';
import { figuresQuery, figuresSchema, problemResponses } from '../schemas.js';
import type { ApiServices } from './services.js';

export function figuresRoutes({ db, now }: ApiServices): FastifyPluginAsync {
  return async (plain) => {
    const api = plain.withTypeProvider<ZodTypeProvider>();
    api.get(
      '/figures',
      {
        config: { apiScope: 'figures:read' },
        schema: {
          operationId: 'getFigures',
          summary: 'The partnership’s pathway figures for a period',
          description: 'Counted by the database, for everyone and by each equality group. Counts of 1 to 4 are hidden, and rates built on them withheld, because these figures leave the partnership.',
          tags: ['Figures'],
          security: [{ bearerToken: [] }],
          querystring: figuresQuery,
          response: { 200: figuresSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        const { from, to, basis } = request.query;
        if (from > to) return sendProblem(reply, 'invalid-request', { errors: [{ field: 'querystring.to', detail: 'must be the same as or after from' }] });
        const groups = await pathwayFigures(db, request.apiCaller!.partnershipId, { from, to, basis, unit: 'year', now: now() });
        return figuresOut(groups, { from, to, basis });
      },
    );
  };
}
