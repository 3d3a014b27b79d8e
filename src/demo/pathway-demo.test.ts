import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/database.js';
import type { DatabaseHandle } from '../platform/db/connect.js';
import { referralsForExport } from '../pathway/export-repository.js';
import { csvRow, referralExportColumns } from '../pathway/export.js';
import { servicesForImport } from '../pathway/import/repository.js';
import { readHeadings } from '../pathway/import/columns.js';
import { readReferralRow } from '../pathway/import/row-reader.js';
import { ServiceFinder } from '../pathway/import/service-finder.js';
import { localReferenceProblem } from '../pathway/rules/referral-details.js';
import { referrerNotificationDeadline } from '../pathway/rules/safety-flags.js';
import { stageDateColumn } from '../pathway/rules/stages.js';
import { referralStages } from '../platform/db/schema.js';
import { planDemoReferrals } from './pathway-demo.js';
import { demoProviderAccount } from './provider-demo.js';
import { seedDemo, type SeededDemo } from './seed.js';

const today = new Date('2026-11-23T12:00:00Z');
const todayIso = '2026-11-23';

let database: DatabaseHandle;
let demo: SeededDemo;
beforeAll(async () => {
  database = await createTestDatabase();
  demo = await seedDemo(database.db, { sampleWork: true, today });
});
afterAll(async () => database.close());

const referrals = () => database.db.selectFrom('referrals').selectAll().execute();

