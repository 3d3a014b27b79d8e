import { type Kysely, sql } from 'kysely';
import { buildApp } from '../src/app.js';
import { testConfig } from '../src/config.js';
import { seedDemo } from '../src/demo/seed.js';
import { referralImportColumns } from '../src/pathway/import/columns.js';
import {
  admittedWithoutAftercare,
  fundingDecisionOverdue,
  reviewsDue,
  staysPastPlannedLength,
  unplannedDischargesNotNotified,
  waitingForAdmission,
} from '../src/pathway/queues.js';
import { fundingDecisionTargetDays } from '../src/pathway/repository.js';
import { hashPassword } from '../src/platform/auth/passwords.js';
import type { Database } from '../src/platform/db/schema.js';
import { prepareDatabase } from '../src/prepare-database.js';
import { Visitor } from '../test/app.js';
import { ukDateOf } from '../src/platform/values/calendar.js';
import { openBenchDatabase } from './databases.js';
import { report, time, timePair, type Timing } from './measure.js';
import { summarise } from './summary.js';
import { copyCsvInto } from '../src/platform/db/copy.js';
import { loadDashboard } from '../src/insight/dashboard.js';
import { type Period, periodOfKey } from '../src/insight/periods.js';

/**
 * The pathway tracker at scale: 1,000,000 referrals across 150 partnerships on PostgreSQL (50,000
 * across 10 partnerships on PGlite, so each partnership is about the same size), generated in SQL
 * with INSERT … SELECT generate_series. Times the summary page and the work queues for one
 * partnership through the app, the CSV and xlsx exports, and an import through the upload form:
 * 100,000 rows on both databases (BENCH_PGLITE_IMPORT_ROWS=20000 for a quicker run on PGlite).
 */

export interface Scale {
  referrals: number;
  partnerships: number;
  importRows: number;
  importTargetMs: number;
}

const postgresScale: Scale = { referrals: 1_000_000, partnerships: 150, importRows: 100_000, importTargetMs: 60_000 };
/** Smaller, so that npm run bench stays quick without PostgreSQL: each partnership is still about as big. */
const pgliteScale: Scale = {
  referrals: 50_000,
  partnerships: 10,
  importRows: Number(process.env.BENCH_PGLITE_IMPORT_ROWS ?? 100_000),
  // 100,000 rows in under 15 s; a smaller file (for a quick run) gets the same rate.
  importTargetMs: Number(process.env.BENCH_PGLITE_IMPORT_ROWS ?? 100_000) * 0.15,
};
const serviceCount = 300;
const benchEmail = 'lead@pathway-bench.example';
const benchPassword = 'benchmark password';

/** Days after identification that each stage is reached; the stay's length is added from discharge on. */
const stageOffsets = [0, 10, 25, 32, 50, 60, 62, 80] as const;

