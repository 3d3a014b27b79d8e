import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase } from '../../test/database.js';
import { regions } from '../accounts/index.js';
import type { DatabaseHandle } from '../platform/db/connect.js';
import { demoCommissioningCounts, demoDirectory, demoProviderAccount } from './provider-demo.js';
import { printDemoSignIns, seedDemo, type SeededDemo } from './seed.js';

const today = new Date('2026-11-23T12:00:00Z');
const todayIso = '2026-11-23';
const daysFrom = (days: number) => new Date(Date.UTC(2026, 10, 23 + days)).toISOString().slice(0, 10);

let database: DatabaseHandle;
let demo: SeededDemo;
beforeAll(async () => {
  database = await createTestDatabase();
  demo = await seedDemo(database.db, { sampleWork: true, today });
});
afterAll(async () => database.close());

describe('the demo directory', () => {
  it('has about 40 services from about 25 providers, across all 9 regions of England', async () => {
    const db = database.db;
    const services = await db.selectFrom('services').select(['region', 'kind', 'beds', 'weekly_cost_pence', 'waiting_weeks', 'postcode', 'address']).execute();
    expect(services.length).toBeGreaterThanOrEqual(35);
    expect(services.length).toBeLessThanOrEqual(45);
    expect(new Set(services.map((service) => service.region))).toEqual(new Set(regions));
    const providers = await db.selectFrom('providers').select('name').execute();
    expect(providers.length).toBeGreaterThanOrEqual(20);
    expect(providers.length).toBeLessThanOrEqual(30);
    expect(new Set(services.map((service) => service.kind))).toEqual(new Set(['residential_rehab', 'inpatient_detox', 'second_stage', 'crisis']));
    for (const service of services) {
      expect(service.beds).toBeGreaterThanOrEqual(8);
      expect(service.beds).toBeLessThanOrEqual(40);
      expect(service.waiting_weeks).toBeGreaterThanOrEqual(0);
      expect(service.waiting_weeks).toBeLessThanOrEqual(16);
      expect(service.postcode).toMatch(/^ZZ99 \d[A-Z]{2}$/);
      expect(service.address).toMatch(/^\d+ Example /);
    }
    const rehabCosts = services.filter((service) => service.kind === 'residential_rehab').map((service) => service.weekly_cost_pence as number);
    expect(Math.min(...rehabCosts)).toBeGreaterThanOrEqual(60_000);
    expect(Math.max(...rehabCosts)).toBeLessThanOrEqual(250_000);
    const detoxCosts = services.filter((service) => service.kind === 'inpatient_detox').map((service) => service.weekly_cost_pence as number);
    expect(Math.min(...detoxCosts)).toBeGreaterThan(Math.max(...rehabCosts));
  });

  it('uses only invented names: every provider’s name says (demo)', async () => {
    const providers = await database.db.selectFrom('providers').select(['name', 'website']).execute();
    for (const provider of providers) {
      expect(provider.name).toContain('(demo)');
      expect(provider.website ?? 'https://none.example').toMatch(/^https:\/\/[a-z0-9-]+\.example$/);
    }
    const links = await database.db.selectFrom('service_information_packs').select('link').where('link', 'is not', null).execute();
    for (const { link } of links) expect(link).toMatch(/^https:\/\/[a-z0-9-]+\.example\//);
  });

  it('has a mix of approaches, specialisms, ratings, detox on site, accessibility and languages', async () => {
    const services = await database.db.selectFrom('services').selectAll().execute();
    expect(new Set(services.flatMap((service) => service.approaches)).size).toBe(5);
    expect(new Set(services.flatMap((service) => service.specialisms)).size).toBeGreaterThanOrEqual(10);
    expect(new Set(services.map((service) => service.regulator_rating)).size).toBeGreaterThanOrEqual(4);
    expect(services.some((service) => service.detox_on_site) && services.some((service) => !service.detox_on_site)).toBe(true);
    expect(services.some((service) => service.step_free_access) && services.some((service) => !service.step_free_access)).toBe(true);
    expect(services.some((service) => service.adapted_rooms)).toBe(true);
    expect(services.some((service) => service.languages.length > 0)).toBe(true);
    for (const service of services) {
      expect(service.eligibility.length).toBeGreaterThan(50);
      expect(service.waiting_updated_on).not.toBeNull();
      expect((service.waiting_updated_on as string) <= todayIso).toBe(true);
      if (service.regulator_rating !== 'not_rated') expect((service.rating_date as string) < todayIso).toBe(true);
    }
  });

  it('gives every service 1 to 3 information packs, some of them overdue for review', async () => {
    const packs = await database.db.selectFrom('service_information_packs').select(['service_id', 'audience', 'review_on']).execute();
    const services = await database.db.selectFrom('services').select('id').execute();
    for (const service of services) {
      const own = packs.filter((pack) => pack.service_id === service.id);
      expect(own.length).toBeGreaterThanOrEqual(1);
      expect(own.length).toBeLessThanOrEqual(3);
      expect(new Set(own.map((pack) => pack.audience)).size).toBe(own.length);
    }
    expect(packs.some((pack) => (pack.review_on as string) < todayIso)).toBe(true);
    expect(packs.some((pack) => (pack.review_on as string) > todayIso)).toBe(true);
  });

  it('is the same every time for the same day', () => {
    expect(demoDirectory(today)).toEqual(demoDirectory(new Date(today)));
  });
});

describe('the demo partnership’s commissioning', () => {
  it('exists only for Northmoor', async () => {
    const northmoor = demo.partnershipIds.northmoor;
    const db = database.db;
    for (const table of ['contracts', 'preferred_services', 'preferred_service_reviews', 'service_notes'] as const) {
      const rows = await db.selectFrom(table).select('partnership_id').execute();
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((row) => row.partnership_id === northmoor)).toBe(true);
    }
    const contracts = await db.selectFrom('contracts').select('id').execute();
    expect(contracts).toHaveLength(demoCommissioningCounts.contracts);
    expect((await db.selectFrom('preferred_services').select('id').execute()).length).toBe(demoCommissioningCounts.preferred);
    expect((await db.selectFrom('preferred_service_reviews').select('id').execute()).length).toBe(demoCommissioningCounts.reviews);
  });

  it('has spot and block contracts, one ending within 90 days and one with an overdue review', async () => {
    const contracts = await database.db.selectFrom('contracts').selectAll().execute();
    expect(contracts.length).toBeGreaterThanOrEqual(5);
    expect(contracts.length).toBeLessThanOrEqual(6);
    expect(new Set(contracts.map((contract) => contract.contract_type))).toEqual(new Set(['spot', 'block']));
    const endingSoon = contracts.filter((contract) => contract.ends_on >= todayIso && contract.ends_on <= daysFrom(90));
    expect(endingSoon).toHaveLength(1);
    const overdue = contracts.filter((contract) => contract.next_review_on !== null && contract.next_review_on < todayIso);
    expect(overdue).toHaveLength(1);
    expect(contracts.every((contract) => contract.created_by === demo.userIds['lead@northmoor.example'])).toBe(true);
  });

  it('has 4 preferred services with reviews, one last reviewed over a year ago', async () => {
    const db = database.db;
    const preferred = await db.selectFrom('preferred_services').select('id').execute();
    expect(preferred).toHaveLength(4);
    const reviews = await db.selectFrom('preferred_service_reviews').select(['preferred_service_id', 'reviewed_on']).execute();
    const latest = preferred.map((entry) =>
      reviews
        .filter((review) => review.preferred_service_id === entry.id)
        .map((review) => review.reviewed_on)
        .sort()
        .at(-1),
    );
    expect(latest.every((date) => date !== undefined)).toBe(true);
    expect(latest.filter((date) => (date as string) < daysFrom(-365))).toHaveLength(1);
    const notes = await db.selectFrom('service_notes').select('note').execute();
    expect(notes.length).toBeGreaterThanOrEqual(2);
  });
});

