import type { Transaction } from 'kysely';
import type { Database } from '../platform/db/schema.js';
import { serviceValues } from '../providers/index.js';
import { northmoorContracts, northmoorNotes, northmoorPreferred } from './commissioning-demo.js';
import { demoDirectory, demoProviderAccount, demoWebsite } from './directory-demo.js';
import { isoDaysFrom } from './random.js';

export { demoCommissioningCounts } from './commissioning-demo.js';
export { type DemoPack, type DemoService, demoDirectory, demoProviderAccount } from './directory-demo.js';

// Writing it -------------------------------------------------------------------------------------

/**
 * The provider of the demo provider account, and the account's link to it. Run in every demo
 * database (with or without the sample work), so tests can always sign in as a provider.
 */
export async function seedDemoProviderAccount(trx: Transaction<Database>, userIds: Record<string, string>): Promise<string> {
  const provider = await trx
    .insertInto('providers')
    .values({ name: demoProviderAccount.providerName, website: demoProviderAccount.website })
    .returning('id')
    .executeTakeFirstOrThrow();
  const userId = userIds[demoProviderAccount.email];
  if (!userId) throw new Error(`The demo accounts have no ${demoProviderAccount.email}`);
  await trx.insertInto('provider_users').values({ provider_id: provider.id, user_id: userId }).execute();
  return provider.id;
}

interface DemoCommissioners {
  partnershipId: string;
  leadUserId: string;
}

/** The demo directory and the demo partnership's contracts, preferred services, reviews and notes. */
export async function seedDemoProviders(trx: Transaction<Database>, commissioners: DemoCommissioners, today: Date): Promise<void> {
  const { providers, services } = demoDirectory(today);

  const providerIds = new Map<string, string>();
  const existing = await trx.selectFrom('providers').select(['id', 'name']).where('name', 'in', providers).execute();
  for (const row of existing) providerIds.set(row.name, row.id);
  const missing = providers.filter((name) => !providerIds.has(name));
  if (missing.length) {
    const added = await trx
      .insertInto('providers')
      .values(missing.map((name) => ({ name, website: demoWebsite(name) })))
      .returning(['id', 'name'])
      .execute();
    for (const row of added) providerIds.set(row.name, row.id);
  }

  const storedServices = await trx
    .insertInto('services')
    .values(
      services.map((service) => ({ provider_id: providerIds.get(service.provider) as string, ...serviceValues(service) })),
    )
    .returning(['id', 'name'])
    .execute();
  const serviceIds = new Map(storedServices.map((row) => [row.name, row.id]));
  const serviceId = (name: string) => {
    const id = serviceIds.get(name);
    if (!id) throw new Error(`No demo service called ${name}`);
    return id;
  };

  await trx
    .insertInto('service_information_packs')
    .values(
      services.flatMap((service) =>
        service.packs.map((pack) => ({ service_id: serviceId(service.name), audience: pack.audience, title: pack.title, link: pack.link, review_on: pack.reviewOn })),
      ),
    )
    .execute();

  const { partnershipId, leadUserId } = commissioners;
  await trx
    .insertInto('contracts')
    .values(
      northmoorContracts.map((contract) => ({
        partnership_id: partnershipId,
        service_id: serviceId(contract.service),
        contract_type: contract.type,
        reference: contract.reference,
        starts_on: isoDaysFrom(today, contract.starts),
        ends_on: isoDaysFrom(today, contract.ends),
        bed_nights_purchased: contract.bedNightsPurchased,
        bed_nights_used: contract.bedNightsUsed,
        weekly_price_pence: contract.weeklyPrice * 100,
        requires_ndtms_reporting: contract.requirements.ndtms,
        requires_user_involvement: contract.requirements.userInvolvement,
        requires_feedback_surveys: contract.requirements.feedback,
        next_review_on: contract.review === null ? null : isoDaysFrom(today, contract.review),
        notes: contract.notes,
        created_by: leadUserId,
        created_at: new Date(`${isoDaysFrom(today, contract.starts - 14)}T10:00:00Z`),
      })),
    )
    .execute();

  for (const entry of northmoorPreferred) {
    const preferred = await trx
      .insertInto('preferred_services')
      .values({
        partnership_id: partnershipId,
        service_id: serviceId(entry.service),
        added_on: isoDaysFrom(today, -entry.addedDaysAgo),
        created_by: leadUserId,
        created_at: new Date(`${isoDaysFrom(today, -entry.addedDaysAgo)}T10:00:00Z`),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('preferred_service_reviews')
      .values(
        entry.reviews.map((review) => ({
          partnership_id: partnershipId,
          preferred_service_id: preferred.id,
          reviewed_on: isoDaysFrom(today, -review.daysAgo),
          data_considered: review.data,
          service_user_feedback: review.feedback,
          visit_made: review.visit,
          decision: review.decision,
          decision_notes: review.notes,
          next_review_on: isoDaysFrom(today, 365 - review.daysAgo),
          created_by: leadUserId,
          created_at: new Date(`${isoDaysFrom(today, -review.daysAgo)}T15:00:00Z`),
        })),
      )
      .execute();
  }

  await trx
    .insertInto('service_notes')
    .values(
      northmoorNotes.map((note) => ({
        partnership_id: partnershipId,
        service_id: serviceId(note.service),
        note: note.note,
        created_by: leadUserId,
        created_at: new Date(`${isoDaysFrom(today, -note.daysAgo)}T11:30:00Z`),
      })),
    )
    .execute();
}
