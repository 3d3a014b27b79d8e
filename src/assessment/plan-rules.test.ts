import { describe, expect, it } from 'vitest';
import {
  actionPlanCsvHeader,
  actionPlanCsvRows,
  actionTargetOf,
  baselineFrom,
  baselineStep,
  canRecordProgress,
  figureThen,
  offTrackFirst,
  reviewedFigures,
  storedFigure,
  storedFigureThen,
  targetAuditText,
  targetDateProblem,
  targetProblem,
  targetProgress,
  targetSummary,
  targetValueProblem,
  csvFileName,
  filterActions,
  latestUpdate,
  leadPeople,
  paragraphs,
  reviewedStatuses,
  shorten,
  splitMeetings,
  statusAfterUpdate,
  textLines,
  tickedValues,
  updateDateProblem,
} from './plan-rules.js';

describe('who may record progress', () => {
  it('lets the lead and contributors record progress once the round is under way', () => {
    expect(canRecordProgress('open', 'contributor')).toBe(true);
    expect(canRecordProgress('signed_off', 'contributor')).toBe(true);
    expect(canRecordProgress('peer_review', 'lead_commissioner')).toBe(true);
  });

  it('refuses viewers, peer reviewers and draft rounds', () => {
    expect(canRecordProgress('open', 'viewer')).toBe(false);
    expect(canRecordProgress('open', 'peer_reviewer')).toBe(false);
    expect(canRecordProgress('draft', 'lead_commissioner')).toBe(false);
  });
});

describe('progress updates', () => {
  const at = (iso: string) => new Date(iso);

  it('finds the update with the latest date, then the one recorded last on that day', () => {
    const updates = [
      { id: 'a', recorded_on: '2026-11-01', created_at: at('2026-11-20T10:00:00Z') },
      { id: 'b', recorded_on: '2026-11-10', created_at: at('2026-11-10T10:00:00Z') },
      { id: 'c', recorded_on: '2026-11-10', created_at: at('2026-11-10T11:00:00Z') },
    ];
    expect(latestUpdate(updates)?.id).toBe('c');
    expect(latestUpdate([])).toBeNull();
  });

  it('sets the status from an update on or after the newest, but not from a back-dated one', () => {
    expect(statusAfterUpdate('not_started', null, { recordedOn: '2026-11-01', status: 'in_progress' })).toBe('in_progress');
    expect(statusAfterUpdate('in_progress', '2026-11-10', { recordedOn: '2026-11-10', status: 'done' })).toBe('done');
    expect(statusAfterUpdate('done', '2026-11-10', { recordedOn: '2026-11-02', status: 'blocked' })).toBe('done');
  });

  it('refuses updates dated in the future', () => {
    expect(updateDateProblem('2026-11-24', '2026-11-23')).toBe('The date of the update must be today or in the past');
    expect(updateDateProblem('2026-11-23', '2026-11-23')).toBeNull();
  });
});

describe('filtering the action list', () => {
  const actions = [
    { id: 1, status: 'in_progress' as const, lead_person: 'Ali Khan', themeIds: ['t1'] },
    { id: 2, status: 'done' as const, lead_person: 'ali khan ', themeIds: ['t1', 't2'] },
    { id: 3, status: 'in_progress' as const, lead_person: 'Beth Jones', themeIds: [] },
  ];

  it('combines status, lead (ignoring case and spaces) and theme', () => {
    expect(filterActions(actions, {}).map((action) => action.id)).toEqual([1, 2, 3]);
    expect(filterActions(actions, { status: 'in_progress' }).map((action) => action.id)).toEqual([1, 3]);
    expect(filterActions(actions, { lead: 'ALI KHAN' }).map((action) => action.id)).toEqual([1, 2]);
    expect(filterActions(actions, { themeId: 't2' }).map((action) => action.id)).toEqual([2]);
    expect(filterActions(actions, { status: 'in_progress', lead: 'Ali Khan', themeId: 't1' }).map((action) => action.id)).toEqual([1]);
  });

  it('lists each lead once, alphabetically', () => {
    expect(leadPeople([...actions, { lead_person: 'aaron Smith' }, { lead_person: '  ' }])).toEqual(['aaron Smith', 'Ali Khan', 'Beth Jones']);
  });
});