export async function seedScale(db: Kysely<Database>, scale: Scale): Promise<{ partnershipId: string; seconds: number }> {
  const started = performance.now();
  await sql`INSERT INTO providers (name) SELECT 'Pathway bench provider ' || n || ' (fictional)' FROM generate_series(1, 60) AS n`.execute(db);
  await sql`
    INSERT INTO services (provider_id, name, kind, region, weekly_cost_pence, typical_weeks)
    SELECT p.id, 'Pathway bench service ' || n, (ARRAY['residential_rehab','residential_rehab','residential_rehab','inpatient_detox'])[1 + n % 4],
           'North West', 60000 + (n * 37 % 200) * 1000, 12 + n % 6
    FROM generate_series(1, ${sql.lit(serviceCount)}) AS n
    JOIN LATERAL (SELECT id FROM providers WHERE name LIKE 'Pathway bench provider %' ORDER BY id OFFSET (n % 60) LIMIT 1) AS p ON true`.execute(db);
  await sql`
    INSERT INTO partnerships (name, region)
    SELECT 'Pathway bench partnership ' || lpad(n::text, 3, '0') || ' (fictional)', 'North West' FROM generate_series(1, ${sql.lit(scale.partnerships)}) AS n`.execute(db);

  // Each referral's furthest stage comes from a hash of its number (a realistic mix for a
  // tracker that has run for two years), capped by how long ago the person was identified.
  // Stage numbers: 0 identified … 7 admitted, 8 discharged, 9 aftercare, 10 closed, 11 withdrawn.
  const [o0, o1, o2, o3, o4, o5, o6, o7] = stageOffsets;
  await sql`
    WITH p AS (
      SELECT id, (row_number() OVER (ORDER BY name)) - 1 AS k FROM partnerships WHERE name LIKE 'Pathway bench partnership %'
    ), svc AS (
      SELECT array_agg(id ORDER BY name) AS ids, array_agg(weekly_cost_pence ORDER BY name) AS costs FROM services WHERE name LIKE 'Pathway bench service %'
    ), g AS (
      SELECT n, (n::bigint * 2654435761 % 1000)::int AS h, (n::bigint * 7919 % 730)::int AS age, 14 + n % 100 AS stay
      FROM generate_series(1, ${sql.lit(scale.referrals)}) AS n
    ), staged AS (
      SELECT g.*, CASE
          WHEN h >= 880 THEN 11
          ELSE LEAST(
            CASE WHEN h < 40 THEN 0 WHEN h < 80 THEN 1 WHEN h < 110 THEN 2 WHEN h < 150 THEN 3 WHEN h < 190 THEN 4
                 WHEN h < 215 THEN 5 WHEN h < 250 THEN 6 WHEN h < 320 THEN 7 WHEN h < 350 THEN 8 WHEN h < 520 THEN 9 ELSE 10 END,
            CASE WHEN age >= ${sql.lit(o7)} + stay + 400 THEN 10 WHEN age >= ${sql.lit(o7)} + stay + 5 THEN 9 WHEN age >= ${sql.lit(o7)} + stay THEN 8
                 WHEN age >= ${sql.lit(o7)} THEN 7 WHEN age >= ${sql.lit(o6)} THEN 6 WHEN age >= ${sql.lit(o5)} THEN 5 WHEN age >= ${sql.lit(o4)} THEN 4
                 WHEN age >= ${sql.lit(o3)} THEN 3 WHEN age >= ${sql.lit(o2)} THEN 2 WHEN age >= ${sql.lit(o1)} THEN 1 ELSE ${sql.lit(o0)} END)
        END AS si,
        CURRENT_DATE - age AS d0
      FROM g
    )
    INSERT INTO referrals (
      partnership_id, local_reference, stage, identified_via, referring_service, keyworker_role, age_band, sex, ethnicity_group,
      disability, pregnant, parental_responsibility, main_substance, complexity, eligibility_information_given,
      identified_on, referred_on, assessed_on, eligibility_decision, eligibility_reasons, preparing_on, preparation_group, service_id,
      funding_requested_on, funding_route, funding_decision, funding_decided_by, funding_decided_on, waiting_since,
      aftercare_plan_agreed_on, admitted_without_aftercare_reason, admitted_on, planned_weeks, weekly_cost_pence,
      discharged_on, discharge_outcome, risk_assessment_summary, referrer_notified_at, aftercare_started_on, closed_on,
      withdrawn_on, withdrawn_from_stage, withdrawn_reason
    )
    SELECT p.id,
      'BP-' || lpad(n::text, 7, '0'),
      (ARRAY['identified','referred','assessed','preparing','funding_requested','funding_decided','waiting','admitted','discharged','aftercare','closed','withdrawn'])[si + 1],
      (ARRAY['presentation','care_plan_review','treatment_exit','prison','hospital','self_referral','other'])[1 + n % 7],
      'Bench community recovery service', 'Recovery worker',
      (ARRAY['18-24','25-34','25-34','35-44','35-44','45-54','45-54','55-64','65+'])[1 + n % 9],
      (ARRAY['male','male','female','male','female','other','male','not_stated'])[1 + n % 8],
      (ARRAY['white','white','white','white','asian','black','mixed','other','not_stated','white'])[1 + n % 10],
      (ARRAY['yes','no','no','not_stated'])[1 + n % 4],
      CASE WHEN n % 8 IN (2, 4) THEN (ARRAY['no','no','yes','not_stated'])[1 + n % 4] ELSE 'not_applicable' END,
      (ARRAY['yes','no','no','not_stated'])[1 + n % 4],
      (ARRAY['drugs','alcohol','both'])[1 + n % 3],
      CASE n % 4 WHEN 0 THEN ARRAY['mental_health','community_treatment_not_worked'] WHEN 1 THEN ARRAY['homelessness'] WHEN 2 THEN ARRAY['physical_health','mental_health'] ELSE '{}'::text[] END,
      n % 5 <> 0,
      d0,
      CASE WHEN si BETWEEN 1 AND 10 OR (si = 11 AND age >= 20) THEN d0 + ${sql.lit(o1)} END,
      CASE WHEN si BETWEEN 2 AND 10 THEN d0 + ${sql.lit(o2)} END,
      CASE WHEN si BETWEEN 2 AND 10 THEN 'eligible' END,
      CASE WHEN si BETWEEN 2 AND 10 THEN 'Community treatment has not worked.' ELSE '' END,
      CASE WHEN si BETWEEN 3 AND 10 THEN d0 + ${sql.lit(o3)} END,
      si BETWEEN 3 AND 10,
      CASE WHEN si BETWEEN 3 AND 10 THEN svc.ids[1 + n % ${sql.lit(serviceCount)}] END,
      CASE WHEN si BETWEEN 4 AND 10 THEN d0 + ${sql.lit(o4)} END,
      CASE WHEN si BETWEEN 4 AND 10 THEN 'standard' END,
      CASE WHEN si BETWEEN 5 AND 10 THEN 'approved' END,
      CASE WHEN si BETWEEN 5 AND 10 THEN 'panel' END,
      CASE WHEN si BETWEEN 5 AND 10 THEN d0 + ${sql.lit(o5)} END,
      CASE WHEN si BETWEEN 6 AND 10 THEN d0 + ${sql.lit(o6)} END,
      CASE WHEN si BETWEEN 6 AND 10 AND n % 14 <> 0 THEN d0 + ${sql.lit(o6)} + 5 END,
      CASE WHEN si BETWEEN 7 AND 10 AND n % 14 = 0 THEN 'Urgent admission from hospital.' ELSE '' END,
      CASE WHEN si BETWEEN 7 AND 10 THEN d0 + ${sql.lit(o7)} END,
      CASE WHEN si BETWEEN 7 AND 10 THEN 12 + n % 6 END,
      CASE WHEN si BETWEEN 7 AND 10 THEN svc.costs[1 + n % ${sql.lit(serviceCount)}] END,
      CASE WHEN si BETWEEN 8 AND 10 THEN d0 + ${sql.lit(o7)} + stay END,
      CASE WHEN si BETWEEN 8 AND 10 THEN (CASE WHEN n % 100 < 47 THEN 'completed' WHEN n % 100 < 72 THEN 'left_early' WHEN n % 100 < 82 THEN 'asked_to_leave' WHEN n % 100 < 96 THEN 'transferred' ELSE 'other' END) END,
      CASE WHEN si BETWEEN 8 AND 10 AND n % 100 BETWEEN 47 AND 81 THEN 'Risk assessed before leaving; naloxone given.' ELSE '' END,
      CASE WHEN si BETWEEN 8 AND 10 AND n % 100 BETWEEN 47 AND 81 AND n % 13 <> 0
           THEN (d0 + ${sql.lit(o7)} + stay)::timestamp + (CASE WHEN n % 5 = 0 THEN interval '3 days 2 hours' ELSE interval '14 hours' END) END,
      CASE WHEN si BETWEEN 9 AND 10 THEN d0 + ${sql.lit(o7)} + stay + 5 END,
      CASE WHEN si = 10 THEN d0 + ${sql.lit(o7)} + stay + 400 END,
      CASE WHEN si = 11 THEN d0 + 20 END,
      CASE WHEN si = 11 THEN (CASE WHEN age >= 20 THEN 'referred' ELSE 'identified' END) END,
      CASE WHEN si = 11 THEN 'Chose community treatment.' ELSE '' END
    FROM staged JOIN p ON p.k = staged.n % ${sql.lit(scale.partnerships)} CROSS JOIN svc
    WHERE si <> 11 OR age >= 20`.execute(db);

  // Reviews during stays and follow-ups after them; the older ones mostly done.
  await sql`
    INSERT INTO referral_reviews (partnership_id, referral_id, kind, due_on, completed_on)
    SELECT r.partnership_id, r.id, v.kind, r.admitted_on + v.days, CASE WHEN r.admitted_on + v.days < CURRENT_DATE - 3 AND hashtext(r.local_reference) % 5 <> 0 THEN r.admitted_on + v.days + 2 END
    FROM referrals r CROSS JOIN (VALUES ('risk', 7), ('care_plan', 14), ('risk', 35), ('care_plan', 42)) AS v(kind, days)
    WHERE r.admitted_on IS NOT NULL AND (r.discharged_on IS NULL OR r.admitted_on + v.days <= r.discharged_on)`.execute(db);
  await sql`
    INSERT INTO referral_reviews (partnership_id, referral_id, kind, due_on, completed_on)
    SELECT r.partnership_id, r.id, v.kind, r.discharged_on + v.days, CASE WHEN r.discharged_on + v.days < CURRENT_DATE AND hashtext(r.local_reference) % 4 <> 0 THEN r.discharged_on + v.days + 5 END
    FROM referrals r CROSS JOIN (VALUES ('follow_up_3_months', 91), ('follow_up_6_months', 182), ('follow_up_12_months', 365)) AS v(kind, days)
    WHERE r.discharged_on IS NOT NULL`.execute(db);
  await sql`
    INSERT INTO referral_contacts (partnership_id, referral_id, contacted_on, note)
    SELECT r.partnership_id, r.id, r.waiting_since + v.days, 'Phoned to check in.'
    FROM referrals r CROSS JOIN (VALUES (7), (14)) AS v(days)
    WHERE r.waiting_since IS NOT NULL AND r.waiting_since + v.days <= coalesce(r.admitted_on, CURRENT_DATE)`.execute(db);
  await sql`ANALYZE`.execute(db);

  const partnership = await db.selectFrom('partnerships').select('id').where('name', 'like', 'Pathway bench partnership 001%').executeTakeFirstOrThrow();
  const lead = await db
    .insertInto('users')
    .values({ email: benchEmail, display_name: 'Bench Lead (fictional)', password_hash: await hashPassword(benchPassword) })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('memberships').values({ partnership_id: partnership.id, user_id: lead.id, role: 'lead_commissioner' }).execute();
  await seedPublishedFigures(db, partnership.id, lead.id);
  return { partnershipId: partnership.id, seconds: (performance.now() - started) / 1000 };
}

