import type { ActionStatus, Role, RoundStatus } from '../platform/db/schema.js';
import { csvCell } from '../platform/tabular/csv-write.js';
import { actionPurposeLabels, actionStatusTags } from './labels.js';
import { isOverdue } from './rules.js';

/** Rules for the action plan and review meetings. Plain functions, tested in plan-rules.test.ts. */

// Who may do what -----------------------------------------------------------------------------

/**
 * Partners own actions, so contributors (as well as the lead) may record progress on them once
 * the round is under way. Creating and changing actions is for the lead (`canManagePlan`).
 */
export function canRecordProgress(status: RoundStatus, role: Role): boolean {
  return status !== 'draft' && (role === 'lead_commissioner' || role === 'contributor');
}

// Progress updates ----------------------------------------------------------------------------

export interface DatedUpdate {
  recorded_on: string;
  created_at: Date;
}

/** The newest update: the latest date, and of updates on the same day the one recorded last. */
export function latestUpdate<T extends DatedUpdate>(updates: readonly T[]): T | null {
  let latest: T | null = null;
  for (const update of updates) {
    if (
      !latest ||
      update.recorded_on > latest.recorded_on ||
      (update.recorded_on === latest.recorded_on && update.created_at.getTime() > latest.created_at.getTime())
    ) {
      latest = update;
    }
  }
  return latest;
}

/**
 * The action's status after a progress update. An update dated on or after the newest one sets
 * the status; a back-dated update only fills in history, so it cannot undo a later change.
 */
export function statusAfterUpdate(current: ActionStatus, newestRecordedOn: string | null, update: { recordedOn: string; status: ActionStatus }): ActionStatus {
  return newestRecordedOn === null || update.recordedOn >= newestRecordedOn ? update.status : current;
}

/** Progress cannot be reported for a day that has not happened yet. */
export function updateDateProblem(recordedOn: string, today: string): string | null {
  return recordedOn > today ? 'The date of the update must be today or in the past' : null;
}

// Filtering the action list -------------------------------------------------------------------

export interface ActionFilter {
  status?: ActionStatus | undefined;
  lead?: string | undefined;
  themeId?: string | undefined;
}

export interface FilterableAction {
  status: ActionStatus;
  lead_person: string;
  /** The themes of the statements the action is linked to. */
  themeIds: readonly string[];
}

const sameName = (a: string, b: string) => a.trim().toLocaleLowerCase('en-GB') === b.trim().toLocaleLowerCase('en-GB');

export function filterActions<T extends FilterableAction>(actions: readonly T[], filter: ActionFilter): T[] {
  return actions.filter(
    (action) =>
      (!filter.status || action.status === filter.status) &&
      (!filter.lead || sameName(action.lead_person, filter.lead)) &&
      (!filter.themeId || action.themeIds.includes(filter.themeId)),
  );
}

/** Each lead person once (ignoring case and spacing), in alphabetical order, for the filter list. */
export function leadPeople(actions: ReadonlyArray<{ lead_person: string }>): string[] {
  const names: string[] = [];
  for (const action of actions) {
    const name = action.lead_person.trim();
    if (name && !names.some((known) => sameName(known, name))) names.push(name);
  }
  return names.sort((a, b) => a.localeCompare(b, 'en-GB', { sensitivity: 'base' }));
}

// Review meetings -----------------------------------------------------------------------------

/** Meetings still to come (soonest first, including today's) and those held (most recent first). */
export function splitMeetings<T extends { meets_on: string }>(meetings: readonly T[], today: string): { upcoming: T[]; past: T[] } {
  const upcoming = meetings.filter((meeting) => meeting.meets_on >= today).sort((a, b) => a.meets_on.localeCompare(b.meets_on));
  const past = meetings.filter((meeting) => meeting.meets_on < today).sort((a, b) => b.meets_on.localeCompare(a.meets_on));
  return { upcoming, past };
}

/**
 * The status to keep for each action reviewed at a meeting. An action already recorded keeps
 * the status it had then; a newly ticked action is recorded with its status now.
 */
export function reviewedStatuses(
  chosenActionIds: readonly string[],
  alreadyRecorded: ReadonlyMap<string, ActionStatus>,
  currentStatuses: ReadonlyMap<string, ActionStatus>,
): Array<{ actionId: string; statusThen: ActionStatus }> {
  const result: Array<{ actionId: string; statusThen: ActionStatus }> = [];
  for (const actionId of new Set(chosenActionIds)) {
    const statusThen = alreadyRecorded.get(actionId) ?? currentStatuses.get(actionId);
    if (statusThen) result.push({ actionId, statusThen });
  }
  return result;
}

// Showing free text ---------------------------------------------------------------------------

/** A long text cut to a length for a list or table, ending in an ellipsis when cut. */
export function shorten(text: string, length = 120): string {
  return text.length > length ? `${text.slice(0, length - 1).trimEnd()}…` : text;
}

/** The ticked values of a checkbox group as a form sent them: nothing, one string or several. */
export function tickedValues(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string' && item !== '');
  return typeof value === 'string' && value ? [value] : [];
}

/** Non-empty lines, for text typed one item per line (such as a list of attendees). */
export function textLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

/** Paragraphs (separated by blank lines), each a list of its lines, so templates can show notes as typed without raw HTML. */
export function paragraphs(text: string): string[][] {
  return text
    .split(/\r?\n[ \t]*\r?\n/)
    .map(textLines)
    .filter((lines) => lines.length > 0);
}

// CSV export ----------------------------------------------------------------------------------

export function csvFileName(roundTitle: string, today: string): string {
  const slug = roundTitle
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return `action-plan-${slug || 'round'}-${today}.csv`;
}

export interface CsvAction {
  description: string;
  purpose: keyof typeof actionPurposeLabels;
  priority: { rank: number; title: string } | null;
  statementKeys: readonly string[];
  lead_person: string;
  lead_organisation: string;
  due_on: string;
  status: ActionStatus;
  latest: { recorded_on: string; note: string } | null;
}

export const actionPlanCsvHeader = [
  'Action',
  'Purpose',
  'Priority',
  'Linked statements',
  'Lead person',
  'Lead organisation',
  'Due date',
  'Status',
  'Overdue',
  'Latest update date',
  'Latest update',
] as const;

/** The action plan as spreadsheet rows: a header, then one row per action, every cell plain text. */
export function actionPlanCsvRows(actions: readonly CsvAction[], today: string): string[][] {
  const rows = actions.map((action) =>
    [
      action.description,
      actionPurposeLabels[action.purpose],
      action.priority ? `${action.priority.rank}. ${action.priority.title}` : '',
      action.statementKeys.join('; '),
      action.lead_person,
      action.lead_organisation,
      action.due_on,
      actionStatusTags[action.status].text,
      isOverdue(action, today) ? 'Yes' : 'No',
      action.latest?.recorded_on ?? '',
      action.latest?.note ?? '',
    ].map(csvCell),
  );
  return [[...actionPlanCsvHeader], ...rows];
}
