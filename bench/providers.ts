import { sql } from 'kysely';
import { buildApp } from '../src/app.js';
import { testConfig } from '../src/config.js';
import { seedDemo } from '../src/demo/seed.js';
import { prepareDatabase } from '../src/prepare-database.js';
import { searchServices } from '../src/providers/directory-repository.js';
import { Visitor } from '../test/app.js';
import { openBenchDatabase } from './databases.js';
import { report, time, type Timing } from './measure.js';

const serviceCount = 5000;
const partnershipCount = 100;

/**
 * 5,000 services and 100 partnerships with contracts, generated in SQL (INSERT ... SELECT
 * generate_series) so that setting up takes seconds, not minutes.
 */
async function seedScale(db: Parameters<typeof prepareDatabase>[0]) {
  await sql`
    INSERT INTO providers (name)
    SELECT 'Benchmark provider ' || n || ' (fictional)' FROM generate_series(1, 500) AS n`.execute(db);
  await sql`
    INSERT INTO services (provider_id, name, kind, approaches, specialisms, detox_on_site, region, beds, weekly_cost_pence,
                          waiting_weeks, waiting_updated_on, regulator_rating, rating_date, step_free_access, adapted_rooms)
    SELECT p.id,
           'Benchmark service ' || n,
           (ARRAY['residential_rehab','inpatient_detox','second_stage','crisis'])[1 + n % 4],
           ARRAY[(ARRAY['therapeutic_community','twelve_step','faith_based','cognitive_behavioural','other'])[1 + n % 5]],
           ARRAY[(ARRAY['women_only','men_only','parents_with_children','pregnant_women','co_occurring_mental_health','liver_disease','alcohol_only','drugs_only','leaving_prison'])[1 + n % 9],
                 (ARRAY['older_adults','young_adults','lgbtq_plus'])[1 + n % 3]],
           n % 3 = 0,
           (ARRAY['North East','North West','Yorkshire and the Humber','East Midlands','West Midlands','East of England','London','South East','South West'])[1 + n % 9],
           8 + n % 30,
           60000 + (n * 37 % 200) * 1000,
           n % 17,
           DATE '2026-10-01',
           (ARRAY['outstanding','good','requires_improvement','inadequate','not_rated'])[1 + n % 5],
           DATE '2025-06-01',
           n % 2 = 0,
           n % 5 = 0
    FROM generate_series(1, ${serviceCount}) AS n
    JOIN LATERAL (SELECT id FROM providers ORDER BY id OFFSET (n % 500) LIMIT 1) AS p ON true`.execute(db);
  const creator = await db.selectFrom('users').select('id').executeTakeFirstOrThrow();
  await sql`
    INSERT INTO partnerships (name, region)
    SELECT 'Benchmark partnership ' || n || ' (fictional)', 'London' FROM generate_series(1, ${partnershipCount}) AS n`.execute(db);
  await sql`
    INSERT INTO contracts (partnership_id, service_id, contract_type, starts_on, ends_on, bed_nights_purchased, weekly_price_pence, next_review_on, created_by)
    SELECT p.id, s.id, CASE WHEN random() < 0.5 THEN 'spot' ELSE 'block' END, DATE '2026-01-01', DATE '2027-03-31', 365, 95000, DATE '2026-12-01', ${creator.id}
    FROM (SELECT id, row_number() OVER () AS r FROM partnerships) AS p
    JOIN LATERAL (SELECT id FROM services ORDER BY id OFFSET (p.r * 7 % ${serviceCount}) LIMIT 20) AS s ON true`.execute(db);
  await sql`ANALYZE`.execute(db);
}

export async function measureProviders(postgresUrl: string | undefined): Promise<boolean> {
  const database = await openBenchDatabase(postgresUrl);
  try {
    await prepareDatabase(database.db);
    await seedDemo(database.db, { sampleWork: true });
    await seedScale(database.db);
    const app = await buildApp({ db: database.db, config: testConfig(), logger: false });
    await app.ready();
    const lead = new Visitor(app);
    await lead.signIn('lead@northmoor.example', 'demo-lead-password');
    const page = (url: string) => async () => {
      const response = await lead.get(url);
      if (response.statusCode !== 200) throw new Error(`${url} answered ${response.statusCode}`);
    };
    const timings: Timing[] = [];
    timings.push(
      await time('Search function: residential rehab, women only, under £1,500, sorted by cost', 30, 100, async () => {
        await searchServices(database.db, { kind: 'residential_rehab', specialisms: ['women_only'], maxWeeklyCostPence: 150_000 }, { sort: 'cost', limit: 20, offset: 0 });
      }),
    );
    timings.push(await time('Search page: no filters, first page', 20, 200, page('/services')));
    timings.push(await time('Search page: kind + region + max cost + detox, by waiting time', 20, 200, page('/services?kind=residential_rehab&region=London&maxCost=1500&detox=yes&sort=wait')));
    timings.push(await time('Search page: specialism + rating good or better + step-free, page 3', 20, 200, page('/services?specialism=co_occurring_mental_health&rating=good&access=step_free&page=3')));
    timings.push(await time('Search export: all 5,000 services as CSV', 5, 2000, page('/services/export.csv')));
    timings.push(await time('Contracts page (partnership with contracts among 100)', 20, 200, page('/commissioning/contracts')));
    timings.push(await time('Home page with commissioning alerts', 20, 200, page('/')));
    await app.close();
    return report(`Provider directory: ${serviceCount.toLocaleString('en-GB')} services, ${partnershipCount} partnerships' contracts, on ${postgresUrl ? 'PostgreSQL' : 'PGlite'}`, timings);
  } finally {
    await database.close();
  }
}
