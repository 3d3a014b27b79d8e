import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { searchServices } from '../../providers/index.js';
import { positionCursor, readPositionCursor } from '../paging-rules.js';
import { serviceOut } from '../presenters.js';
import { sendProblem } from '../problems.js';
import { problemResponses, serviceListQuery, serviceListSchema } from '../schemas.js';
import type { ApiServices } from './services.js';

export function directoryRoutes({ db }: ApiServices): FastifyPluginAsync {
  return async (plain) => {
    const api = plain.withTypeProvider<ZodTypeProvider>();
    api.get(
      '/services',
      {
        // The directory is shared by every partnership, so any working token may read it.
        config: { apiScope: 'any' },
        schema: {
          operationId: 'listServices',
          summary: 'Residential services in the shared directory, by name',
          tags: ['Directory'],
          security: [{ bearerToken: [] }],
          querystring: serviceListQuery,
          response: { 200: serviceListSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        const { kind, region, cursor, limit } = request.query;
        const position = cursor ? readPositionCursor(cursor) : { offset: 0 };
        if (!position) return sendProblem(reply, 'invalid-request', { errors: [{ field: 'querystring.cursor', detail: 'is not a cursor this API gave' }] });
        const { rows, total } = await searchServices(db, { kind, region }, { sort: 'name', limit, offset: position.offset });
        const next = position.offset + rows.length;
        return { services: rows.map(serviceOut), total, nextCursor: rows.length && next < total ? positionCursor({ offset: next }) : null };
      },
    );
  };
}
