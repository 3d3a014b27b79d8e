import type { Kysely } from 'kysely';
import { recordAudit } from '../platform/audit/audit.js';
import type { Database } from '../platform/db/schema.js';
import { type Actor, conflictMessage, type Outcome } from '../platform/values/outcome.js';
import * as beds from './bed-repository.js';
import * as directory from './directory-repository.js';

/**
 * Keeping a service's live bed figure: one change, one transaction, one audit entry. Only an
 * account of the provider that runs the service may change it (checked again here, not only by
 * the route).
 */
export function createBedService({ db, now }: { db: Kysely<Database>; now: () => Date }) {
  async function updateAvailability(
    actor: Actor,
    providerIds: readonly string[],
    serviceId: string,
    expectedVersion: number | null,
    details: beds.BedAvailabilityDetails,
  ): Promise<Outcome> {
    return db.transaction().execute(async (trx) => {
      const service = await directory.findService(trx, serviceId);
      if (!service || !providerIds.includes(service.provider_id)) return { ok: false as const, field: 'bedsAvailable', problem: 'You cannot change this service' };
      if (!(await beds.saveBedAvailability(trx, serviceId, expectedVersion, details, { userId: actor.userId, now: now() }))) {
        return { ok: false as const, field: 'bedsAvailable', problem: conflictMessage('the beds for this service', 'The figures saved now are shown below: check them and save yours again.') };
      }
      await recordAudit(trx, {
        partnershipId: null,
        actorUserId: actor.userId,
        action: 'bed_availability_updated',
        recordType: 'service',
        recordId: serviceId,
        summary: `Beds at “${service.name}”: ${details.bedsAvailable} available now, ${details.waitingListLength} on the waiting list, next admission ${details.nextAdmissionOn ?? 'not given'}`,
        requestId: actor.requestId ?? null,
      });
      return { ok: true as const };
    });
  }

  return { updateAvailability };
}

export type BedService = ReturnType<typeof createBedService>;
