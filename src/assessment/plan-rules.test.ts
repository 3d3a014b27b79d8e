import { describe, expect, it } from 'vitest';
import {
  actionPlanCsvHeader,
  actionPlanCsvRows,
  canRecordProgress,
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
    ]);
    expect(rows[2]?.slice(1, 4)).toEqual(['Maintain a strength', '', '']);
    expect(rows[2]?.[8]).toBe('No');
  });
});