describe('review meetings', () => {
  it('splits meetings into upcoming (soonest first, including today) and past (latest first)', () => {
    const meetings = [{ meets_on: '2026-10-01' }, { meets_on: '2027-01-10' }, { meets_on: '2026-11-23' }, { meets_on: '2026-11-01' }];
    const { upcoming, past } = splitMeetings(meetings, '2026-11-23');
    expect(upcoming.map((meeting) => meeting.meets_on)).toEqual(['2026-11-23', '2027-01-10']);
    expect(past.map((meeting) => meeting.meets_on)).toEqual(['2026-11-01', '2026-10-01']);
  });

  it('keeps the recorded status of actions already reviewed and takes the current status of new ones', () => {
    const already = new Map([['a', 'not_started' as const]]);
    const now = new Map([
      ['a', 'done' as const],
      ['b', 'blocked' as const],
    ]);
    expect(reviewedStatuses(['a', 'b', 'b', 'unknown'], already, now)).toEqual([
      { actionId: 'a', statusThen: 'not_started' },
      { actionId: 'b', statusThen: 'blocked' },
    ]);
  });
});

describe('showing text', () => {
  it('splits attendees into lines and notes into paragraphs', () => {
    expect(textLines(' Ann, council \r\n\r\nBen, NHS trust\n')).toEqual(['Ann, council', 'Ben, NHS trust']);
    expect(paragraphs('First line\nsecond line\n\n  \nNew paragraph')).toEqual([['First line', 'second line'], ['New paragraph']]);
    expect(paragraphs('')).toEqual([]);
  });

  it('shortens long text with an ellipsis', () => {
    expect(shorten('short', 10)).toBe('short');
    expect(shorten('a'.repeat(20), 10)).toBe(`${'a'.repeat(9)}…`);
  });

  it('reads ticked checkboxes whether none, one or several were sent', () => {
    expect(tickedValues(undefined)).toEqual([]);
    expect(tickedValues('x')).toEqual(['x']);
    expect(tickedValues(['x', '', 'y'])).toEqual(['x', 'y']);
  });
});

describe('the action plan as CSV', () => {
  it('names the file after the round and the day', () => {
    expect(csvFileName('Pathway assessment 2027 – Northmoor’s', '2026-11-23')).toBe('action-plan-pathway-assessment-2027-northmoor-s-2026-11-23.csv');
    expect(csvFileName('“”', '2026-11-23')).toBe('action-plan-round-2026-11-23.csv');
  });

  it('has a header and one row per action, with the overdue flag and latest update', () => {
    const rows = actionPlanCsvRows(
      [
        {
          description: 'Agree a fast-track panel route',
          purpose: 'address_concern',
          priority: { rank: 1, title: 'Faster decisions' },
          statementKeys: ['A1', 'B2'],
          lead_person: 'Ali Khan',
          lead_organisation: 'Northmoor Council',
          due_on: '2026-11-01',
          status: 'in_progress',
          latest: { recorded_on: '2026-10-20', note: 'Draft terms agreed' },
        },
        {
          description: 'Keep the preparation group running',
          purpose: 'maintain_strength',
          priority: null,
          statementKeys: [],
          lead_person: 'Beth Jones',
          lead_organisation: 'Recovery service',
          due_on: '2026-10-01',
          status: 'done',
          latest: null,
        },
      ],
      '2026-11-23',
    );
    expect(rows[0]).toEqual([...actionPlanCsvHeader]);
    expect(rows[1]).toEqual([
      'Agree a fast-track panel route',
      'Address a concern',
      '1. Faster decisions',
      'A1; B2',
      'Ali Khan',
      'Northmoor Council',
      '2026-11-01',
      'In progress',
      'Yes',
      '2026-10-20',
      'Draft terms agreed',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
    ]);
    expect(rows[2]?.slice(1, 4)).toEqual(['Maintain a strength', '', '']);
    expect(rows[2]?.[8]).toBe('No');
  });

  it('adds the measure, baseline, figure now, target and progress of an action with a target', () => {
    const target = targetSummary({ measure: 'days_to_funding_decision', baseline: 20, baselineOn: '2026-06-01', target: 10, targetOn: '2027-06-01' }, 19, '2026-12-01');
    const rows = actionPlanCsvRows(
      [
        {
          description: 'Weekly panel',
          purpose: 'address_concern',
          priority: null,
          statementKeys: [],
          lead_person: 'Ali Khan',
          lead_organisation: 'Northmoor Council',
          due_on: '2027-06-01',
          status: 'in_progress',
          latest: null,
          target,
        },
      ],
      '2026-12-01',
    );
    const row = Object.fromEntries(actionPlanCsvHeader.map((heading, index) => [heading, rows[1]?.[index]]));
    expect(row).toMatchObject({
      Measure: 'Days to funding decision',
      Baseline: '20 days',
      'Baseline date': '2026-06-01',
      'Current figure': '19 days',
      Target: '10 days',
      'Target date': '2027-06-01',
      Progress: 'Off track',
    });
    expect(row['Progress detail']).toMatch(/^Off track: the figure moved from 20 days to 19 days, 10% of the way/);
  });
});

