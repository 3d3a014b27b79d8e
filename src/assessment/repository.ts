import { sql } from 'kysely';
import type { EvidenceMeasureKey, SuggestedRating } from '../insight/index.js';
import type { Executor } from '../platform/db/executor.js';
import type { Judgement, Rating, RoundStatus } from '../platform/db/schema.js';

/** SQL for rounds, participants, responses and agreed answers. Every query takes the partnership id first. */

// Templates (shared by all partnerships) -----------------------------------------------------

export function listTemplates(db: Executor) {
  return db
    .selectFrom('assessment_templates')
    .select(['id', 'key', 'version', 'title', 'description', 'source', 'created_at'])
    .orderBy('created_at', 'desc')
    .execute();
}

export function findTemplate(db: Executor, templateId: string) {
  return db.selectFrom('assessment_templates').selectAll().where('id', '=', templateId).executeTakeFirst();
}

export interface TemplateStatement {
  id: string;
  key: string;
  text: string;
  good_looks_like: string;
  evidence: string[];
  position: number;
  /** The figures that evidence the statement, with the thresholds that suggest a rating. */
  measures: Array<{ measure: EvidenceMeasureKey; inPlace: number; partly: number }>;
}

export interface TemplateTheme {
  id: string;
  key: string;
  title: string;
  description: string;
  position: number;
  statements: TemplateStatement[];
}

/** A question bank's themes, each with its statements, in order. */
export async function templateStructure(db: Executor, templateId: string): Promise<TemplateTheme[]> {
  const [themes, statements, links] = await Promise.all([
    db.selectFrom('template_themes').select(['id', 'key', 'title', 'description', 'position']).where('template_id', '=', templateId).orderBy('position').execute(),
    db
      .selectFrom('template_statements')
      .select(['id', 'theme_id', 'key', 'text', 'good_looks_like', 'evidence', 'position'])
      .where('template_id', '=', templateId)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('template_statement_measures')
      .innerJoin('template_statements', 'template_statements.id', 'template_statement_measures.statement_id')
      .select(['template_statement_measures.statement_id', 'template_statement_measures.measure', 'template_statement_measures.in_place', 'template_statement_measures.partly'])
      .where('template_statements.template_id', '=', templateId)
      .orderBy('template_statement_measures.position')
      .execute(),
  ]);
  return themes.map((theme) => ({
    ...theme,
    statements: statements
      .filter((statement) => statement.theme_id === theme.id)
      .map(({ theme_id: _themeId, ...statement }) => ({
        ...statement,
        measures: links
          .filter((link) => link.statement_id === statement.id)
          .map((link) => ({ measure: link.measure as EvidenceMeasureKey, inPlace: Number(link.in_place), partly: Number(link.partly) })),
      })),
  }));
}

// Rounds ---------------------------------------------------------------------------------------

export function listRounds(db: Executor, partnershipId: string) {
  return db
    .selectFrom('assessment_rounds')
    .innerJoin('assessment_templates', 'assessment_templates.id', 'assessment_rounds.template_id')
    .select([
      'assessment_rounds.id',
      'assessment_rounds.title',
      'assessment_rounds.status',
      'assessment_rounds.starts_on',
      'assessment_rounds.responses_due_on',
      'assessment_rounds.re_evaluate_on',
      'assessment_rounds.created_at',
      'assessment_templates.title as template_title',
      'assessment_templates.version as template_version',
    ])
    .where('assessment_rounds.partnership_id', '=', partnershipId)
    .orderBy('assessment_rounds.created_at', 'desc')
    .execute();
}

export function findRound(db: Executor, partnershipId: string, roundId: string) {
  return db
    .selectFrom('assessment_rounds')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', roundId)
    .executeTakeFirst();
}

export type Round = NonNullable<Awaited<ReturnType<typeof findRound>>>;