/**
 * Published figures for the measured partnership's (fictional) area, its region and England:
 * five financial years and their quarters, so the dashboard's access rates, trend and fair
 * access all have figures to read, as they would in use.
 */
async function seedPublishedFigures(db: Kysely<Database>, partnershipId: string, userId: string) {
  const areaCode = 'E06999950';
  await db.updateTable('partnerships').set({ ons_code: areaCode }).where('id', '=', partnershipId).execute();
  const imported = await db.insertInto('aggregate_imports').values({ imported_by: userId, source: 'Benchmark figures (fictional)', data_as_of: '2026-10-31' }).returning('id').executeTakeFirstOrThrow();
  await sql`INSERT INTO aggregate_areas (area_code, area_name, area_level, region_code) VALUES
    (${areaCode}, 'Bench area (fictional)', 'local_authority', 'E12000002'), ('E12000002', 'North West', 'region', 'E92000001'), ('E92000001', 'England', 'england', NULL)
    ON CONFLICT (area_code) DO NOTHING`.execute(db);
  await sql`
    INSERT INTO aggregate_figures (area_code, area_level, period_unit, period_start, measure, breakdown, breakdown_value, value, import_id)
    SELECT a.code, a.level, p.unit, p.start, m.measure, 'all', 'all', round(a.scale * m.share * (CASE WHEN p.unit = 'year' THEN 1 ELSE 0.25 END)), ${imported.id}
    FROM (VALUES (${areaCode}, 'local_authority', 2500.0), ('E12000002', 'region', 50000.0), ('E92000001', 'england', 310863.0)) AS a(code, level, scale)
    CROSS JOIN (
      SELECT 'year' AS unit, make_date(y, 4, 1) AS start FROM generate_series(2021, 2026) AS y
      UNION ALL SELECT 'quarter', (make_date(y, 4, 1) + (q * interval '3 months'))::date FROM generate_series(2021, 2026) AS y, generate_series(0, 3) AS q
    ) AS p
    CROSS JOIN (VALUES ('adults_in_treatment', 1.0), ('new_presentations', 0.51), ('residential_rehab_starts', 0.012), ('inpatient_detox_starts', 0.02), ('successful_completions', 0.45)) AS m(measure, share)
    ON CONFLICT DO NOTHING`.execute(db);
  await sql`
    INSERT INTO aggregate_figures (area_code, area_level, period_unit, period_start, measure, breakdown, breakdown_value, value, import_id)
    SELECT ${areaCode}, 'local_authority', 'year', make_date(y, 4, 1), 'adults_in_treatment', b.breakdown, b.value, round(2500 * b.share), ${imported.id}
    FROM generate_series(2021, 2026) AS y
    CROSS JOIN (VALUES ('sex', 'male', 0.68), ('sex', 'female', 0.31), ('sex', 'not_stated', 0.01), ('main_substance', 'drugs', 0.55), ('main_substance', 'alcohol', 0.3), ('main_substance', 'both', 0.15),
      ('age_band', '18-24', 0.05), ('age_band', '25-34', 0.2), ('age_band', '35-44', 0.33), ('age_band', '45-54', 0.27), ('age_band', '55-64', 0.12), ('age_band', '65+', 0.03),
      ('ethnicity_group', 'white', 0.85), ('ethnicity_group', 'asian', 0.05), ('ethnicity_group', 'black', 0.04), ('ethnicity_group', 'mixed', 0.03), ('ethnicity_group', 'other', 0.01), ('ethnicity_group', 'not_stated', 0.02),
      ('disability', 'yes', 0.25), ('disability', 'no', 0.7), ('disability', 'not_stated', 0.05)) AS b(breakdown, value, share)`.execute(db);
}

