import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { currentMembership, type MembershipSummary, signedIn } from '../platform/auth/context.js';
import type { Database } from '../platform/db/schema.js';
import { notFound } from '../platform/web/errors.js';
import { recordId } from '../platform/web/errors.js';
import { findRound, type Round } from './repository.js';

export interface RoundAccess {
  membership: MembershipSummary;
  userId: string;
  round: Round;
}

/**
 * The round named in the address, if it belongs to the person's current partnership and their
 * role may see it. Drafts are only for the lead commissioner. Anything else is "not found".
 */
export async function roundForRequest(db: Kysely<Database>, request: FastifyRequest): Promise<RoundAccess> {
  const membership = currentMembership(request);
  const roundId = recordId((request.params as Record<string, unknown>).roundId);
  const round = await findRound(db, membership.partnershipId, roundId);
  if (!round) throw notFound();
  if (round.status === 'draft' && membership.role !== 'lead_commissioner') throw notFound();
  return { membership, userId: signedIn(request).user.id, round };
}