export function insertRound(
  db: Executor,
  partnershipId: string,
  round: {
    templateId: string;
    previousRoundId: string | null;
    title: string;
    startsOn: string;
    responsesDueOn: string;
    reEvaluateOn: string | null;
    createdBy: string;
  },
) {
  return db
    .insertInto('assessment_rounds')
    .values({
      partnership_id: partnershipId,
      template_id: round.templateId,
      previous_round_id: round.previousRoundId,
      title: round.title,
      starts_on: round.startsOn,
      responses_due_on: round.responsesDueOn,
      re_evaluate_on: round.reEvaluateOn,
      created_by: round.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function updateRoundDetails(
  db: Executor,
  partnershipId: string,
  roundId: string,
  expectedVersion: number,
  changes: { title: string; startsOn: string; responsesDueOn: string; reEvaluateOn: string | null },
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('assessment_rounds')
    .set((eb) => ({
      title: changes.title,
      starts_on: changes.startsOn,
      responses_due_on: changes.responsesDueOn,
      re_evaluate_on: changes.reEvaluateOn,
      updated_at: now,
      version: eb('version', '+', 1),
    }))
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', roundId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function updateRoundStatus(
  db: Executor,
  partnershipId: string,
  roundId: string,
  from: RoundStatus,
  to: RoundStatus,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('assessment_rounds')
    .set((eb) => ({ status: to, updated_at: now, version: eb('version', '+', 1) }))
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', roundId)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// Participants -------------------------------------------------------------------------------

export function listParticipants(db: Executor, partnershipId: string, roundId: string) {
  return db
    .selectFrom('round_participants')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('round_id', '=', roundId)
    .orderBy('organisation')
    .orderBy('name')
    .execute();
}

export function findParticipant(db: Executor, partnershipId: string, participantId: string) {
  return db.selectFrom('round_participants').selectAll().where('partnership_id', '=', partnershipId).where('id', '=', participantId).executeTakeFirst();
}

export function findParticipantForMembership(db: Executor, partnershipId: string, roundId: string, membershipId: string) {
  return db
    .selectFrom('round_participants')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('round_id', '=', roundId)
    .where('membership_id', '=', membershipId)
    .executeTakeFirst();
}

export function insertParticipant(
  db: Executor,
  partnershipId: string,
  participant: {
    roundId: string;
    membershipId: string | null;
    name: string;
    organisation: string;
    partnerType: string;
    hasAuthority: boolean;
    knowsPathway: boolean;
  },
) {
  return db
    .insertInto('round_participants')
    .values({
      partnership_id: partnershipId,
      round_id: participant.roundId,
      membership_id: participant.membershipId,
      name: participant.name,
      organisation: participant.organisation,
      partner_type: participant.partnerType,
      has_authority: participant.hasAuthority,
      knows_pathway: participant.knowsPathway,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function updateParticipant(
  db: Executor,
  partnershipId: string,
  participantId: string,
  expectedVersion: number,
  changes: { name: string; organisation: string; partnerType: string; hasAuthority: boolean; knowsPathway: boolean },
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('round_participants')
    .set((eb) => ({
      name: changes.name,
      organisation: changes.organisation,
      partner_type: changes.partnerType,
      has_authority: changes.hasAuthority,
      knows_pathway: changes.knowsPathway,
      updated_at: now,
      version: eb('version', '+', 1),
    }))
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', participantId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deleteParticipant(db: Executor, partnershipId: string, participantId: string, expectedVersion: number): Promise<boolean> {
  const result = await db
    .deleteFrom('round_participants')
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', participantId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/**
 * Each of the round's partners who has an account in the partnership, with how many
 * statements they have rated so far (a "don't know" counts; an empty answer does not).
 */
export async function answersByPartner(db: Executor, partnershipId: string, roundId: string) {
  const rows = await db
    .selectFrom('round_participants as p')
    .innerJoin('memberships as m', (join) => join.onRef('m.id', '=', 'p.membership_id').on('m.partnership_id', '=', partnershipId))
    .leftJoin('responses as r', (join) =>
      join.onRef('r.respondent_user_id', '=', 'm.user_id').onRef('r.round_id', '=', 'p.round_id').on('r.partnership_id', '=', partnershipId).on('r.rating', 'is not', null),
    )
    .select((eb) => ['p.id', 'p.name', 'p.organisation', eb.fn.count<number>('r.id').as('answered')])
    .where('p.partnership_id', '=', partnershipId)
    .where('p.round_id', '=', roundId)
    .groupBy(['p.id', 'p.name', 'p.organisation'])
    .orderBy('p.organisation')
    .orderBy('p.name')
    .execute();
  return rows.map((row) => ({ ...row, answered: Number(row.answered) }));
}

// Responses ----------------------------------------------------------------------------------

export function responsesOf(db: Executor, partnershipId: string, roundId: string, userId: string) {
  return db
    .selectFrom('responses')
    .select(['id', 'statement_id', 'rating', 'evidence', 'version', 'updated_at'])
    .where('partnership_id', '=', partnershipId)
    .where('round_id', '=', roundId)
    .where('respondent_user_id', '=', userId)
    .execute();
}

/** Everyone's responses in a round, with who gave them. */
export function allResponses(db: Executor, partnershipId: string, roundId: string) {
  return db
    .selectFrom('responses')
    .innerJoin('users', 'users.id', 'responses.respondent_user_id')
    .select([
      'responses.id',
      'responses.statement_id',
      'responses.respondent_user_id',
      'responses.organisation',
      'responses.rating',
      'responses.evidence',
      'responses.updated_at',
      'users.display_name as respondent_name',
    ])
    .where('responses.partnership_id', '=', partnershipId)
    .where('responses.round_id', '=', roundId)
    .orderBy('responses.organisation')
    .orderBy('users.display_name')
    .execute();
}

/**
 * Saves one person's answer to one statement. Returns false when the answer changed since the
 * person loaded it (another tab or device), so nothing is silently overwritten.
 */
export async function saveResponse(
  db: Executor,
  partnershipId: string,
  response: {
    roundId: string;
    statementId: string;
    userId: string;
    organisation: string;
    rating: Rating | null;
    evidence: string;
    expectedVersion: number | null;
  },
  now: Date,
): Promise<boolean> {
  if (response.expectedVersion === null) {
    const inserted = await db
      .insertInto('responses')
      .values({
        partnership_id: partnershipId,
        round_id: response.roundId,
        statement_id: response.statementId,
        respondent_user_id: response.userId,
        organisation: response.organisation,
        rating: response.rating,
        evidence: response.evidence,
        updated_at: now,
      })
      .onConflict((conflict) => conflict.columns(['round_id', 'statement_id', 'respondent_user_id']).doNothing())
      .executeTakeFirst();
    return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
  }
  const updated = await db
    .updateTable('responses')
    .set((eb) => ({ rating: response.rating, evidence: response.evidence, organisation: response.organisation, updated_at: now, version: eb('version', '+', 1) }))
    .where('partnership_id', '=', partnershipId)
    .where('round_id', '=', response.roundId)
    .where('statement_id', '=', response.statementId)
    .where('respondent_user_id', '=', response.userId)
    .where('version', '=', response.expectedVersion)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

// Agreed answers -----------------------------------------------------------------------------

export function agreedAnswers(db: Executor, partnershipId: string, roundId: string) {
  return db
    .selectFrom('agreed_answers')
    .leftJoin('users', 'users.id', 'agreed_answers.updated_by')
    .select([
      'agreed_answers.id',
      'agreed_answers.statement_id',
      'agreed_answers.rating',
      'agreed_answers.judgement',
      'agreed_answers.rationale',
      'agreed_answers.suggested_rating',
      'agreed_answers.differs_reason',
      'agreed_answers.figures',
      'agreed_answers.version',
      'agreed_answers.updated_at',
      'users.display_name as updated_by_name',
    ])
    .where('agreed_answers.partnership_id', '=', partnershipId)
    .where('agreed_answers.round_id', '=', roundId)
    .execute();
}

export async function saveAgreedAnswer(
  db: Executor,
  partnershipId: string,
  answer: {
    roundId: string;
    statementId: string;
    rating: Rating;
    judgement: Judgement;
    rationale: string;
    evidence: { suggestion: SuggestedRating | null; differsReason: string; figures: unknown[] };
    userId: string;
    expectedVersion: number | null;
  },
  now: Date,
): Promise<boolean> {
  const evidence = { suggested_rating: answer.evidence.suggestion, differs_reason: answer.evidence.differsReason, figures: JSON.stringify(answer.evidence.figures) };
  if (answer.expectedVersion === null) {
    const inserted = await db
      .insertInto('agreed_answers')
      .values({
        partnership_id: partnershipId,
        round_id: answer.roundId,
        statement_id: answer.statementId,
        rating: answer.rating,
        judgement: answer.judgement,
        rationale: answer.rationale,
        ...evidence,
        updated_by: answer.userId,
        updated_at: now,
      })
      .onConflict((conflict) => conflict.columns(['round_id', 'statement_id']).doNothing())
      .executeTakeFirst();
    return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
  }
  const updated = await db
    .updateTable('agreed_answers')
    .set((eb) => ({
      rating: answer.rating,
      judgement: answer.judgement,
      rationale: answer.rationale,
      ...evidence,
      updated_by: answer.userId,
      updated_at: now,
      version: eb('version', '+', 1),
    }))
    .where('partnership_id', '=', partnershipId)
    .where('round_id', '=', answer.roundId)
    .where('statement_id', '=', answer.statementId)
    .where('version', '=', answer.expectedVersion)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

export async function countAgreed(db: Executor, partnershipId: string, roundId: string): Promise<number> {
  const row = await db
    .selectFrom('agreed_answers')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('partnership_id', '=', partnershipId)
    .where('round_id', '=', roundId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export interface RoundOverview {
  template: { title: string; version: number } | null;
  themes: Array<{ id: string; key: string; title: string; description: string; statementIds: string[] }>;
  /** The statements this person has rated in the round. */
  answeredStatementIds: string[];
  agreedCount: number;
  participantCount: number;
  meetings: Array<{ id: string; meets_on: string }>;
}

/**
 * What a round's page shows beside the round itself, in one statement: its question bank's
 * themes (with their statements, in order), which statements this person has rated, how many
 * answers are agreed, how many partners take part, and the review meetings.
 */
export async function roundOverview(db: Executor, partnershipId: string, round: { id: string; template_id: string }, userId: string): Promise<RoundOverview> {
  const { rows } = await sql<{
    template: RoundOverview['template'];
    themes: RoundOverview['themes'];
    answered: string[];
    agreed: string;
    participants: string;
    meetings: RoundOverview['meetings'];
  }>`
    SELECT
      (SELECT json_build_object('title', t.title, 'version', t.version) FROM assessment_templates t WHERE t.id = ${round.template_id}) AS template,
      (SELECT coalesce(json_agg(json_build_object(
          'id', th.id, 'key', th.key, 'title', th.title, 'description', th.description,
          'statementIds', (SELECT coalesce(json_agg(s.id ORDER BY s.position), '[]'::json) FROM template_statements s WHERE s.theme_id = th.id)
        ) ORDER BY th.position), '[]'::json)
        FROM template_themes th WHERE th.template_id = ${round.template_id}) AS themes,
      (SELECT coalesce(json_agg(r.statement_id), '[]'::json) FROM responses r
        WHERE r.partnership_id = ${partnershipId} AND r.round_id = ${round.id} AND r.respondent_user_id = ${userId} AND r.rating IS NOT NULL) AS answered,
      (SELECT count(*) FROM agreed_answers a WHERE a.partnership_id = ${partnershipId} AND a.round_id = ${round.id}) AS agreed,
      (SELECT count(*) FROM round_participants p WHERE p.partnership_id = ${partnershipId} AND p.round_id = ${round.id}) AS participants,
      (SELECT coalesce(json_agg(json_build_object('id', m.id, 'meets_on', m.meets_on) ORDER BY m.meets_on), '[]'::json) FROM review_meetings m
        WHERE m.partnership_id = ${partnershipId} AND m.round_id = ${round.id}) AS meetings`.execute(db);
  const row = rows[0];
  if (!row) throw new Error('A statement with no FROM returned no row');
  return {
    template: row.template,
    themes: row.themes,
    answeredStatementIds: row.answered,
    agreedCount: Number(row.agreed),
    participantCount: Number(row.participants),
    meetings: row.meetings,
  };
}
