import type { Executor } from '../platform/db/executor.js';
import type { ActionStatus } from '../platform/db/schema.js';

/**
 * SQL for the action plan's review meetings. Every function takes the partnership id first;
 * the link table review_meeting_actions has no partnership column, so it is always reached
 * through a meeting of the partnership.
 */

// Review meetings --------------------------------------------------------------------------------

export function listMeetings(db: Executor, partnershipId: string, roundId: string) {
  return db
    .selectFrom('review_meetings')
    .select((eb) => [
      'review_meetings.id',
      'review_meetings.meets_on',
      'review_meetings.attendees',
      'review_meetings.notes',
      'review_meetings.version',
      eb
        .selectFrom('review_meeting_actions')
        .innerJoin('actions', 'actions.id', 'review_meeting_actions.action_id')
        .select((inner) => inner.fn.countAll<number>().as('count'))
        .whereRef('review_meeting_actions.meeting_id', '=', 'review_meetings.id')
        .where('actions.partnership_id', '=', partnershipId)
        .as('action_count'),
    ])
    .where('review_meetings.partnership_id', '=', partnershipId)
    .where('review_meetings.round_id', '=', roundId)
    .orderBy('review_meetings.meets_on')
    .orderBy('review_meetings.created_at')
    .execute();
}

export function findMeeting(db: Executor, partnershipId: string, meetingId: string) {
  return db.selectFrom('review_meetings').selectAll().where('partnership_id', '=', partnershipId).where('id', '=', meetingId).executeTakeFirst();
}

export type Meeting = NonNullable<Awaited<ReturnType<typeof findMeeting>>>;

/** The actions reviewed at a meeting, with their status then and now. */
export function meetingActions(db: Executor, partnershipId: string, meetingId: string) {
  return db
    .selectFrom('review_meeting_actions')
    .innerJoin('review_meetings', 'review_meetings.id', 'review_meeting_actions.meeting_id')
    .innerJoin('actions', 'actions.id', 'review_meeting_actions.action_id')
    .select([
      'actions.id',
      'actions.description',
      'actions.lead_person',
      'actions.due_on',
      'actions.status',
      'actions.measure',
      'review_meeting_actions.status_then',
      'review_meeting_actions.figure_then',
    ])
    .where('review_meetings.partnership_id', '=', partnershipId)
    .where('actions.partnership_id', '=', partnershipId)
    .where('review_meeting_actions.meeting_id', '=', meetingId)
    .orderBy('actions.due_on')
    .orderBy('actions.created_at')
    .execute();
}

/** The meetings at which an action was reviewed, most recent first. */
export function meetingsForAction(db: Executor, partnershipId: string, actionId: string) {
  return db
    .selectFrom('review_meeting_actions')
    .innerJoin('review_meetings', 'review_meetings.id', 'review_meeting_actions.meeting_id')
    .select(['review_meetings.id', 'review_meetings.meets_on', 'review_meeting_actions.status_then'])
    .where('review_meetings.partnership_id', '=', partnershipId)
    .where('review_meeting_actions.action_id', '=', actionId)
    .orderBy('review_meetings.meets_on', 'desc')
    .execute();
}

export interface MeetingDetails {
  meetsOn: string;
  attendees: string;
  notes: string;
}

export function insertMeeting(db: Executor, partnershipId: string, meeting: MeetingDetails & { roundId: string }, now: Date) {
  return db
    .insertInto('review_meetings')
    .values({
      partnership_id: partnershipId,
      round_id: meeting.roundId,
      meets_on: meeting.meetsOn,
      attendees: meeting.attendees,
      notes: meeting.notes,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function updateMeeting(db: Executor, partnershipId: string, meetingId: string, expectedVersion: number, changes: MeetingDetails, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('review_meetings')
    .set((eb) => ({ meets_on: changes.meetsOn, attendees: changes.attendees, notes: changes.notes, updated_at: now, version: eb('version', '+', 1) }))
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', meetingId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Replaces the actions recorded as reviewed at a meeting of this partnership. */
export async function replaceMeetingActions(
  db: Executor,
  partnershipId: string,
  meetingId: string,
  reviewed: ReadonlyArray<{ actionId: string; statusThen: ActionStatus; figureThen: unknown }>,
): Promise<void> {
  const owned = await db.selectFrom('review_meetings').select('id').where('partnership_id', '=', partnershipId).where('id', '=', meetingId).executeTakeFirst();
  if (!owned) return;
  await db.deleteFrom('review_meeting_actions').where('meeting_id', '=', owned.id).execute();
  if (reviewed.length) {
    await db
      .insertInto('review_meeting_actions')
      .values(
        reviewed.map((item) => ({
          meeting_id: owned.id,
          action_id: item.actionId,
          status_then: item.statusThen,
          figure_then: item.figureThen === null || item.figureThen === undefined ? null : JSON.stringify(item.figureThen),
        })),
      )
      .execute();
  }
}

export async function deleteMeeting(db: Executor, partnershipId: string, meetingId: string, expectedVersion: number): Promise<boolean> {
  const result = await db
    .deleteFrom('review_meetings')
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', meetingId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}
