import {
  type ActionTargetProgress,
  actionProgress,
  type EvidenceFigure,
  type EvidenceMeasure,
  type EvidenceMeasureKey,
  evidenceMeasure,
  isEvidenceMeasureKey,
  valueText,
} from '../insight/index.js';
import type { ActionStatus, Role, RoundStatus } from '../platform/db/schema.js';
import { csvCell } from '../platform/tabular/csv-write.js';
import { longDate } from '../platform/values/calendar.js';
import { actionPurposeLabels, actionStatusTags, progressTags } from './labels.js';
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

// Measures and targets ------------------------------------------------------------------------

/** The highest target a unit can take: a percentage (or percentage points) is at most 100; days at most ten years. */
export function targetValueProblem(value: number, unit: EvidenceMeasure['unit']): string | null {
  if (unit === 'days') return value > 3650 ? 'Target value must be 3,650 days or fewer' : null;
  return value > 100 ? `Target value must be 100 or less, because the measure is ${unit === 'percent' ? 'a percentage' : 'in percentage points'}` : null;
}

/**
 * A target must be better than the baseline in the measure's direction: one already met at the
 * baseline, or one in the wrong direction, would be judged "met" from the first day. Without a
 * baseline (no figure when the measure was chosen) there is nothing to compare with yet.
 */
export function targetProblem(baseline: number | null, target: number, measure: Pick<EvidenceMeasure, 'unit' | 'better'>): string | null {
  if (baseline === null) return null;
  const baselineText = valueText(baseline, measure.unit);
  if (target === baseline) {
    return `The target is already met: the baseline is ${baselineText}. Enter a target ${measure.better === 'lower' ? 'lower' : 'higher'} than that`;
  }
  const wrongWay = measure.better === 'lower' ? target > baseline : target < baseline;
  if (wrongWay) {
    return measure.better === 'lower'
      ? `The target must be lower than the baseline of ${baselineText}, because a lower figure is better`
      : `The target must be higher than the baseline of ${baselineText}, because a higher figure is better`;
  }
  return null;
}

/** The target date must come after the day the baseline was set (today, for a new baseline). */
export function targetDateProblem(targetOn: string, baselineOn: string, today: string): string | null {
  if (targetOn > baselineOn) return null;
  return baselineOn === today ? 'The target date must be in the future' : `The target date must be after ${longDate(baselineOn)}, the day the baseline was set`;
}

/**
 * What a save does to an action's baseline: it is frozen from the live figure when a measure is
 * first chosen or changed (or while the measure still has none, because there was no figure),
 * kept as it is otherwise, and cleared when the measure is taken off.
 */
export function baselineStep(stored: { measure: string | null; baseline: unknown } | null, chosen: string | null): 'freeze' | 'keep' | 'clear' {
  if (chosen === null) return 'clear';
  return stored && stored.measure === chosen && stored.baseline !== null ? 'keep' : 'freeze';
}

export interface FrozenBaseline {
  baseline: number;
  baselineOn: string;
  figure: EvidenceFigure;
}

/** The baseline a live figure gives, or none when the figure has no value. */
export function baselineFrom(figure: EvidenceFigure | undefined, today: string): FrozenBaseline | null {
  return figure && figure.value !== null ? { baseline: figure.value, baselineOn: today, figure } : null;
}

/** A number kept in a numeric column (a string from both drivers), or null. */
export function storedNumber(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
}

/** A figure read back from a jsonb column, or null when it is missing or not a figure. */
export function storedFigure(json: unknown): EvidenceFigure | null {
  if (!json || typeof json !== 'object') return null;
  const figure = json as Partial<EvidenceFigure>;
  if (typeof figure.measure !== 'string' || !isEvidenceMeasureKey(figure.measure)) return null;
  if (figure.value !== null && typeof figure.value !== 'number') return null;
  if (typeof figure.to !== 'string') return null;
  return figure as EvidenceFigure;
}

/** An action's target as stored: the measure, its frozen baseline (if any), the target value and date. */
export interface ActionTarget {
  measure: EvidenceMeasureKey;
  baseline: number | null;
  baselineOn: string | null;
  target: number;
  targetOn: string;
}

/** The target of an action row, or null when it has no measure (or one no longer in the catalogue). */
export function actionTargetOf(row: {
  measure: string | null;
  baseline: string | number | null;
  baseline_on: string | null;
  target_value: string | number | null;
  target_on: string | null;
}): ActionTarget | null {
  const target = storedNumber(row.target_value);
  if (!row.measure || !isEvidenceMeasureKey(row.measure) || target === null || !row.target_on) return null;
  const baseline = storedNumber(row.baseline);
  return { measure: row.measure, baseline, baselineOn: baseline === null ? null : row.baseline_on, target, targetOn: row.target_on };
}

