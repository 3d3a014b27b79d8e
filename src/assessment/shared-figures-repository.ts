import { sql } from 'kysely';
import type { Executor } from '../platform/db/executor.js';

/**
 * The self-assessment as figures for people outside the partnerships: for each statement of a
 * question bank, how many of the given partnerships' latest agreed answers rate it in place,
 * partly or not in place. Counted by PostgreSQL; no answer leaves the database. The caller
 * chooses the partnerships (those that share their figures) and hides small counts.
 */

export interface AgreedRatingCount {
  templateId: string;
  templateTitle: string;
  templateVersion: string;
  themeTitle: string;
  statementId: string;
  statementKey: string;
  statementText: string;
  /** Partnerships whose latest agreed answers include this statement. */
  areas: number;
  inPlace: number;
  partly: number;
  notInPlace: number;
  /** Don't know or not applicable. */
  other: number;
}

/**
 * Each partnership's latest round with agreed answers (by start date, then when it was made)
 * counts once. Every statement of the question banks those rounds use is listed, in order,
 * with zeros where nobody answered it.
 */
export async function agreedRatingCounts(db: Executor, partnershipIds: readonly string[]): Promise<AgreedRatingCount[]> {
  if (!partnershipIds.length) return [];
  const result = await sql<Record<string, unknown>>`
    WITH latest AS (
      SELECT DISTINCT ON (r.partnership_id) r.partnership_id, r.id AS round_id, r.template_id
      FROM assessment_rounds r
      WHERE r.partnership_id IN (${sql.join(partnershipIds)})
        AND EXISTS (SELECT 1 FROM agreed_answers a WHERE a.round_id = r.id AND a.partnership_id = r.partnership_id)
      ORDER BY r.partnership_id, r.starts_on DESC, r.created_at DESC
    ),
    counted AS (
      SELECT a.statement_id,
        count(DISTINCT a.partnership_id) AS areas,
        count(*) FILTER (WHERE a.rating = 'in_place') AS in_place,
        count(*) FILTER (WHERE a.rating = 'partly') AS partly,
        count(*) FILTER (WHERE a.rating = 'not_in_place') AS not_in_place,
        count(*) FILTER (WHERE a.rating IN ('dont_know', 'not_applicable')) AS other
      FROM latest l
      JOIN agreed_answers a ON a.round_id = l.round_id AND a.partnership_id = l.partnership_id
      GROUP BY a.statement_id
    )
    SELECT t.id AS template_id, t.title AS template_title, t.version AS template_version, th.title AS theme_title,
      s.id AS statement_id, s.key AS statement_key, s.text AS statement_text,
      coalesce(c.areas, 0) AS areas, coalesce(c.in_place, 0) AS in_place, coalesce(c.partly, 0) AS partly,
      coalesce(c.not_in_place, 0) AS not_in_place, coalesce(c.other, 0) AS other
    FROM assessment_templates t
    JOIN template_themes th ON th.template_id = t.id
    JOIN template_statements s ON s.theme_id = th.id
    LEFT JOIN counted c ON c.statement_id = s.id
    WHERE t.id IN (SELECT template_id FROM latest)
    ORDER BY t.title, t.version, th.position, s.position
  `.execute(db);
  return result.rows.map((row) => ({
    templateId: String(row.template_id),
    templateTitle: String(row.template_title),
    templateVersion: String(row.template_version),
    themeTitle: String(row.theme_title),
    statementId: String(row.statement_id),
    statementKey: String(row.statement_key),
    statementText: String(row.statement_text),
    areas: Number(row.areas),
    inPlace: Number(row.in_place),
    partly: Number(row.partly),
    notInPlace: Number(row.not_in_place),
    other: Number(row.other),
  }));
}
