import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/database.js';
import type { DatabaseHandle } from '../platform/db/connect.js';
import { bedAvailabilityOutOfDate, hasBedsAvailableNow } from '../providers/bed-rules.js';
import { seedDemo } from './seed.js';

const today = new Date('2026-11-23T12:00:00Z');

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db, { sampleWork: true, today });
});
afterAll(async () => database.close());

describe('the demo bed figures and placement request', () => {
  it('gives services with space now, full services, out-of-date figures and services with none', async () => {
    const figures = await database.db.selectFrom('service_bed_availability').select(['beds_available as bedsAvailable', 'updated_at as updatedAt']).execute();
    const services = await database.db.selectFrom('services').select('id').execute();
    expect(figures.length).toBeLessThan(services.length);
    expect(figures.some((figure) => hasBedsAvailableNow(figure, '2026-11-23'))).toBe(true);
    expect(figures.some((figure) => figure.bedsAvailable === 0 && !bedAvailabilityOutOfDate(figure.updatedAt, '2026-11-23'))).toBe(true);
    expect(figures.some((figure) => figure.bedsAvailable > 0 && bedAvailabilityOutOfDate(figure.updatedAt, '2026-11-23'))).toBe(true);
  });

  it('has one open request from Northmoor to Hillside House, for a waiting referral, with only the shared details', async () => {
    const requests = await database.db
      .selectFrom('placement_requests')
      .innerJoin('services', 'services.id', 'placement_requests.service_id')
      .innerJoin('referrals', 'referrals.id', 'placement_requests.referral_id')
      .select(['placement_requests.status', 'placement_requests.shared_details', 'services.name', 'referrals.stage'])
      .execute();
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ status: 'sent', name: 'Hillside House', stage: 'waiting' });
    expect(Object.keys(requests[0]?.shared_details as object).sort()).toEqual(['ageBand', 'complexity', 'funding', 'fundingRoute', 'mainSubstance', 'parentalResponsibility', 'pregnant', 'sex']);
  });
});