/** What a review meeting keeps for an action with a measure: the live figure then, and what it was judged against. */
export interface FigureThen extends EvidenceFigure {
  judgedAgainst: Omit<ActionTarget, 'measure'>;
}

export function figureThen(figure: EvidenceFigure, target: ActionTarget): FigureThen {
  return { ...figure, judgedAgainst: { baseline: target.baseline, baselineOn: target.baselineOn, target: target.target, targetOn: target.targetOn } };
}

export function storedFigureThen(json: unknown): FigureThen | null {
  const figure = storedFigure(json);
  const against = (json as Partial<FigureThen> | null)?.judgedAgainst;
  if (!figure || !against || typeof against.target !== 'number' || typeof against.targetOn !== 'string') return null;
  return figure as FigureThen;
}

/**
 * Progress to a target on a day, with a figure: judged from the frozen baseline against steady
 * progress (insight's rule); without a baseline it cannot be judged, and says why.
 */
export function targetProgress(target: Omit<ActionTarget, 'measure'> & { measure: EvidenceMeasureKey }, current: number | null, today: string): ActionTargetProgress {
  const measure = evidenceMeasure(target.measure);
  if (target.baseline === null || target.baselineOn === null) {
    const now = current === null ? 'There is still no figure' : `The figure is now ${valueText(current, measure.unit)}`;
    return {
      status: 'no_figure',
      fractionDone: null,
      fractionExpected: 0,
      sentence: `No baseline was set, because there was no figure when the measure was chosen. ${now}; save the action again to set a baseline once there is one.`,
    };
  }
  return actionProgress({ baseline: target.baseline, baselineOn: target.baselineOn, target: target.target, targetOn: target.targetOn, current, today, measure });
}

/** An action's target in words for a page or a spreadsheet, with its progress and tag. */
export function targetSummary(target: ActionTarget, current: number | null, today: string) {
  const measure = evidenceMeasure(target.measure);
  const progress = targetProgress(target, current, today);
  return {
    measureKey: target.measure,
    measureLabel: measure.label,
    measureDescription: measure.description,
    baselineText: target.baseline === null ? 'None set: there was no figure' : valueText(target.baseline, measure.unit),
    baselineOn: target.baselineOn,
    currentText: valueText(current, measure.unit),
    targetText: valueText(target.target, measure.unit),
    betterText: measure.better === 'lower' ? 'A lower figure is better' : 'A higher figure is better',
    targetOn: target.targetOn,
    progress,
    progressTag: progressTags[progress.status],
  };
}

export type TargetSummary = ReturnType<typeof targetSummary>;

/** Off-track actions first; otherwise the order given is kept. */
export function offTrackFirst<T extends { target: { progress: { status: string } } | null }>(items: readonly T[]): T[] {
  const offTrack = (item: T) => item.target?.progress.status === 'off_track';
  return [...items.filter(offTrack), ...items.filter((item) => !offTrack(item))];
}

/** The words of a measure and target for the audit log. */
export function targetAuditText(target: { measure: EvidenceMeasureKey; baseline: number | null; target: number; targetOn: string } | null): string {
  if (!target) return 'no measure';
  const measure = evidenceMeasure(target.measure);
  const baseline = target.baseline === null ? 'no baseline (no figure yet)' : `baseline ${valueText(target.baseline, measure.unit)}`;
  return `measure “${measure.label}”, ${baseline}, target ${valueText(target.target, measure.unit)} by ${target.targetOn}`;
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

/**
 * The figure to keep for each reviewed action: an action already recorded keeps what was
 * recorded (even none), so a meeting's figures never change; a newly ticked action gets the
 * live figure now, when it has a measure.
 */
export function reviewedFigures<T extends { actionId: string }>(
  reviewed: readonly T[],
  alreadyRecorded: ReadonlyMap<string, unknown>,
  fresh: ReadonlyMap<string, FigureThen>,
): Array<T & { figureThen: unknown }> {
  return reviewed.map((item) => ({ ...item, figureThen: alreadyRecorded.has(item.actionId) ? (alreadyRecorded.get(item.actionId) ?? null) : (fresh.get(item.actionId) ?? null) }));
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
  /** The action's measure and target, when it has one. */
  target?: TargetSummary | null;
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
  'Measure',
  'Baseline',
  'Baseline date',
  'Current figure',
  'Target',
  'Target date',
  'Progress',
  'Progress detail',
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
      action.target?.measureLabel ?? '',
      action.target?.baselineText ?? '',
      action.target?.baselineOn ?? '',
      action.target?.currentText ?? '',
      action.target?.targetText ?? '',
      action.target?.targetOn ?? '',
      action.target?.progressTag.text ?? '',
      action.target?.progress.sentence ?? '',
    ].map(csvCell),
  );
  return [[...actionPlanCsvHeader], ...rows];
}
