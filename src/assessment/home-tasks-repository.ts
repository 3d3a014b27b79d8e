import { sql } from 'kysely';
import type { Executor } from '../platform/db/executor.js';
import type { RoundStatus } from '../platform/db/schema.js';

/**
 * The counts behind the home page's self-assessment lines: one statement for a partnership's
 * rounds (drafts left out), each row a round with what is waiting in it. Answered means rated,
 * as on the round's page; an action is the person's own when its lead person is their name or
 * its lead organisation is their organisation (ignoring case and spacing).
 */

export interface RoundHomeCounts {
  id: string;
  title: string;
  status: RoundStatus;
  responsesDueOn: string;
  statementCount: number;
  agreedCount: number;
  /** Partners with an account taking part who have not rated every statement yet. */
  partnersAwaited: number;
  commentsToAnswer: number;
  actionsOverdue: number;
  /** Statements the person has rated. */
  myAnswered: number;
  myActionsOverdue: number;
  myActionsDueSoon: number;
}

export interface HomePerson {
  userId: string;
  displayName: string;
  organisation: string | null;
}

export async function roundHomeCounts(db: Executor, partnershipId: string, person: HomePerson, today: string, actionsDueBy: string): Promise<RoundHomeCounts[]> {
  const owned = sql`(lower(trim(a.lead_person)) = lower(trim(${person.displayName})) OR (trim(${person.organisation ?? ''}) <> '' AND lower(trim(a.lead_organisation)) = lower(trim(${person.organisation ?? ''}))))`;
  const result = await sql<Record<string, unknown>>`
    SELECT
      r.id, r.title, r.status, to_char(r.responses_due_on, 'YYYY-MM-DD') AS "responsesDueOn",
      st.n AS "statementCount",
      (SELECT count(*) FROM agreed_answers g WHERE g.partnership_id = r.partnership_id AND g.round_id = r.id) AS "agreedCount",
      (
        SELECT count(*) FROM round_participants p JOIN memberships m ON m.id = p.membership_id
        WHERE p.partnership_id = r.partnership_id AND p.round_id = r.id
          AND (
            SELECT count(*) FROM responses x
            WHERE x.partnership_id = r.partnership_id AND x.round_id = r.id AND x.respondent_user_id = m.user_id AND x.rating IS NOT NULL
          ) < st.n
      ) AS "partnersAwaited",
      (SELECT count(*) FROM peer_review_comments c WHERE c.partnership_id = r.partnership_id AND c.round_id = r.id AND c.reply IS NULL) AS "commentsToAnswer",
      (
        SELECT count(*) FROM responses x
        WHERE x.partnership_id = r.partnership_id AND x.round_id = r.id AND x.respondent_user_id = ${person.userId} AND x.rating IS NOT NULL
      ) AS "myAnswered",
      act.overdue AS "actionsOverdue",
      act.mine_overdue AS "myActionsOverdue",
      act.mine_due_soon AS "myActionsDueSoon"
    FROM assessment_rounds r
    CROSS JOIN LATERAL (SELECT count(*) AS n FROM template_statements s WHERE s.template_id = r.template_id) st
    CROSS JOIN LATERAL (
      SELECT
        count(*) FILTER (WHERE a.due_on < ${today}::date) AS overdue,
        count(*) FILTER (WHERE a.due_on < ${today}::date AND ${owned}) AS mine_overdue,
        count(*) FILTER (WHERE a.due_on >= ${today}::date AND a.due_on <= ${actionsDueBy}::date AND ${owned}) AS mine_due_soon
      FROM actions a
      WHERE a.partnership_id = r.partnership_id AND a.round_id = r.id AND a.status <> 'done'
    ) act
    WHERE r.partnership_id = ${partnershipId} AND r.status <> 'draft'
    ORDER BY r.created_at DESC, r.id
  `.execute(db);
  return result.rows.map((row) => ({
    id: String(row.id),
    title: String(row.title),
    status: row.status as RoundStatus,
    responsesDueOn: String(row.responsesDueOn),
    statementCount: Number(row.statementCount),
    agreedCount: Number(row.agreedCount),
    partnersAwaited: Number(row.partnersAwaited),
    commentsToAnswer: Number(row.commentsToAnswer),
    actionsOverdue: Number(row.actionsOverdue),
    myAnswered: Number(row.myAnswered),
    myActionsOverdue: Number(row.myActionsOverdue),
    myActionsDueSoon: Number(row.myActionsDueSoon),
  }));
}

export interface RoundAwaitingReview {
  id: string;
  title: string;
  partnershipId: string;
}

/** Rounds in peer review in the given partnerships (those where the person is a peer reviewer), oldest first. */
export function roundsAwaitingReview(db: Executor, partnershipIds: readonly string[]): Promise<RoundAwaitingReview[]> {
  if (!partnershipIds.length) return Promise.resolve([]);
  return db
    .selectFrom('assessment_rounds')
    .select(['id', 'title', 'partnership_id as partnershipId'])
    .where('partnership_id', 'in', [...partnershipIds])
    .where('status', '=', 'peer_review')
    .orderBy('updated_at')
    .orderBy('id')
    .execute();
}

/** How many question banks there are, for the administrator's home page. */
export async function questionBankCount(db: Executor): Promise<number> {
  const row = await db.selectFrom('assessment_templates').select((eb) => eb.fn.countAll<string | number>().as('count')).executeTakeFirstOrThrow();
  return Number(row.count);
}