describe('the demo provider account', () => {
  it('keeps one demo provider’s services up to date and belongs to no partnership', async () => {
    const db = database.db;
    const userId = demo.userIds[demoProviderAccount.email] as string;
    const links = await db
      .selectFrom('provider_users')
      .innerJoin('providers', 'providers.id', 'provider_users.provider_id')
      .select('providers.name')
      .where('provider_users.user_id', '=', userId)
      .execute();
    expect(links.map((link) => link.name)).toEqual([demoProviderAccount.providerName]);
    expect(await db.selectFrom('memberships').select('id').where('user_id', '=', userId).execute()).toEqual([]);
    const services = await db
      .selectFrom('services')
      .innerJoin('providers', 'providers.id', 'services.provider_id')
      .select('services.name')
      .where('providers.name', '=', demoProviderAccount.providerName)
      .execute();
    expect(services.length).toBeGreaterThanOrEqual(1);
  });

  it('is listed among the sign-ins as a provider account', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    printDemoSignIns(demo);
    const printed = String(log.mock.calls[0]?.[0]);
    log.mockRestore();
    expect(printed).toMatch(/provider@hillside\.example\s+demo-provider-password\s+provider account/);
  });

  it('exists in a demo database without the sample work too, with its provider but no services', async () => {
    const plain = await createTestDatabase();
    try {
      const seeded = await seedDemo(plain.db, { today });
      const link = await plain.db
        .selectFrom('provider_users')
        .innerJoin('providers', 'providers.id', 'provider_users.provider_id')
        .select('providers.name')
        .where('provider_users.user_id', '=', seeded.userIds[demoProviderAccount.email] as string)
        .execute();
      expect(link.map((row) => row.name)).toEqual([demoProviderAccount.providerName]);
      expect(await plain.db.selectFrom('services').select('id').execute()).toEqual([]);
      expect(await plain.db.selectFrom('contracts').select('id').execute()).toEqual([]);
    } finally {
      await plain.close();
    }
  });
});