/**
 * The yardstick for the import: COPY of the same file, headings skipped, into a table with a text
 * column for each heading and no checks at all. Returns how long it took, in milliseconds.
 */
async function copySameFile(db: Kysely<Database>, file: string): Promise<number> {
  const headingCount = (file.slice(0, file.indexOf('\n')).match(/,/g)?.length ?? 0) + 1;
  const columns = Array.from({ length: headingCount }, (_, index) => `c${index + 1}`);
  await sql`DROP TABLE IF EXISTS bench_copy_yardstick`.execute(db);
  await sql.raw(`CREATE TABLE bench_copy_yardstick (${columns.map((column) => `${column} text`).join(', ')})`).execute(db);
  try {
    const started = process.hrtime.bigint();
    await copyCsvInto(db, 'bench_copy_yardstick', columns, file.slice(file.indexOf('\n') + 1));
    return Number(process.hrtime.bigint() - started) / 1e6;
  } finally {
    await sql`DROP TABLE bench_copy_yardstick`.execute(db);
  }
}

/** A file of referral histories in the import's layout: every stage represented, the way a spreadsheet export would have it. */
export function importFile(rows: number, today: Date): string {
  const headings = [
    'reference',
    'identifiedVia',
    'referringService',
    'keyworkerRole',
    'ageBand',
    'sex',
    'ethnicity',
    'mainSubstance',
    'complexity',
    'identifiedOn',
    'referredOn',
    'assessedOn',
    'eligibilityDecision',
    'eligibilityReasons',
    'preparingOn',
    'service',
    'fundingRequestedOn',
    'fundingRoute',
    'fundingDecision',
    'fundingDecidedBy',
    'fundingDecidedOn',
    'waitingSince',
    'aftercarePlanAgreedOn',
    'admittedOn',
    'plannedWeeks',
    'dischargedOn',
    'dischargeOutcome',
    'riskAssessmentSummary',
    'referrerToldAt',
    'aftercareStartedOn',
    'closedOn',
    'withdrawnOn',
    'withdrawnReason',
  ] as const;
  const headingText = headings.map((key) => referralImportColumns.find((column) => column.key === key)?.heading as string);
  const day = (base: number, plus: number) => {
    const value = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - base + plus));
    return `${String(value.getUTCDate()).padStart(2, '0')}/${String(value.getUTCMonth() + 1).padStart(2, '0')}/${value.getUTCFullYear()}`;
  };
  const lines = [headingText.join(',')];
  for (let n = 0; n < rows; n += 1) {
    const age = 320 + (n % 400);
    const stay = 20 + (n % 80);
    const kind = n % 10;
    const cells: Record<(typeof headings)[number], string> = {
      reference: `IMP-${String(n).padStart(6, '0')}`,
      identifiedVia: ['At a care-plan review', 'prison', 'Hospital', 'self referral', 'presentation'][n % 5] as string,
      referringService: 'Imported community team',
      keyworkerRole: 'Recovery worker',
      ageBand: ['25-34', '35 to 44', '45-54', '29', '18 to 24'][n % 5] as string,
      sex: ['Male', 'female', 'M', 'F'][n % 4] as string,
      ethnicity: ['White', 'asian', 'Black', 'not_stated'][n % 4] as string,
      mainSubstance: ['Alcohol', 'drugs', 'both'][n % 3] as string,
      complexity: n % 3 === 0 ? 'Mental health problems; homelessness' : '',
      identifiedOn: day(age, 0),
      referredOn: day(age, 7),
      assessedOn: kind >= 1 ? day(age, 20) : '',
      eligibilityDecision: kind >= 1 ? 'Eligible' : '',
      eligibilityReasons: kind >= 1 ? 'Community treatment has not worked' : '',
      preparingOn: kind >= 2 ? day(age, 27) : '',
      service: kind >= 2 ? `Pathway bench service ${1 + (n % serviceCount)}` : '',
      fundingRequestedOn: kind >= 3 ? day(age, 40) : '',
      fundingRoute: kind >= 3 ? 'Standard route' : '',
      fundingDecision: kind >= 4 ? 'Approved' : '',
      fundingDecidedBy: kind >= 4 ? 'panel' : '',
      fundingDecidedOn: kind >= 4 ? day(age, 48) : '',
      waitingSince: kind >= 4 ? day(age, 49) : '',
      aftercarePlanAgreedOn: kind >= 5 ? day(age, 55) : '',
      admittedOn: kind >= 5 ? day(age, 60) : '',
      plannedWeeks: kind >= 5 ? '12' : '',
      dischargedOn: kind >= 6 ? day(age, 60 + stay) : '',
      dischargeOutcome: kind >= 6 ? (['Completed as planned', 'left_early', 'Transferred to another service'][n % 3] as string) : '',
      riskAssessmentSummary: kind >= 6 && n % 3 === 1 ? 'Naloxone given before leaving' : '',
      referrerToldAt: kind >= 6 && n % 3 === 1 ? `${day(age, 60 + stay)} 15:30` : '',
      aftercareStartedOn: kind >= 7 ? day(age, 62 + stay) : '',
      closedOn: kind >= 9 ? day(age, 190 + stay) : '',
      withdrawnOn: kind === 0 ? day(age, 30) : '',
      withdrawnReason: kind === 0 ? 'Chose community treatment' : '',
    };
    lines.push(headings.map((key) => cells[key]).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** A signed-in browser that can also send a file, as the import form does. */
class Browser extends Visitor {
  upload(file: string) {
    return this.uploadFile('/referrals/import', 'referralsFile', { data: file, name: 'bench-referrals.csv' });
  }
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

export async function measurePathway(postgresUrl: string | undefined): Promise<boolean> {
  const scale = postgresUrl ? postgresScale : pgliteScale;
  const where = postgresUrl ? 'PostgreSQL' : 'PGlite';
  const database = await openBenchDatabase(postgresUrl);
  try {
    await prepareDatabase(database.db);
    await seedDemo(database.db);
    const { partnershipId, seconds } = await seedScale(database.db, scale);
    const perPartnership = await database.db
      .selectFrom('referrals')
      .select((eb) => eb.fn.countAll<string | number>().as('count'))
      .where('partnership_id', '=', partnershipId)
      .executeTakeFirstOrThrow();
    console.log(
      `\nGenerated ${scale.referrals.toLocaleString('en-GB')} referrals across ${scale.partnerships} partnerships (${Number(perPartnership.count).toLocaleString('en-GB')} in the one measured), with reviews and contacts, on ${where} in ${seconds.toFixed(1)} s`,
    );

    const app = await buildApp({ db: database.db, config: testConfig(), logger: false });
    await app.ready();
    const lead = new Browser(app);
    await lead.signIn(benchEmail, benchPassword);
    const page = (url: string) => async () => {
      const response = await lead.get(url);
      if (response.statusCode !== 200) throw new Error(`${url} answered ${response.statusCode}`);
    };
    const now = new Date();
    const today = ukDateOf(now);
    const year = today.slice(0, 4);
    const timings: Timing[] = [];
    let dashboardRatio = Number.POSITIVE_INFINITY;
    timings.push(await time('Summary page: last 12 months, by referral date', 10, 500, page('/pathway/summary')));
    timings.push(await time(`Summary page: the whole of ${year}, by admission date`, 10, 500, page(`/pathway/summary?period=${year}&basis=admission`)));
    timings.push(await time('Work queues page (all 6 queues, up to 500 rows each)', 20, 500, page('/pathway/queues')));

    // The dashboard against the SQL behind it, side by side, alternating so both see the same machine.
    const financialYear = `${Number(today.slice(5, 7)) >= 4 ? year : Number(year) - 1}`;
    const fyKey = `${financialYear}-${String((Number(financialYear) + 1) % 100).padStart(2, '0')}`;
    const dashboardPeriod = periodOfKey(fyKey, 'year') as Period;
    const dashboardPage = page(`/insight?unit=year&period=${fyKey}&basis=referral`);
    const dashboardSql = async () => void (await loadDashboard(database.db, partnershipId, { period: dashboardPeriod, basis: 'referral', now }));
    const paired = await timePair(['Dashboard page: this financial year (HTTP, rendering, charts)', dashboardPage], ['  The same figures: its SQL statements run directly', dashboardSql], 20, 300);
    timings.push(...paired.timings);
    dashboardRatio = paired.ratio;
    timings.push(await time('Pathway funnel page: this financial year', 10, 300, page(`/insight/funnel?unit=year&period=${fyKey}`)));
    const db = database.db;
    const target = await fundingDecisionTargetDays(db, partnershipId);
    timings.push(await time('  Queue: funding decision over target', 20, 100, async () => void (await fundingDecisionOverdue(db, partnershipId, today, target))));
    timings.push(await time('  Queue: waiting for admission', 20, 100, async () => void (await waitingForAdmission(db, partnershipId, today))));
    timings.push(await time('  Queue: admitted without an aftercare plan', 20, 100, async () => void (await admittedWithoutAftercare(db, partnershipId))));
    timings.push(await time('  Queue: stays past their planned length', 20, 100, async () => void (await staysPastPlannedLength(db, partnershipId, today))));
    timings.push(await time('  Queue: unplanned discharges not notified', 20, 100, async () => void (await unplannedDischargesNotNotified(db, partnershipId, today))));
    timings.push(await time('  Queue: reviews and follow-ups due', 20, 100, async () => void (await reviewsDue(db, partnershipId, today))));
    timings.push(await time(`CSV export of the partnership (${Number(perPartnership.count).toLocaleString('en-GB')} referrals)`, 5, 3000, page('/referrals/export.csv')));
    timings.push(await time('xlsx export of the partnership', 3, 8000, page('/referrals/export.xlsx')));

    // The import: one run (a second would clash with the first one's references).
    const file = importFile(scale.importRows, now);
    let peakRss = process.memoryUsage().rss;
    let peakHeap = process.memoryUsage().heapUsed;
    const baseRss = peakRss;
    const baseHeap = peakHeap;
    const sampler = setInterval(() => {
      const memory = process.memoryUsage();
      peakRss = Math.max(peakRss, memory.rss);
      peakHeap = Math.max(peakHeap, memory.heapUsed);
    }, 50);
    const started = process.hrtime.bigint();
    const response = await lead.upload(file);
    const took = Number(process.hrtime.bigint() - started) / 1e6;
    clearInterval(sampler);
    if (response.statusCode !== 302) throw new Error(`The import answered ${response.statusCode}: ${/govuk-error-summary__list[\s\S]*?<\/ul>/.exec(response.body)?.[0] ?? ''}`);
    timings.push({ name: `CSV import: ${scale.importRows.toLocaleString('en-GB')} rows (${(file.length / 1024 / 1024).toFixed(0)} MB), one run`, runs: 1, medianMs: took, p95Ms: took, targetMs: scale.importTargetMs });
    const copyMs = await copySameFile(database.db, file);
    const importShare = copyMs / took;
    const importShareMet = postgresUrl ? importShare >= 1 / 3 : true;
    console.log(
      `Import beside COPY of the same file into a table of text columns: import ${Math.round(scale.importRows / (took / 1000)).toLocaleString('en-GB')} rows a second, ` +
        `COPY ${Math.round(scale.importRows / (copyMs / 1000)).toLocaleString('en-GB')}: ${(importShare * 100).toFixed(1)}% of COPY's rate${postgresUrl ? ' (target at least 33%)' : ''}`,
    );
    summarise({ measure: `Referral import ÷ COPY of the same file, ${where}`, figure: `${(importShare * 100).toFixed(1)}%`, target: postgresUrl ? '≥ 33%' : '(none)', met: importShareMet });
    if (!postgresUrl) {
      summarise({ measure: `Referral import of ${scale.importRows.toLocaleString('en-GB')} rows, ${where}`, figure: `${(took / 1000).toFixed(1)} s`, target: `< ${(scale.importTargetMs / 1000).toFixed(0)} s`, met: took < scale.importTargetMs });
    }
    await app.close();
    const met = report(`Pathway tracker: ${scale.referrals.toLocaleString('en-GB')} referrals across ${scale.partnerships} partnerships, on ${where}`, timings);
    const ratioMet = dashboardRatio <= 1.5;
    console.log(`Dashboard ÷ its SQL (p95, measured alternately in one run): ${dashboardRatio.toFixed(2)}× (target at most 1.5×) ${ratioMet ? 'yes' : 'NO'}`);
    console.log(
      `Import: ${Math.round(scale.importRows / (took / 1000)).toLocaleString('en-GB')} rows a second. Memory: JavaScript heap ${mb(baseHeap)} before, at most ${mb(peakHeap)} during; ` +
        `process (RSS) ${mb(baseRss)} before, at most ${mb(peakRss)} during. The benchmark itself holds the file and the upload in memory${postgresUrl ? '' : '; PGlite keeps its whole database in this process'}.`,
    );
    return met && ratioMet && importShareMet;
  } finally {
    await database.close();
  }
}
