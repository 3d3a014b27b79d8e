import { Visitor } from '../test/app.js';
import { buildApp } from '../src/app.js';
import { testConfig } from '../src/config.js';
import { hashPassword } from '../src/platform/auth/passwords.js';
import type { DatabaseHandle } from '../src/platform/db/connect.js';
import { openBenchDatabase } from './databases.js';
import type { Rating } from '../src/platform/db/schema.js';
import { prepareDatabase } from '../src/prepare-database.js';
import { report, time, type Timing } from './measure.js';

const contributorCount = 20;
const ratings: Rating[] = ['in_place', 'partly', 'not_in_place', 'dont_know', 'not_applicable'];

/** One partnership whose round has 20 contributors' answers to every statement, agreed answers and an action plan. */
async function seedLargeRound(database: DatabaseHandle) {
  const { db } = database;
  const passwordHash = await hashPassword('benchmark password');
  return db.transaction().execute(async (trx) => {
    const partnership = await trx.insertInto('partnerships').values({ name: 'Benchmark Partnership (fictional)', ons_code: null, region: 'London' }).returning('id').executeTakeFirstOrThrow();
    const lead = await trx.insertInto('users').values({ email: 'lead@bench.example', display_name: 'Bench Lead', password_hash: passwordHash }).returning('id').executeTakeFirstOrThrow();
    await trx.insertInto('memberships').values({ partnership_id: partnership.id, user_id: lead.id, role: 'lead_commissioner', organisation: 'Bench Council', partner_type: 'commissioner' }).execute();
    const template = await trx.selectFrom('assessment_templates').select('id').executeTakeFirstOrThrow();
    const statements = await trx.selectFrom('template_statements').select(['id', 'key']).where('template_id', '=', template.id).execute();
    const round = await trx
      .insertInto('assessment_rounds')
      .values({ partnership_id: partnership.id, template_id: template.id, title: 'Benchmark round', status: 'agreeing', starts_on: '2026-09-01', responses_due_on: '2026-10-31', re_evaluate_on: '2027-10-31', created_by: lead.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (let index = 0; index < contributorCount; index += 1) {
      const user = await trx
        .insertInto('users')
        .values({ email: `contributor${index}@bench.example`, display_name: `Contributor ${index}`, password_hash: passwordHash })
        .returning('id')
        .executeTakeFirstOrThrow();
      const organisation = `Partner organisation ${index} (fictional)`;
      const membership = await trx
        .insertInto('memberships')
        .values({ partnership_id: partnership.id, user_id: user.id, role: 'contributor', organisation, partner_type: 'community_treatment' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('round_participants')
        .values({ partnership_id: partnership.id, round_id: round.id, membership_id: membership.id, name: `Contributor ${index}`, organisation, partner_type: 'community_treatment' })
        .execute();
      await trx
        .insertInto('responses')
        .values(
          statements.map((statement, position) => ({
            partnership_id: partnership.id,
            round_id: round.id,
            statement_id: statement.id,
            respondent_user_id: user.id,
            organisation,
            rating: ratings[(index + position) % ratings.length] as Rating,
            evidence: `Evidence from partner ${index} about ${statement.key}: referral figures, the pathway flowchart and minutes of the last review.`,
          })),
        )
        .execute();
    }
    await trx
      .insertInto('agreed_answers')
      .values(
        statements.map((statement, position) => ({
          partnership_id: partnership.id,
          round_id: round.id,
          statement_id: statement.id,
          rating: ratings[position % 3] as Rating,
          judgement: position % 3 === 0 ? ('strength' as const) : ('concern' as const),
          rationale: 'Agreed at the partnership workshop.',
          updated_by: lead.id,
        })),
      )
      .execute();
    for (let index = 0; index < 30; index += 1) {
      const action = await trx
        .insertInto('actions')
        .values({
          partnership_id: partnership.id,
          round_id: round.id,
          description: `Benchmark action ${index}`,
          purpose: index % 4 === 0 ? 'maintain_strength' : 'address_concern',
          lead_person: `Lead ${index % 5}`,
          lead_organisation: `Partner organisation ${index % 5} (fictional)`,
          due_on: `2027-0${(index % 9) + 1}-15`,
          status: (['not_started', 'in_progress', 'done', 'blocked'] as const)[index % 4],
          created_by: lead.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.insertInto('action_statements').values({ action_id: action.id, statement_id: (statements[index] ?? statements[0])!.id }).execute();
      await trx.insertInto('action_updates').values({ partnership_id: partnership.id, action_id: action.id, recorded_on: '2026-11-01', status: 'in_progress', note: 'Progress noted', created_by: lead.id }).execute();
    }
    return { roundId: round.id };
  });
}

export async function measureAssessment(postgresUrl: string | undefined): Promise<boolean> {
  const database = await openBenchDatabase(postgresUrl);
  try {
    await prepareDatabase(database.db);
    const { roundId } = await seedLargeRound(database);
    const app = await buildApp({ db: database.db, config: testConfig(), logger: false });
    await app.ready();
    const lead = new Visitor(app);
    await lead.signIn('lead@bench.example', 'benchmark password');
    const fetchOk = (url: string) => async () => {
      const response = await lead.get(url);
      if (response.statusCode !== 200) throw new Error(`${url} answered ${response.statusCode}`);
    };
    const timings: Timing[] = [];
    const runs = 20;
    timings.push(await time('Round overview', runs, 150, fetchOk(`/assessments/${roundId}`)));
    timings.push(await time('Round summary (results page, chart and comparison)', runs, 200, fetchOk(`/assessments/${roundId}/results`)));
    timings.push(await time('Agreed answers list (1,340 responses)', runs, 300, fetchOk(`/assessments/${roundId}/agree`)));
    timings.push(await time('xlsx workbook export (20 contributors)', 10, 1000, fetchOk(`/assessments/${roundId}/export.xlsx`)));
    timings.push(await time('Printable report', runs, 400, fetchOk(`/assessments/${roundId}/report`)));
    timings.push(await time('Action plan CSV', runs, 150, fetchOk(`/assessments/${roundId}/actions.csv`)));
    await app.close();
    const heapMb = process.memoryUsage().heapUsed / 1024 / 1024;
    const met = report(`Self-assessment with ${contributorCount} contributors on ${postgresUrl ? 'PostgreSQL' : 'PGlite'}`, timings);
    console.log(`Heap in use after the run: ${heapMb.toFixed(0)} MB; RSS ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB`);
    return met;
  } finally {
    await database.close();
  }
}
