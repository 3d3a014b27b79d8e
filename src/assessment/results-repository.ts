import type { Executor } from '../platform/db/executor.js';

/** SQL for a round's results and its comparison with the round before. Every query takes the partnership id first. */

/** A round's agreed answers, each with the key of its statement so rounds on different question banks can be matched. */
export function agreedAnswersWithKeys(db: Executor, partnershipId: string, roundId: string) {
  return db
    .selectFrom('agreed_answers')
    .innerJoin('template_statements', 'template_statements.id', 'agreed_answers.statement_id')
    .select([
      'agreed_answers.statement_id',
      'template_statements.key as statement_key',
      'agreed_answers.rating',
      'agreed_answers.judgement',
      'agreed_answers.rationale',
      'agreed_answers.figures',
    ])
    .where('agreed_answers.partnership_id', '=', partnershipId)
    .where('agreed_answers.round_id', '=', roundId)
    .execute();
}

/** The round this one was started from, if it belongs to the same partnership. */
export function findPreviousRound(db: Executor, partnershipId: string, roundId: string) {
  return db
    .selectFrom('assessment_rounds as current')
    .innerJoin('assessment_rounds as previous', (join) =>
      join.onRef('previous.id', '=', 'current.previous_round_id').onRef('previous.partnership_id', '=', 'current.partnership_id'),
    )
    .select(['previous.id', 'previous.title', 'previous.status', 'previous.template_id', 'previous.starts_on'])
    .where('current.partnership_id', '=', partnershipId)
    .where('current.id', '=', roundId)
    .executeTakeFirst();
}

/** The statement keys of a question bank (shared by all partnerships). */
export async function statementKeysOf(db: Executor, templateId: string): Promise<string[]> {
  const rows = await db.selectFrom('template_statements').select('key').where('template_id', '=', templateId).orderBy('position').execute();
  return rows.map((row) => row.key);
}
