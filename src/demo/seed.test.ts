import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/database.js';
import type { DatabaseHandle } from '../platform/db/connect.js';
import { demoAccounts, seedDemo } from './seed.js';

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db, { sampleWork: true, today: new Date('2026-11-23T12:00:00Z') });
});
afterAll(async () => database.close());

describe('the demo data', () => {
  it('has one account per role and uses only reserved example addresses', async () => {
    const users = await database.db.selectFrom('users').select('email').execute();
    expect(users).toHaveLength(demoAccounts.length);
    expect(users.every((user) => user.email.endsWith('.example'))).toBe(true);
    const roles = await database.db.selectFrom('memberships').select('role').distinct().execute();
    expect(roles.map((row) => row.role).sort()).toEqual(['contributor', 'lead_commissioner', 'pathway_staff', 'peer_reviewer', 'viewer']);
  });

  it('has a signed-off round with every statement agreed, an open round built on it, and one waiting for peer review', async () => {
    const rounds = await database.db.selectFrom('assessment_rounds').select(['id', 'status', 'previous_round_id']).orderBy('created_at').execute();
    expect(rounds.map((round) => round.status).sort()).toEqual(['open', 'peer_review', 'signed_off']);
    const completed = rounds.find((round) => round.status === 'signed_off');
    const open = rounds.find((round) => round.status === 'open');
    expect(open?.previous_round_id).toBe(completed?.id);
    const statements = await database.db.selectFrom('template_statements').select('id').execute();
    const agreed = await database.db.selectFrom('agreed_answers').select('id').where('round_id', '=', completed?.id as string).execute();
    expect(agreed).toHaveLength(statements.length);
    const inReview = rounds.find((round) => round.status === 'peer_review');
    expect(await database.db.selectFrom('agreed_answers').select('id').where('round_id', '=', inReview?.id as string).execute()).toHaveLength(statements.length);
    const actions = await database.db.selectFrom('actions').select(['status', 'due_on']).execute();
    expect(new Set(actions.map((action) => action.status)).size).toBeGreaterThanOrEqual(3);
    expect(actions.some((action) => action.status !== 'done' && action.due_on < '2026-11-23')).toBe(true);
    const decisions = await database.db.selectFrom('peer_review_decisions').select('decision').execute();
    expect(decisions.map((row) => row.decision)).toEqual(['signed_off']);
    const evidence = await database.db.selectFrom('statement_evidence').select(['kind', 'round_id', 'link']).execute();
    expect(evidence.map((item) => item.kind).sort()).toEqual(['lived_experience', 'numerical', 'process']);
    expect(evidence.every((item) => item.round_id === open?.id)).toBe(true);
    expect(evidence.every((item) => item.link === null || item.link.startsWith('https://www.example.org/'))).toBe(true);
  });

  it('keeps the linked figures with last year’s agreed answers, for the period of that round', async () => {
    const kept = await database.db
      .selectFrom('agreed_answers')
      .innerJoin('assessment_rounds', 'assessment_rounds.id', 'agreed_answers.round_id')
      .innerJoin('template_statements', 'template_statements.id', 'agreed_answers.statement_id')
      .select(['template_statements.key', 'agreed_answers.figures', 'assessment_rounds.responses_due_on'])
      .where('assessment_rounds.status', '=', 'signed_off')
      .execute();
    const funding = kept.find((answer) => answer.key === 'FUND-04');
    const figures = funding?.figures as Array<{ measure: string; figure: { to: string; value: number | null } }>;
    expect(figures.map((figure) => figure.measure)).toEqual(['days_to_funding_decision']);
    expect(figures[0]?.figure.to).toBe(funding?.responses_due_on);
    expect(kept.filter((answer) => (answer.figures as unknown[]).length).length).toBeGreaterThanOrEqual(10);
    expect((kept.find((answer) => answer.key === 'GOV-01')?.figures as unknown[]).length).toBe(0);
  });

  it('gives two actions a measure with a baseline and a target, one of them off track', async () => {
    const targets = await database.db
      .selectFrom('actions')
      .select(['measure', 'baseline', 'baseline_on', 'baseline_figure', 'target_value', 'target_on'])
      .where('measure', 'is not', null)
      .orderBy('measure')
      .execute();
    expect(targets.map((action) => action.measure)).toEqual(['aftercare_before_admission', 'days_to_funding_decision']);
    for (const action of targets) {
      expect(action.baseline_figure).toMatchObject({ measure: action.measure, value: Number(action.baseline) });
      expect((action.target_on as string) > '2026-11-23' && (action.baseline_on as string) < '2026-11-23').toBe(true);
    }
    const [aftercare, days] = targets;
    // Aftercare should rise, days should fall.
    expect(Number(aftercare?.target_value)).toBeGreaterThan(Number(aftercare?.baseline));
    expect(Number(days?.target_value)).toBeLessThan(Number(days?.baseline));
  });
});
