import type { Transaction } from 'kysely';
import { sharedDetailsOf } from '../pathway/index.js';
import type { Database } from '../platform/db/schema.js';
import { addDays, ukDateOf, ukLocalToInstant } from '../platform/values/calendar.js';

/**
 * Live bed figures for the demo directory (some fresh with space, some full, some out of date,
 * some never given) and one open placement request from Northmoor to Hillside House, so the
 * provider account, the referral page and the work queue all have something to show. The same
 * `today` always gives the same data.
 */

/** What each service's figure is, by its place in the directory's name order: a fixed cycle of five. */
const pattern = [
  { beds: 2, waiting: 1, daysAgo: 1, nextIn: 3 },
  { beds: 0, waiting: 6, daysAgo: 4, nextIn: 21 },
  { beds: 1, waiting: 3, daysAgo: 25, nextIn: null }, // out of date: drops out of "beds available now"
  null, // never given
  { beds: 3, waiting: 0, daysAgo: 9, nextIn: 1 },
] as const;

export async function seedDemoBedsAndRequests(
  trx: Transaction<Database>,
  people: { partnershipId: string; staffUserId: string; providerUserId: string | null },
  today: Date,
): Promise<void> {
  const day = ukDateOf(today);
  const services = await trx
    .selectFrom('services')
    .innerJoin('providers', 'providers.id', 'services.provider_id')
    .select(['services.id', 'services.name', 'providers.name as providerName'])
    .orderBy('services.name')
    .orderBy('services.id')
    .execute();
  const rows = services.flatMap((service, index) => {
    const hillsideHouse = service.name === 'Hillside House';
    // Hillside House has space (so the demo provider's own figure is fresh).
    const figure = hillsideHouse ? pattern[0] : pattern[index % pattern.length];
    if (!figure) return [];
    return [
      {
        service_id: service.id,
        beds_available: figure.beds,
        waiting_list_length: figure.waiting,
        next_admission_on: figure.nextIn === null ? null : addDays(day, figure.nextIn),
        updated_at: ukLocalToInstant(addDays(day, -figure.daysAgo), '10:30'),
        updated_by: service.providerName.startsWith('Hillside') ? people.providerUserId : null,
      },
    ];
  });
  if (rows.length) await trx.insertInto('service_bed_availability').values(rows).execute();

  // One open request: the waiting referral latest by reference, to Hillside House.
  const hillside = services.find((service) => service.name === 'Hillside House');
  const referral = await trx
    .selectFrom('referrals')
    .selectAll()
    .where('partnership_id', '=', people.partnershipId)
    .where('stage', '=', 'waiting')
    .orderBy('local_reference', 'desc')
    .executeTakeFirst();
  if (!hillside || !referral) return;
  // Four days ago, or later if the referral's timeline already runs later (it stays in date order).
  const latest = await trx
    .selectFrom('referral_events')
    .select((eb) => eb.fn.max('event_on').as('latest'))
    .where('partnership_id', '=', people.partnershipId)
    .where('referral_id', '=', referral.id)
    .executeTakeFirst();
  const fourDaysAgo = addDays(day, -4);
  const latestDay = (latest?.latest as string | null | undefined) ?? fourDaysAgo;
  const sentOn = latestDay > fourDaysAgo ? latestDay : fourDaysAgo;
  const sentAt = ukLocalToInstant(sentOn, '11:15');
  const request = await trx
    .insertInto('placement_requests')
    .values({
      partnership_id: people.partnershipId,
      referral_id: referral.id,
      service_id: hillside.id,
      local_reference: referral.local_reference,
      shared_details: JSON.stringify(sharedDetailsOf(referral)),
      sent_on: sentOn,
      sent_by: people.staffUserId,
      created_at: sentAt,
      updated_at: sentAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('referral_events')
    .values({
      partnership_id: people.partnershipId,
      referral_id: referral.id,
      occurred_at: sentAt,
      event_on: sentOn,
      event_type: 'placement_request_sent',
      summary: `Placement request sent to Hillside House (${hillside.providerName}).`,
      actor_user_id: people.staffUserId,
    })
    .execute();
  await trx
    .insertInto('audit_events')
    .values({
      partnership_id: people.partnershipId,
      actor_user_id: people.staffUserId,
      action: 'placement_request_sent',
      record_type: 'placement_request',
      record_id: request.id,
      summary: `Sent a placement request for the referral ${referral.local_reference} to Hillside House (demo data)`,
    })
    .execute();
}
