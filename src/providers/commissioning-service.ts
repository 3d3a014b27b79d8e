import type { Kysely } from 'kysely';
import { recordAudit } from '../platform/audit/audit.js';
import type { Database } from '../platform/db/schema.js';
import { type Actor, conflictMessage, type Outcome } from '../platform/values/outcome.js';
import * as repository from './commissioning-repository.js';
import {
  alertCounts,
  type CommissioningAlertCounts,
  type DatedReview,
  isContractEndingSoon,
  isContractReviewOverdue,
  isOnPreferredList,
  isPreferredReviewDue,
  latestReview,
  preferredReviewDueOn,
} from './commissioning-rules.js';
import { contractTypeLabels, preferredDecisionTags } from './labels.js';

/**
 * What a partnership adds about a service: contracts, its preferred-provider list and reviews,
 * and local notes. Readers gather it for pages; every write is one transaction with its audit entry.
 */

const short = (text: string, length = 80) => (text.length > length ? `${text.slice(0, length - 1)}…` : text);
const serviceName = (service: { name?: string; service_name?: string; provider_name: string }) => `${service.name ?? service.service_name} (${service.provider_name})`;

export const serviceProblem = 'Select a service from the list';

// Reading ----------------------------------------------------------------------------------------

/** The partnership's contracts, each with its flags. */
export async function contractsWithFlags(db: Kysely<Database>, partnershipId: string, today: string, serviceId?: string) {
  const contracts = await repository.listContracts(db, partnershipId, serviceId);
  return contracts.map((contract) => ({
    ...contract,
    reviewOverdue: isContractReviewOverdue(contract, today),
    endingSoon: isContractEndingSoon(contract, today),
  }));
}

export type FlaggedContract = Awaited<ReturnType<typeof contractsWithFlags>>[number];

/** Where a preferred entry stands, from its latest review (null when never reviewed). */
export function preferredStatus<T extends DatedReview>(latest: T | null, today: string) {
  return { latest, onList: isOnPreferredList(latest), reviewDue: isPreferredReviewDue(latest, today), reviewDueOn: preferredReviewDueOn(latest) };
}

/** Each service the partnership has put on its list, with its latest review and whether it is on the list now and due for review. */
export async function preferredWithStatus(db: Kysely<Database>, partnershipId: string, today: string) {
  const [entries, reviews] = await Promise.all([repository.listPreferred(db, partnershipId), repository.partnershipReviews(db, partnershipId)]);
  const byEntry = new Map<string, typeof reviews>();
  for (const review of reviews) byEntry.set(review.preferred_service_id, [...(byEntry.get(review.preferred_service_id) ?? []), review]);
  return entries.map((entry) => {
    const entryReviews = byEntry.get(entry.id) ?? [];
    return { ...entry, reviewCount: entryReviews.length, ...preferredStatus(latestReview(entryReviews), today) };
  });
}

export type PreferredWithStatus = Awaited<ReturnType<typeof preferredWithStatus>>[number];

/**
 * The counts for the home page: contracts whose review is overdue, contracts ending within
 * 90 days, and services on the preferred list due for review. Only for roles that may read
 * commissioning (not peer reviewers).
 */
export async function commissioningAlerts(db: Kysely<Database>, partnershipId: string, today: string): Promise<CommissioningAlertCounts> {
  const { contracts, latestReviews } = await repository.alertDates(db, partnershipId);
  return alertCounts(contracts, latestReviews, today);
}

/** Everything this partnership has about one service: contracts, preferred status with latest review, and notes. */
export async function serviceCommissioning(db: Kysely<Database>, partnershipId: string, serviceId: string, today: string) {
  const [contracts, entry, notes] = await Promise.all([
    contractsWithFlags(db, partnershipId, today, serviceId),
    repository.findPreferredByService(db, partnershipId, serviceId),
    repository.listNotes(db, partnershipId, serviceId),
  ]);
  const latest = entry ? latestReview(await repository.listReviews(db, partnershipId, entry.id)) : null;
  return {
    contracts,
    preferred: entry ? { ...entry, ...preferredStatus(latest, today) } : null,
    notes,
  };
}

// Writing ----------------------------------------------------------------------------------------

