import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { currentMembership, signedIn } from '../../platform/auth/context.js';
import type { Database, Role } from '../../platform/db/schema.js';
import { notFound, recordId } from '../../platform/web/errors.js';
import type { FormErrors } from '../../platform/web/forms.js';
import { dateFieldNames, errorsInOrder } from '../forms.js';
import * as repository from '../repository.js';
import type { Problem } from '../rules/referral-state.js';
import { flags } from '../rules/safety-flags.js';
import type { Outcome } from '../service.js';

/** What the referral record's routes and the stage forms both need: finding the record, and turning the service's answers into a page. */

export const view = (name: string) => `pathway/views/referrals/${name}.njk`;

/** The roles that change a referral; everyone else with access only reads it. */
export const moverRoles: readonly Role[] = ['lead_commissioner', 'pathway_staff'];

type Values = Record<string, unknown>;

/** [field, message] pairs from the service as GOV.UK errors, in the form's order. */
export function problemsAsErrors(problems: Problem[], order: readonly string[]): FormErrors {
  return errorsInOrder(problems, order, dateFieldNames);
}

/** Who is asking, and for which referral (the id in the address). */
function referralAsked(request: FastifyRequest) {
  const membership = currentMembership(request);
  return { membership, referralId: recordId((request.params as Values).referralId) };
}

function loaded(request: FastifyRequest, membership: ReturnType<typeof currentMembership>, referral: repository.Referral) {
  return { membership, userId: signedIn(request).user.id, referral, canMove: moverRoles.includes(membership.role) };
}

/** The referral in the address, if it belongs to the person's current partnership. */
export async function loadReferral(db: Kysely<Database>, request: FastifyRequest) {
  const { membership, referralId } = referralAsked(request);
  const referral = await repository.findReferral(db, membership.partnershipId, referralId);
  if (!referral) throw notFound();
  return loaded(request, membership, referral);
}

/** The referral in the address with everything its record lists, in one statement (for showing the record). */
export async function loadReferralRecord(db: Kysely<Database>, request: FastifyRequest) {
  const { membership, referralId } = referralAsked(request);
  const record = await repository.findReferralRecord(db, membership.partnershipId, referralId);
  if (!record) throw notFound();
  return { ...loaded(request, membership, record.referral), lists: record.lists };
}

export type LoadedReferral = Awaited<ReturnType<typeof loadReferral>>;

export const actorOf = (loaded: { userId: string }, request: FastifyRequest) => ({ userId: loaded.userId, requestId: request.id });

/** Throws "not found" for an outcome about a record that is not there (or not this partnership's). */
export function found<T>(outcome: Outcome<T>): Exclude<Outcome<T>, { reason: 'not_found' }> {
  if (!outcome.ok && outcome.reason === 'not_found') throw notFound();
  return outcome as Exclude<Outcome<T>, { reason: 'not_found' }>;
}

/** The referral's safety flags now, with the partnership's funding decision target. */
export async function referralFlags(db: Kysely<Database>, partnershipId: string, referral: repository.Referral, now: Date) {
  const target = referral.decision_target_days ?? (await repository.fundingDecisionTargetDays(db, partnershipId));
  return flags(referral, now, { fundingDecisionTargetDays: target });
}
