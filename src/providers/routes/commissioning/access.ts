import type { FastifyRequest } from 'fastify';
import { currentMembership, type MembershipSummary, requireRole, signedIn } from '../../../platform/auth/context.js';

export const view = (name: string) => `providers/views/commissioning/${name}.njk`;

export type Values = Record<string, unknown>;

export const readers = requireRole('lead_commissioner', 'contributor', 'viewer');
export const leadOnly = requireRole('lead_commissioner');

export function access(request: FastifyRequest): { membership: MembershipSummary; partnershipId: string; canManage: boolean; actor: { userId: string; requestId: string } } {
  const membership = currentMembership(request);
  return {
    membership,
    partnershipId: membership.partnershipId,
    canManage: membership.role === 'lead_commissioner',
    actor: { userId: signedIn(request).user.id, requestId: request.id },
  };
}