export function createCommissioningService({ db, now }: { db: Kysely<Database>; now: () => Date }) {
  // Contracts ----------------------------------------------------------------------------------

  async function createContract(partnershipId: string, actor: Actor, details: repository.ContractDetails): Promise<Outcome<{ contractId: string }>> {
    return db.transaction().execute(async (trx) => {
      const service = await repository.findService(trx, details.serviceId);
      if (!service) return { ok: false as const, field: 'serviceId', problem: serviceProblem };
      const created = await repository.insertContract(trx, partnershipId, { ...details, createdBy: actor.userId }, now());
      await recordAudit(trx, {
        partnershipId,
        actorUserId: actor.userId,
        action: 'contract_created',
        recordType: 'contract',
        recordId: created.id,
        summary: `Added a ${contractTypeLabels[details.contractType].toLowerCase()} with ${serviceName(service)}, ${details.startsOn} to ${details.endsOn}${details.reference ? `, reference ${short(details.reference, 40)}` : ''}`,
        requestId: actor.requestId,
      });
      return { ok: true as const, contractId: created.id };
    });
  }

  async function updateContract(partnershipId: string, actor: Actor, contractId: string, expectedVersion: number, details: repository.ContractDetails): Promise<Outcome> {
    return db.transaction().execute(async (trx) => {
      const service = await repository.findService(trx, details.serviceId);
      if (!service) return { ok: false as const, field: 'serviceId', problem: serviceProblem };
      if (!(await repository.updateContract(trx, partnershipId, contractId, expectedVersion, details, now()))) {
        return { ok: false as const, field: 'serviceId', problem: conflictMessage() };
      }
      await recordAudit(trx, {
        partnershipId,
        actorUserId: actor.userId,
        action: 'contract_updated',
        recordType: 'contract',
        recordId: contractId,
        summary: `Changed the ${contractTypeLabels[details.contractType].toLowerCase()} with ${serviceName(service)}, ${details.startsOn} to ${details.endsOn}`,
        requestId: actor.requestId,
      });
      return { ok: true as const };
    });
  }

  async function deleteContract(partnershipId: string, actor: Actor, contractId: string, expectedVersion: number): Promise<Outcome> {
    return db.transaction().execute(async (trx) => {
      const contract = await repository.findContract(trx, partnershipId, contractId);
      if (!contract || !(await repository.deleteContract(trx, partnershipId, contractId, expectedVersion))) {
        return { ok: false as const, field: 'delete', problem: conflictMessage() };
      }
      await recordAudit(trx, {
        partnershipId,
        actorUserId: actor.userId,
        action: 'contract_deleted',
        recordType: 'contract',
        recordId: contractId,
        summary: `Deleted the ${contractTypeLabels[contract.contract_type].toLowerCase()} with ${serviceName(contract)}, ${contract.starts_on} to ${contract.ends_on}`,
        requestId: actor.requestId,
      });
      return { ok: true as const };
    });
  }

  // Preferred-provider list --------------------------------------------------------------------

  async function addPreferred(partnershipId: string, actor: Actor, serviceId: string, addedOn: string): Promise<Outcome<{ preferredId: string }>> {
    return db.transaction().execute(async (trx) => {
      const service = await repository.findService(trx, serviceId);
      if (!service) return { ok: false as const, field: 'serviceId', problem: serviceProblem };
      const existing = await repository.findPreferredByService(trx, partnershipId, serviceId);
      if (existing) {
        const latest = latestReview(await repository.listReviews(trx, partnershipId, existing.id));
        return {
          ok: false as const,
          field: 'serviceId',
          problem: isOnPreferredList(latest)
            ? `${service.name} is already on the preferred provider list`
            : `${service.name} was taken off the list after a review. To put it back, record a new review of it and decide to keep it`,
        };
      }
      const created = await repository.insertPreferred(trx, partnershipId, { serviceId, addedOn, createdBy: actor.userId }, now());
      if (!created) return { ok: false as const, field: 'serviceId', problem: `${service.name} is already on the preferred provider list` };
      await recordAudit(trx, {
        partnershipId,
        actorUserId: actor.userId,
        action: 'preferred_service_added',
        recordType: 'preferred_service',
        recordId: created.id,
        summary: `Added ${serviceName(service)} to the preferred provider list`,
        requestId: actor.requestId,
      });
      return { ok: true as const, preferredId: created.id };
    });
  }

  async function removePreferred(partnershipId: string, actor: Actor, preferredId: string, expectedVersion: number): Promise<Outcome> {
    return db.transaction().execute(async (trx) => {
      const entry = await repository.findPreferred(trx, partnershipId, preferredId);
      const reviews = entry ? await repository.listReviews(trx, partnershipId, preferredId) : [];
      if (!entry || !(await repository.deletePreferred(trx, partnershipId, preferredId, expectedVersion))) {
        return { ok: false as const, field: 'delete', problem: conflictMessage() };
      }
      await recordAudit(trx, {
        partnershipId,
        actorUserId: actor.userId,
        action: 'preferred_service_removed',
        recordType: 'preferred_service',
        recordId: preferredId,
        summary: `Removed ${serviceName(entry)} from the preferred provider list${reviews.length ? `, deleting its ${reviews.length} review record${reviews.length === 1 ? '' : 's'}` : ''}`,
        requestId: actor.requestId,
      });
      return { ok: true as const };
    });
  }

  async function addReview(partnershipId: string, actor: Actor, preferredId: string, details: repository.ReviewDetails): Promise<Outcome<{ reviewId: string; onList: boolean }>> {
    return db.transaction().execute(async (trx) => {
      const entry = await repository.findPreferred(trx, partnershipId, preferredId);
      if (!entry || !(await repository.claimPreferred(trx, partnershipId, preferredId, null))) {
        return { ok: false as const, field: 'reviewedOn', problem: 'This service has been removed from the preferred provider list' };
      }
      const created = await repository.insertReview(trx, partnershipId, { ...details, preferredId, createdBy: actor.userId }, now());
      const latest = latestReview(await repository.listReviews(trx, partnershipId, preferredId));
      const onList = isOnPreferredList(latest);
      await recordAudit(trx, {
        partnershipId,
        actorUserId: actor.userId,
        action: 'preferred_service_reviewed',
        recordType: 'preferred_service_review',
        recordId: created.id,
        summary: `Recorded the review of ${serviceName(entry)} on ${details.reviewedOn}: ${preferredDecisionTags[details.decision].text.toLowerCase()}${onList ? '' : '; it is now off the preferred provider list'}`,
        requestId: actor.requestId,
      });
      return { ok: true as const, reviewId: created.id, onList };
    });
  }

  async function deleteReview(partnershipId: string, actor: Actor, preferredId: string, reviewId: string): Promise<Outcome> {
    return db.transaction().execute(async (trx) => {
      const entry = await repository.findPreferred(trx, partnershipId, preferredId);
      const review = await repository.findReview(trx, partnershipId, reviewId);
      if (!entry || !review || review.preferred_service_id !== preferredId || !(await repository.deleteReview(trx, partnershipId, preferredId, reviewId))) {
        return { ok: false as const, field: 'delete', problem: 'This review has already been deleted' };
      }
      await repository.claimPreferred(trx, partnershipId, preferredId, null);
      await recordAudit(trx, {
        partnershipId,
        actorUserId: actor.userId,
        action: 'preferred_service_review_deleted',
        recordType: 'preferred_service_review',
        recordId: reviewId,
        summary: `Deleted the review of ${serviceName(entry)} on ${review.reviewed_on} (${preferredDecisionTags[review.decision].text.toLowerCase()})`,
        requestId: actor.requestId,
      });
      return { ok: true as const };
    });
  }

  // Local notes --------------------------------------------------------------------------------

  async function addNote(partnershipId: string, actor: Actor, serviceId: string, note: string): Promise<Outcome<{ noteId: string }>> {
    return db.transaction().execute(async (trx) => {
      const service = await repository.findService(trx, serviceId);
      if (!service) return { ok: false as const, field: 'note', problem: 'This service is no longer in the directory' };
      const created = await repository.insertNote(trx, partnershipId, { serviceId, note, createdBy: actor.userId }, now());
      await recordAudit(trx, {
        partnershipId,
        actorUserId: actor.userId,
        action: 'service_note_added',
        recordType: 'service_note',
        recordId: created.id,
        summary: `Added a note about ${serviceName(service)}: “${short(note)}”`,
        requestId: actor.requestId,
      });
      return { ok: true as const, noteId: created.id };
    });
  }

  async function deleteNote(partnershipId: string, actor: Actor, noteId: string): Promise<Outcome> {
    return db.transaction().execute(async (trx) => {
      const note = await repository.findNote(trx, partnershipId, noteId);
      const service = note ? await repository.findService(trx, note.service_id) : undefined;
      if (!note || !(await repository.deleteNote(trx, partnershipId, noteId))) {
        return { ok: false as const, field: 'delete', problem: 'This note has already been deleted' };
      }
      await recordAudit(trx, {
        partnershipId,
        actorUserId: actor.userId,
        action: 'service_note_deleted',
        recordType: 'service_note',
        recordId: noteId,
        summary: `Deleted a note about ${service ? serviceName(service) : 'a service'}: “${short(note.note)}”`,
        requestId: actor.requestId,
      });
      return { ok: true as const };
    });
  }

  return { createContract, updateContract, deleteContract, addPreferred, removePreferred, addReview, deleteReview, addNote, deleteNote };
}

export type CommissioningService = ReturnType<typeof createCommissioningService>;
