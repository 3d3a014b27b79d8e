import type { Kysely } from 'kysely';
import {
  combinedSuggestion,
  type EvidenceFigure,
  type EvidenceMeasureKey,
  evidenceFigures,
  evidenceMeasure,
  type MeasureThresholds,
  type SuggestedRating,
  suggestedRating,
} from '../insight/index.js';
import type { Database } from '../platform/db/schema.js';
import * as repository from './repository.js';
import type { TemplateStatement } from './repository.js';

/**
 * The figures a statement is linked to, with the rating each suggests. Live ones are worked out
 * for the round's period when a page asks; an agreed answer keeps them as they stood when it
 * was agreed, so the round stays a record of what the partnership saw.
 */

export interface LinkedFigure {
  measure: EvidenceMeasureKey;
  thresholds: MeasureThresholds;
  figure: EvidenceFigure;
  suggestion: SuggestedRating | null;
}

export interface LinkedFigures {
  figures: LinkedFigure[];
  /** The weakest of the figures' suggestions; none when no figure can suggest one. */
  suggestion: SuggestedRating | null;
}

export const noLinkedFigures: LinkedFigures = { figures: [], suggestion: null };

/** A statement's links matched with the figures worked out for them. */
export function linkedFiguresOf(statement: Pick<TemplateStatement, 'measures'>, figures: readonly EvidenceFigure[]): LinkedFigures {
  const linked = statement.measures.flatMap((link) => {
    const figure = figures.find((candidate) => candidate.measure === link.measure);
    if (!figure) return [];
    const thresholds = { inPlace: link.inPlace, partly: link.partly };
    return [{ measure: link.measure, thresholds, figure, suggestion: suggestedRating(figure.value, figure.tooFew, thresholds, evidenceMeasure(link.measure).better) }];
  });
  return { figures: linked, suggestion: combinedSuggestion(linked.map((each) => each.suggestion)) };
}

/** The live figures for each of the statements given, keyed by statement id: one set of statements for all of them. */
export async function liveLinkedFigures(
  db: Kysely<Database>,
  partnershipId: string,
  round: { responses_due_on: string },
  statements: ReadonlyArray<Pick<TemplateStatement, 'id' | 'measures'>>,
  now: Date,
): Promise<Map<string, LinkedFigures>> {
  const keys = [...new Set(statements.flatMap((statement) => statement.measures.map((link) => link.measure)))];
  const figures = keys.length ? await evidenceFigures(db, partnershipId, { keys, endsOn: round.responses_due_on, now }) : [];
  return new Map(statements.map((statement) => [statement.id, linkedFiguresOf(statement, figures)]));
}

/** Frozen figures read back from an agreed answer. */
export function frozenLinkedFigures(stored: unknown[], suggestion: SuggestedRating | null): LinkedFigures {
  return { figures: stored as LinkedFigure[], suggestion };
}

/**
 * Records, on a round's agreed answers, the linked figures for the round's period as they stand
 * now: for answers agreed before the figures were in the service (the demo's signed-off round).
 * A reason to differ is not invented: answers keep whatever reason they have.
 */
export async function recordAgreedFigures(db: Kysely<Database>, partnershipId: string, roundId: string, now: Date): Promise<number> {
  const round = await repository.findRound(db, partnershipId, roundId);
  if (!round) return 0;
  const statements = (await repository.templateStructure(db, round.template_id)).flatMap((theme) => theme.statements).filter((statement) => statement.measures.length);
  const live = await liveLinkedFigures(db, partnershipId, round, statements, now);
  let recorded = 0;
  for (const statement of statements) {
    const linked = live.get(statement.id);
    if (!linked?.figures.length) continue;
    const updated = await db
      .updateTable('agreed_answers')
      .set({ figures: JSON.stringify(linked.figures), suggested_rating: linked.suggestion })
      .where('partnership_id', '=', partnershipId)
      .where('round_id', '=', roundId)
      .where('statement_id', '=', statement.id)
      .executeTakeFirst();
    recorded += Number(updated.numUpdatedRows);
  }
  return recorded;
}
