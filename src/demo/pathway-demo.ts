import type { Transaction } from 'kysely';
import { textArray } from '../platform/db/arrays.js';
import type { Database } from '../platform/db/schema.js';
import { ukLocalToInstant } from '../platform/values/calendar.js';
import { type PlannedEvent, type PlannedReferral, planDemoReferrals, type RecordedBy } from './pathway-demo-plan.js';

export { type DemoServiceRef, demoReferralCount, type PlannedEvent, type PlannedReferral, planDemoReferrals } from './pathway-demo-plan.js';

// Writing it --------------------------------------------------------------------------------------------

const demoServiceNames = [
  'Hillside House',
  'Hillside Medical Detox Unit',
  'Larkspur Women’s House',
  'Lowmoor Bridge Family Centre',
  'Fenwold Grange',
  'Sablewood House',
  'Harrowfell Lodge',
  'Marram House',
  'Kestrel House',
  'Calderwick Hall',
];

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

interface DemoPathwayPeople {
  partnershipId: string;
  /** Who records the referrals: the demo's pathway staff account. */
  staffUserId: string;
  /** The demo provider account, which records admissions, reviews and discharges at Hillside. */
  providerUserId: string | null;
}

/** Northmoor's referrals, their timelines, contacts while waiting, and reviews and follow-ups. */
export async function seedDemoPathway(trx: Transaction<Database>, people: DemoPathwayPeople, today: Date): Promise<number> {
  const services = await trx
    .selectFrom('services')
    .innerJoin('providers', 'providers.id', 'services.provider_id')
    .select(['services.id', 'services.name', 'services.kind', 'services.weekly_cost_pence as weeklyCostPence', 'services.typical_weeks as typicalWeeks', 'providers.name as providerName'])
    .where('services.name', 'in', demoServiceNames)
    .execute();
  const planned = planDemoReferrals(today, services);
  const actorOf = (by: RecordedBy) => (by === 'provider' && people.providerUserId ? people.providerUserId : people.staffUserId);
  const moment = (isoDate: string, minutes: number) => {
    const at = new Date(ukLocalToInstant(isoDate, '09:00').getTime() + minutes * 60_000);
    return at.getTime() > today.getTime() ? today : at;
  };

  const ids = new Map<string, string>();
  for (const group of chunks(planned, 100)) {
    const rows = await trx
      .insertInto('referrals')
      .values(
        group.map((referral) => {
          const last = referral.events.at(-1) as PlannedEvent;
          return {
            ...referral.values,
            partnership_id: people.partnershipId,
            complexity: textArray(referral.values.complexity),
            created_by: people.staffUserId,
            created_at: moment(referral.values.identified_on as string, 0),
            updated_at: moment(last.on, referral.events.length),
            version: referral.events.length,
          };
        }),
      )
      .returning(['id', 'local_reference'])
      .execute();
    for (const row of rows) ids.set(row.local_reference, row.id);
  }
  const idOf = (referral: PlannedReferral) => ids.get(referral.values.local_reference as string) as string;

  const events = planned.flatMap((referral) =>
    referral.events.map((event, index) => ({
      partnership_id: people.partnershipId,
      referral_id: idOf(referral),
      occurred_at: moment(event.on, index),
      event_on: event.on,
      event_type: event.type,
      stage: event.stage,
      summary: event.summary,
      actor_user_id: actorOf(event.by),
    })),
  );
  for (const group of chunks(events, 500)) await trx.insertInto('referral_events').values(group).execute();

  const contacts = planned.flatMap((referral) =>
    referral.contacts.map((contact, index) => ({
      partnership_id: people.partnershipId,
      referral_id: idOf(referral),
      contacted_on: contact.on,
      note: contact.note,
      created_by: people.staffUserId,
      created_at: moment(contact.on, 30 + index),
    })),
  );
  for (const group of chunks(contacts, 500)) await trx.insertInto('referral_contacts').values(group).execute();

  const reviews = planned.flatMap((referral) =>
    referral.reviews.map((review) => ({
      partnership_id: people.partnershipId,
      referral_id: idOf(referral),
      kind: review.kind,
      due_on: review.dueOn,
      completed_on: review.completedOn,
      notes: review.notes,
      created_at: moment(referral.values.admitted_on ?? (referral.values.identified_on as string), 5),
      updated_at: moment(review.completedOn ?? referral.values.admitted_on ?? (referral.values.identified_on as string), 5),
      version: review.completedOn ? 2 : 1,
    })),
  );
  for (const group of chunks(reviews, 500)) await trx.insertInto('referral_reviews').values(group).execute();
  return planned.length;
}