describe('measures and targets', () => {
  const days = { unit: 'days', better: 'lower' } as const;
  const percent = { unit: 'percent', better: 'higher' } as const;

  it('refuses a target in the wrong direction or already met at the baseline', () => {
    expect(targetProblem(20, 30, days)).toBe('The target must be lower than the baseline of 20 days, because a lower figure is better');
    expect(targetProblem(40, 30, percent)).toBe('The target must be higher than the baseline of 40%, because a higher figure is better');
    expect(targetProblem(20, 20, days)).toBe('The target is already met: the baseline is 20 days. Enter a target lower than that');
    expect(targetProblem(20, 14, days)).toBeNull();
    expect(targetProblem(40, 60, percent)).toBeNull();
    expect(targetProblem(null, 60, percent)).toBeNull();
  });

  it('keeps a target within its unit and after the baseline', () => {
    expect(targetValueProblem(100.5, 'percent')).toBe('Target value must be 100 or less, because the measure is a percentage');
    expect(targetValueProblem(101, 'points')).toBe('Target value must be 100 or less, because the measure is in percentage points');
    expect(targetValueProblem(100, 'percent')).toBeNull();
    expect(targetValueProblem(3651, 'days')).toBe('Target value must be 3,650 days or fewer');
    expect(targetDateProblem('2026-12-01', '2026-12-01', '2026-12-01')).toBe('The target date must be in the future');
    expect(targetDateProblem('2026-08-01', '2026-09-01', '2026-12-01')).toBe('The target date must be after 1 September 2026, the day the baseline was set');
    expect(targetDateProblem('2026-12-02', '2026-12-01', '2026-12-01')).toBeNull();
  });

  it('freezes a baseline when a measure is first chosen or changed, and keeps it otherwise', () => {
    expect(baselineStep(null, 'completion')).toBe('freeze');
    expect(baselineStep({ measure: 'completion', baseline: '40' }, 'completion')).toBe('keep');
    expect(baselineStep({ measure: 'completion', baseline: '40' }, 'early_drop_out')).toBe('freeze');
    expect(baselineStep({ measure: 'completion', baseline: null }, 'completion')).toBe('freeze');
    expect(baselineStep({ measure: 'completion', baseline: '40' }, null)).toBe('clear');
  });

  const figure = (value: number | null) => ({
    measure: 'completion' as const,
    value,
    base: 12,
    tooFew: false,
    detail: null,
    trend: [],
    comparisons: [],
    from: '2026-01-01',
    to: '2026-12-01',
    calculatedAt: '2026-12-01T12:00:00.000Z',
  });

  it('takes a baseline only from a figure with a value', () => {
    expect(baselineFrom(figure(45), '2026-12-01')).toEqual({ baseline: 45, baselineOn: '2026-12-01', figure: figure(45) });
    expect(baselineFrom(figure(null), '2026-12-01')).toBeNull();
    expect(baselineFrom(undefined, '2026-12-01')).toBeNull();
  });

  it('reads stored targets and figures, and refuses what is not one', () => {
    expect(actionTargetOf({ measure: 'completion', baseline: '45.5', baseline_on: '2026-12-01', target_value: '60', target_on: '2027-06-01' })).toEqual({
      measure: 'completion',
      baseline: 45.5,
      baselineOn: '2026-12-01',
      target: 60,
      targetOn: '2027-06-01',
    });
    expect(actionTargetOf({ measure: null, baseline: null, baseline_on: null, target_value: null, target_on: null })).toBeNull();
    expect(actionTargetOf({ measure: 'retired_measure', baseline: null, baseline_on: null, target_value: '5', target_on: '2027-06-01' })).toBeNull();
    expect(storedFigure(figure(45))?.value).toBe(45);
    expect(storedFigure({ measure: 'completion', value: 'many', to: '2026-12-01' })).toBeNull();
    expect(storedFigureThen(figure(45))).toBeNull();
    const then = figureThen(figure(45), { measure: 'completion', baseline: 40, baselineOn: '2026-06-01', target: 60, targetOn: '2027-06-01' });
    expect(storedFigureThen(JSON.parse(JSON.stringify(then)))?.judgedAgainst).toEqual({ baseline: 40, baselineOn: '2026-06-01', target: 60, targetOn: '2027-06-01' });
  });

  it('judges progress from the baseline, and says why it cannot without one', () => {
    const target = { measure: 'completion' as const, baseline: 40, baselineOn: '2026-06-01', target: 60, targetOn: '2027-06-01' };
    expect(targetProgress(target, 61, '2026-12-01').status).toBe('met');
    expect(targetProgress(target, 51, '2026-12-01').status).toBe('on_track');
    expect(targetProgress(target, 41, '2026-12-01').status).toBe('off_track');
    expect(targetProgress(target, null, '2026-12-01').status).toBe('no_figure');
    const none = targetProgress({ ...target, baseline: null, baselineOn: null }, 50, '2026-12-01');
    expect(none.status).toBe('no_figure');
    expect(none.sentence).toContain('No baseline was set, because there was no figure when the measure was chosen. The figure is now 50%');
    expect(targetSummary(target, 41, '2026-12-01').progressTag).toEqual({ text: 'Off track', classes: 'govuk-tag--red' });
  });

  it('lists off-track actions first, otherwise keeping the order', () => {
    const item = (id: string, status: string | null) => ({ id, target: status ? { progress: { status } } : null });
    const sorted = offTrackFirst([item('a', null), item('b', 'on_track'), item('c', 'off_track'), item('d', 'met'), item('e', 'off_track')]);
    expect(sorted.map((entry) => entry.id)).toEqual(['c', 'e', 'a', 'b', 'd']);
  });

  it('keeps what a meeting recorded for an action, and records the figure now only for a newly ticked one', () => {
    const fresh = new Map([['new', figureThen(figure(50), { measure: 'completion', baseline: 40, baselineOn: '2026-06-01', target: 60, targetOn: '2027-06-01' })]]);
    const kept = reviewedFigures(
      [{ actionId: 'old' }, { actionId: 'none' }, { actionId: 'new' }],
      new Map<string, unknown>([
        ['old', { value: 42 }],
        ['none', null],
      ]),
      new Map([...fresh, ['none', fresh.get('new')!]]),
    );
    expect(kept.map((entry) => (entry.figureThen as { value: number } | null)?.value ?? null)).toEqual([42, null, 50]);
  });

  it('names the measure and target for the audit log', () => {
    expect(targetAuditText({ measure: 'days_to_funding_decision', baseline: 20, target: 10, targetOn: '2027-03-31' })).toBe(
      'measure “Days to funding decision”, baseline 20 days, target 10 days by 2027-03-31',
    );
    expect(targetAuditText({ measure: 'completion', baseline: null, target: 60, targetOn: '2027-03-31' })).toBe(
      'measure “Completed stays”, no baseline (no figure yet), target 60% by 2027-03-31',
    );
    expect(targetAuditText(null)).toBe('no measure');
  });
});