describe('the demo referrals', () => {
  it('are about 300, all Northmoor’s, across the last two years', async () => {
    const all = await referrals();
    expect(all.length).toBeGreaterThanOrEqual(280);
    expect(all.length).toBeLessThanOrEqual(320);
    for (const referral of all) expect(referral.partnership_id).toBe(demo.partnershipIds.northmoor);
    const identified = all.map((referral) => referral.identified_on).sort();
    expect(identified[0] as string >= '2024-11-22').toBe(true);
    expect(identified[0] as string < '2025-01-31').toBe(true);
    expect(identified.at(-1) as string >= '2026-10-01').toBe(true);
    for (const table of ['referral_events', 'referral_contacts', 'referral_reviews'] as const) {
      const other = await database.db.selectFrom(table).select('id').where('partnership_id', '!=', demo.partnershipIds.northmoor).execute();
      expect(other).toHaveLength(0);
    }
  });

  it('reach every stage, with no date in the future', async () => {
    const all = await referrals();
    expect(new Set(all.map((referral) => referral.stage))).toEqual(new Set(referralStages));
    for (const referral of all) {
      for (const stage of referralStages) {
        const date = referral[stageDateColumn[stage]];
        if (date) expect(date <= todayIso).toBe(true);
      }
    }
  });

  it('follow a realistic funnel: fewer at each step, about half of stays completed, early drop-outs, and safety gaps to act on', async () => {
    const all = await referrals();
    const referred = all.filter((referral) => referral.referred_on);
    const notEligible = all.filter((referral) => referral.eligibility_decision === 'not_eligible');
    const declined = all.filter((referral) => referral.funding_decision === 'declined');
    const admitted = all.filter((referral) => referral.admitted_on);
    const discharged = all.filter((referral) => referral.discharged_on);
    expect(referred.length).toBeLessThan(all.length * 0.92);
    expect(notEligible.length).toBeGreaterThanOrEqual(5);
    expect(declined.length).toBeGreaterThanOrEqual(3);
    expect(admitted.length).toBeGreaterThan(all.length * 0.45);
    expect(admitted.length).toBeLessThan(referred.length);
    const completed = discharged.filter((referral) => referral.discharge_outcome === 'completed');
    expect(completed.length / discharged.length).toBeGreaterThanOrEqual(0.4);
    expect(completed.length / discharged.length).toBeLessThanOrEqual(0.6);
    const daysBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000;
    const earlyDropOuts = discharged.filter(
      (referral) => referral.discharge_outcome === 'left_early' && daysBetween(referral.admitted_on as string, referral.discharged_on as string) <= 28,
    );
    expect(earlyDropOuts.length).toBeGreaterThanOrEqual(5);
    const unplanned = discharged.filter((referral) => referral.discharge_outcome === 'left_early' || referral.discharge_outcome === 'asked_to_leave');
    for (const referral of unplanned) expect(referral.risk_assessment_summary.length).toBeGreaterThan(20);
    const toldLate = unplanned.filter(
      (referral) => referral.referrer_notified_at && new Date(referral.referrer_notified_at).getTime() >= referrerNotificationDeadline(referral.discharged_on as string).getTime(),
    );
    expect(toldLate.length).toBeGreaterThanOrEqual(2);
    const withoutPlan = admitted.filter((referral) => referral.admitted_without_aftercare_reason !== '');
    expect(withoutPlan.length).toBeGreaterThanOrEqual(3);
    for (const referral of admitted) expect(referral.weekly_cost_pence).toBeGreaterThan(0);
    expect(all.filter((referral) => referral.stage === 'waiting').length).toBeGreaterThanOrEqual(3);

    const contacts = await database.db.selectFrom('referral_contacts').select('referral_id').execute();
    expect(contacts.length).toBeGreaterThan(30);
    const reviews = await database.db.selectFrom('referral_reviews').select(['kind', 'due_on', 'completed_on']).execute();
    expect(new Set(reviews.map((review) => review.kind)).size).toBe(5);
    const overdue = reviews.filter((review) => !review.completed_on && review.due_on < todayIso);
    expect(overdue.some((review) => review.kind === 'care_plan' || review.kind === 'risk')).toBe(true);
    expect(overdue.some((review) => review.kind.startsWith('follow_up'))).toBe(true);
    expect(reviews.filter((review) => review.completed_on).length).toBeGreaterThan(reviews.length / 2);
  });

  it('give the demo provider people coming to it and staying now, recorded by its own account', async () => {
    const rows = await database.db
      .selectFrom('referrals')
      .innerJoin('services', 'services.id', 'referrals.service_id')
      .innerJoin('providers', 'providers.id', 'services.provider_id')
      .select(['referrals.stage'])
      .where('providers.name', '=', demoProviderAccount.providerName)
      .execute();
    expect(rows.some((row) => row.stage === 'admitted')).toBe(true);
    expect(rows.some((row) => row.stage === 'waiting' || row.stage === 'funding_decided')).toBe(true);
    expect(rows.some((row) => row.stage === 'closed' || row.stage === 'aftercare')).toBe(true);
    const providerEvents = await database.db.selectFrom('referral_events').select('id').where('actor_user_id', '=', demo.userIds[demoProviderAccount.email] as string).execute();
    expect(providerEvents.length).toBeGreaterThan(10);
  });

  it('have a timeline entry for every stage reached, in date order', async () => {
    const all = await referrals();
    const events = await database.db.selectFrom('referral_events').select(['referral_id', 'event_on', 'event_type', 'stage']).orderBy('id').execute();
    for (const referral of all) {
      const own = events.filter((event) => event.referral_id === referral.id);
      const stages = own.filter((event) => event.event_type === 'created' || event.event_type === 'stage_changed');
      const dated = referralStages.filter((stage) => referral[stageDateColumn[stage]]);
      expect(stages.map((event) => event.stage)).toEqual(dated.sort((a, b) => String(referral[stageDateColumn[a]]).localeCompare(String(referral[stageDateColumn[b]])) || referralStages.indexOf(a) - referralStages.indexOf(b)));
      const days = own.map((event) => event.event_on);
      expect(days).toEqual([...days].sort());
      expect(stages.at(-1)?.stage).toBe(referral.stage);
    }
  });

  it('obey the stage rules: each one passes the checks a file import makes', async () => {
    const services = new ServiceFinder(await servicesForImport(database.db));
    const headings = readHeadings(referralExportColumns.map((column) => column.header));
    if (!headings.ok) throw new Error(headings.problems.join('; '));
    let row = 1;
    for await (const referral of referralsForExport(database.db, demo.partnershipIds.northmoor)) {
      row += 1;
      const outcome = readReferralRow(csvRow(referral), headings.columnIndex, row, { today: todayIso, now: today, services });
      expect(outcome.ok ? [] : outcome.problems.map((problem) => problem.text)).toEqual([]);
      if (outcome.ok) expect(outcome.referral.stage).toBe(referral.stage);
    }
    expect(row).toBeGreaterThan(280);
  });

  it('never look like a name, an NHS number or a date of birth', async () => {
    const all = await referrals();
    const firstNames = /\b(John|James|David|Michael|Paul|Mark|Sarah|Emma|Claire|Lisa|Karen|Susan|Helen|Laura|Gary|Dean|Wayne|Lee|Tracey|Mohammed|Ahmed)\b/;
    const titles = /\b(Mr|Mrs|Ms|Miss|Dr)\.?\s+[A-Z]/;
    for (const referral of all) {
      expect(referral.local_reference).toMatch(/^NM-20(24|25|26)-\d{4}$/);
      expect(localReferenceProblem(referral.local_reference)).toBeNull();
      expect(referral.referring_service).toMatch(/\(demo\)$/);
      for (const text of [
        referral.referring_service,
        referral.keyworker_role,
        referral.eligibility_reasons,
        referral.funding_decision_reason,
        referral.admitted_without_aftercare_reason,
        referral.risk_assessment_summary,
        referral.withdrawn_reason,
      ]) {
        expect(text).not.toMatch(firstNames);
        expect(text).not.toMatch(titles);
        expect(text).not.toMatch(/\d{3}\s?\d{3}\s?\d{4}|\d{1,2}\/\d{1,2}\/\d{2,4}/);
      }
    }
    const notes = [
      ...(await database.db.selectFrom('referral_contacts').select('note as text').execute()),
      ...(await database.db.selectFrom('referral_reviews').select('notes as text').execute()),
      ...(await database.db.selectFrom('referral_events').select('summary as text').execute()),
    ];
    for (const { text } of notes) {
      expect(text).not.toMatch(firstNames);
      expect(text).not.toMatch(titles);
    }
  });

  it('are the same every time for the same day', async () => {
    const services = (await servicesForImport(database.db)).map((service) => ({ ...service, kind: 'residential_rehab' as const, typicalWeeks: 12 }));
    const first = planDemoReferrals(today, services);
    const second = planDemoReferrals(today, services);
    expect(second).toEqual(first);
    expect(first).toHaveLength(300);
  });
});
