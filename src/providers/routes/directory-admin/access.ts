import type { FastifyRequest } from 'fastify';
import { requireAdmin, requireProviderOrAdmin, signedIn } from '../../../platform/auth/context.js';
import type { Actor } from '../../../platform/values/outcome.js';

export const view = (name: string) => `providers/views/directory/${name}.njk`;

export type Values = Record<string, unknown>;

export const adminOnly = requireAdmin();
export const providerOrAdmin = requireProviderOrAdmin();

export const actorOf = (request: FastifyRequest): Actor => ({ userId: signedIn(request).user.id, requestId: request.id });
export const params = (request: FastifyRequest) => request.params as Values;
