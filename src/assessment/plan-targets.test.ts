import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, csrfTokenIn, signedInVisitor, type TestContext, type Visitor } from '../../test/app.js';
import { referralRow } from '../../test/referrals.js';
import { addDays } from '../platform/values/calendar.js';

/**
 * Actions with a measure, a frozen baseline and a target, through the routes: the action plan,
 * the action page, the CSV and review meetings. Today is 23 November 2026, so the live figures
 * cover 1 January to 23 November 2026.
 */

let context: TestContext;
let lead: Visitor;
let round: string;
let partnershipId: string;
const db = () => context.database.db;

const dates = (prefix: string, day: string, month: string, year: string) => ({ [`${prefix}-day`]: day, [`${prefix}-month`]: month, [`${prefix}-year`]: year });
const versionIn = (html: string) => /<input type="hidden" name="version" value="(\d+)">/.exec(html)?.[1] as string;
const idOf = (path: string) => path.split('/').pop() as string;

function actionFields(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    description: 'Set up a weekly virtual funding panel',
    purpose: 'address_concern',
    leadPerson: 'Ali Khan',
    leadOrganisation: 'Northmoor Council (demo)',
    ...dates('dueOn', '31', '3', '2027'),
    priorityId: '',
    status: 'in_progress',
    measure: 'days_to_funding_decision',
    targetValue: '5',
    ...dates('targetOn', '31', '3', '2027'),
    ...overrides,
  };
}

/** People referred in 2026 with a funding decision so many days after referral. */
async function addReferrals(prefix: string, decisionDays: readonly number[]) {
  for (const [index, days] of decisionDays.entries()) {
    const referredOn = addDays('2026-02-01', index * 20);
    await db()
      .insertInto('referrals')
      .values(
        referralRow(partnershipId, `${prefix}-${index}`, {
          stage: 'funding_requested',
          referred_on: referredOn,
          funding_requested_on: referredOn,
          funding_decision: 'approved',
          funding_decided_on: addDays(referredOn, days),
        }),
      )
      .execute();
  }
}

async function storedAction(path: string) {
  return db()
    .selectFrom('actions')
    .select(['measure', 'baseline', 'baseline_on', 'baseline_figure', 'target_value', 'target_on'])
    .where('id', '=', idOf(path))
    .executeTakeFirstOrThrow();
}

beforeAll(async () => {
  context = await createTestContext();
  partnershipId = context.demo.partnershipIds.northmoor;
  lead = await signedInVisitor(context, 'lead@northmoor.example');
  for (const table of ['referral_reviews', 'referral_contacts', 'referral_events', 'referrals'] as const) {
    await db().deleteFrom(table).where('partnership_id', '=', partnershipId).execute();
  }
  // Twelve decisions in 4 to 15 days: a median of 9.5 days.
  await addReferrals('NM-T', [4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
  const template = await db().selectFrom('assessment_templates').select('id').executeTakeFirstOrThrow();
  const created = await lead.submit('/assessments/new', '/assessments/new', {
    title: 'Pathway assessment 2027',
    templateId: template.id,
    ...dates('startsOn', '4', '1', '2027'),
    ...dates('responsesDueOn', '26', '2', '2027'),
    ...dates('reEvaluateOn', '1', '3', '2028'),
  });
  round = created.headers.location as string;
  expect((await lead.submit(round, `${round}/status`, { to: 'open' })).statusCode).toBe(302);
});
afterAll(async () => context.close());

let panelAction: string;
let earlyAction: string;
let meeting: string;

describe('an action’s measure and target', () => {
  it('offers the catalogue’s measures on the form', async () => {
    const page = await lead.get(`${round}/actions/new`);
    expect(page.body).toContain('<option value="">None</option>');
    expect(page.body).toContain('<option value="days_to_funding_decision">Days to funding decision</option>');
    expect(page.body).toContain('id="targetValue"');
    expect(page.body).toContain('name="targetOn-day"');
  });

  it('refuses a target in the wrong direction or already met, keeping what was typed', async () => {
    const wrongWay = await lead.submit(`${round}/actions/new`, `${round}/actions/new`, actionFields({ targetValue: '30' }));
    expect(wrongWay.statusCode).toBe(400);
    expect(wrongWay.body).toContain('<title>Error:');
    expect(wrongWay.body).toContain('The target must be lower than the baseline of 9.5 days, because a lower figure is better');
    expect(wrongWay.body).toContain('href="#targetValue"');
    expect(wrongWay.body).toContain('id="targetValue-error"');
    expect(wrongWay.body).toContain('value="30"');
    expect(wrongWay.body).toMatch(/<option value="days_to_funding_decision" selected>/);

    const met = await lead.submit(`${round}/actions/new`, `${round}/actions/new`, actionFields({ targetValue: '9.5' }));
    expect(met.statusCode).toBe(400);
    expect(met.body).toContain('The target is already met: the baseline is 9.5 days. Enter a target lower than that');
    expect(await db().selectFrom('actions').select('id').execute()).toEqual([]);
  });

  it('asks for a target value and date with a measure, a measure with a target, and a number in range', async () => {
    const missing = await lead.submit(`${round}/actions/new`, `${round}/actions/new`, actionFields({ targetValue: '', ...dates('targetOn', '', '', '') }));
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Enter the target value');
    expect(missing.body).toContain('Enter the target date');
    expect(missing.body).toContain('href="#targetOn-day"');

    const both = await lead.submit(`${round}/actions/new`, `${round}/actions/new`, actionFields({ targetValue: '', ...dates('targetOn', '1', '', '2027') }));
    expect(both.body).toContain('Enter the target value');
    expect(both.body).toContain('Target date must include a month');

    const noMeasure = await lead.submit(`${round}/actions/new`, `${round}/actions/new`, actionFields({ measure: '' }));
    expect(noMeasure.statusCode).toBe(400);
    expect(noMeasure.body).toContain('Select the measure the target is for, or leave the target value and date empty');

    const notNumber = await lead.submit(`${round}/actions/new`, `${round}/actions/new`, actionFields({ targetValue: 'ten' }));
    expect(notNumber.body).toContain('Target value must be a number, like 14 or 2.5');
    expect(notNumber.body).toContain('value="ten"');

    const tooHigh = await lead.submit(`${round}/actions/new`, `${round}/actions/new`, actionFields({ measure: 'completion', targetValue: '120' }));
    expect(tooHigh.body).toContain('Target value must be 100 or less, because the measure is a percentage');

    const past = await lead.submit(`${round}/actions/new`, `${round}/actions/new`, actionFields({ ...dates('targetOn', '1', '11', '2026') }));
    expect(past.statusCode).toBe(400);
    expect(past.body).toContain('The target date must be in the future');

    const unknown = await lead.submit(`${round}/actions/new`, `${round}/actions/new`, actionFields({ measure: 'happiness', description: '' }));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('Select a measure from the list');
    expect(unknown.body).toContain('Enter a description of the action');
    expect(await db().selectFrom('actions').select('id').execute()).toEqual([]);
  });

  it('freezes the baseline from the live figure when the measure is chosen, and shows it', async () => {
    const created = await lead.submit(`${round}/actions/new`, `${round}/actions/new`, actionFields());
    expect(created.statusCode).toBe(302);
    panelAction = created.headers.location as string;
    const stored = await storedAction(panelAction);
    expect(stored).toMatchObject({ measure: 'days_to_funding_decision', baseline_on: '2026-11-23', target_on: '2027-03-31' });
    expect(Number(stored.baseline)).toBe(9.5);
    expect(Number(stored.target_value)).toBe(5);
    expect(stored.baseline_figure).toMatchObject({ measure: 'days_to_funding_decision', value: 9.5, base: 12, from: '2026-01-01', to: '2026-11-23' });

    const page = await lead.get(panelAction);
    expect(page.body).toContain('Measure and target');
    expect(page.body).toContain('9.5 days, set on 23 November 2026');
    expect(page.body).toContain('based on 12');
    expect(page.body).toMatch(/<strong class="govuk-tag govuk-tag--turquoise">\s*On track\s*<\/strong>/);
    expect(page.body).toContain('On track: the figure moved from 9.5 days to 9.5 days, 0% of the way to the target of 5 days by 31 March 2027.');

    const audit = await db().selectFrom('audit_events').select('summary').where('action', '=', 'action_created').where('record_id', '=', idOf(panelAction)).executeTakeFirstOrThrow();
    expect(audit.summary).toContain('measure “Days to funding decision”, baseline 9.5 days, target 5 days by 2027-03-31');
  });

  it('saves an action with no baseline when the measure has no figure, and says so', async () => {
    // No stays have ended, so there is no completion figure.
    const created = await lead.submit(`${round}/actions/new`, `${round}/actions/new`, actionFields({ description: 'Review discharge planning', measure: 'completion', targetValue: '70' }));
    expect(created.statusCode).toBe(302);
    const stored = await storedAction(created.headers.location as string);
    expect(stored).toMatchObject({ measure: 'completion', baseline: null, baseline_on: null, baseline_figure: null });
    const page = await lead.get(created.headers.location as string);
    expect(page.body).toContain('There is no figure yet for “Completed stays”, so no baseline was set.');
    expect(page.body).toContain('None set: there was no figure for this measure when it was chosen.');
    expect(page.body).toMatch(/<strong class="govuk-tag govuk-tag--grey">\s*No figure\s*<\/strong>/);
    // Take it back off, so the rest of the plan is only the panel and the actions below.
    expect((await lead.submitWithHidden(`${created.headers.location as string}/delete`, `${created.headers.location as string}/delete`, {})).statusCode).toBe(302);
  });

  it('keeps the baseline when the action is changed, and freezes a new one when the measure changes', async () => {
    // More people with slower decisions: the live median moves to 12.5 days.
    await addReferrals('NM-U', [40, 40, 40, 40, 40, 40]);
    const edit = await lead.get(`${panelAction}/edit`);
    expect(edit.body).toContain('Baseline for “Days to funding decision”: 9.5 days, set on 23 November 2026');
    expect(edit.body).toContain('value="5"');
    const saved = await lead.post(`${panelAction}/edit`, { _csrf: csrfTokenIn(edit.body), ...actionFields({ description: 'Weekly virtual funding panel' }), version: versionIn(edit.body) });
    expect(saved.statusCode).toBe(302);
    expect(Number((await storedAction(panelAction)).baseline)).toBe(9.5);

    const changed = await lead.submitWithHidden(`${panelAction}/edit`, `${panelAction}/edit`, actionFields({ description: 'Weekly virtual funding panel', measure: 'days_to_admission', targetValue: '20' }));
    // No one has been admitted, so the new measure has no figure and no baseline.
    expect(changed.statusCode).toBe(302);
    expect(await storedAction(panelAction)).toMatchObject({ measure: 'days_to_admission', baseline: null });
    const back = await lead.submitWithHidden(`${panelAction}/edit`, `${panelAction}/edit`, actionFields({ description: 'Weekly virtual funding panel' }));
    expect(back.statusCode).toBe(302);
    const stored = await storedAction(panelAction);
    expect(Number(stored.baseline)).toBe(12.5);
    const audit = await db().selectFrom('audit_events').select('summary').where('action', '=', 'action_updated').where('record_id', '=', idOf(panelAction)).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(audit.summary).toContain('measure “Days to funding decision”, baseline 12.5 days, target 5 days by 2027-03-31 (new baseline)');
  });
});

describe('the action plan', () => {
  it('lists off-track actions first, with the measure, baseline, figure now, target and a tag', async () => {
    const early = await lead.submit(`${round}/actions/new`, `${round}/actions/new`, actionFields({ description: 'Agree the detox route', measure: '', targetValue: '', ...dates('targetOn', '', '', ''), ...dates('dueOn', '1', '12', '2026') }));
    expect(early.statusCode).toBe(302);
    earlyAction = early.headers.location as string;
    let page = await lead.get(`${round}/actions`);
    // Both on track or without a target: soonest due first.
    expect(page.body.indexOf('Agree the detox route')).toBeLessThan(page.body.indexOf('Weekly virtual funding panel'));

    // As if the baseline had been set in June: five months on, the figure has not moved.
    await db().updateTable('actions').set({ baseline_on: '2026-06-01' }).where('id', '=', idOf(panelAction)).execute();
    page = await lead.get(`${round}/actions`);
    expect(page.body).toContain('1 action is off track to its target. Off-track actions are listed first.');
    expect(page.body.indexOf('Weekly virtual funding panel')).toBeLessThan(page.body.indexOf('Agree the detox route'));
    expect(page.body).toMatch(/<strong class="govuk-tag govuk-tag--red">\s*Off track\s*<\/strong>/);
    expect(page.body).toContain('Baseline: 12.5 days (1 June 2026)');
    expect(page.body).toContain('Now: 12.5 days');
    expect(page.body).toContain('Target: 5 days by 31 March 2027');
    expect(page.body).toContain('Off track: the figure moved from 12.5 days to 12.5 days, 0% of the way, where steady progress would be 58% by now.');
  });

  it('downloads the measure, baseline, figure now, target and progress in the CSV, off-track first', async () => {
    const response = await lead.get(`${round}/actions.csv`);
    expect(response.statusCode).toBe(200);
    const rows = parse(response.body, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(rows.map((row) => row.Action)).toEqual(['Weekly virtual funding panel', 'Agree the detox route']);
    expect(rows[0]).toMatchObject({
      Measure: 'Days to funding decision',
      Baseline: '12.5 days',
      'Baseline date': '2026-06-01',
      'Current figure': '12.5 days',
      Target: '5 days',
      'Target date': '2027-03-31',
      Progress: 'Off track',
    });
    expect(rows[0]?.['Progress detail']).toContain('58% by now');
    expect(rows[1]).toMatchObject({ Measure: '', Baseline: '', Target: '', Progress: '' });
  });
});

describe('review meetings', () => {
  it('record the live figure when the meeting is saved, and keep it when the records change', async () => {
    const response = await lead.submit(`${round}/reviews/new`, `${round}/reviews/new`, {
      ...dates('meetsOn', '20', '11', '2026'),
      attendees: 'Ali Khan',
      notes: 'Looked at the panel',
      actionIds: [idOf(earlyAction), idOf(panelAction)],
    });
    expect(response.statusCode).toBe(302);
    meeting = response.headers.location as string;
    const recorded = await db().selectFrom('review_meeting_actions').select(['action_id', 'figure_then']).where('meeting_id', '=', idOf(meeting)).execute();
    expect(recorded.find((row) => row.action_id === idOf(earlyAction))?.figure_then).toBeNull();
    expect(recorded.find((row) => row.action_id === idOf(panelAction))?.figure_then).toMatchObject({
      measure: 'days_to_funding_decision',
      value: 12.5,
      judgedAgainst: { baseline: 12.5, baselineOn: '2026-06-01', target: 5, targetOn: '2027-03-31' },
    });

    // Six more people decided in a day: the live median falls to 9.5 days.
    await addReferrals('NM-V', [1, 1, 1, 1, 1, 1]);
    // Changing the meeting's notes keeps what it recorded.
    expect((await lead.submitWithHidden(`${meeting}/edit`, `${meeting}/edit`, { ...dates('meetsOn', '20', '11', '2026'), attendees: 'Ali Khan', notes: 'Changed notes', actionIds: [idOf(earlyAction), idOf(panelAction)] })).statusCode).toBe(302);

    const page = await lead.get(meeting);
    expect(page.body).toContain('Days to funding decision: 12.5 days on 23 November 2026');
    expect(page.body).not.toContain('9.5 days');
    expect(page.body).toMatch(/<strong class="govuk-tag govuk-tag--red">\s*Off track\s*<\/strong>/);
    expect(page.body).toContain('Off track: the figure moved from 12.5 days to 12.5 days');
    // Off-track actions first, although the other one is due sooner.
    expect(page.body.indexOf('Weekly virtual funding panel')).toBeLessThan(page.body.indexOf('Agree the detox route'));

    const plan = await lead.get(`${round}/actions`);
    expect(plan.body).toContain('Now: 9.5 days');
    expect(plan.body).toContain('Off track: the figure moved from 12.5 days to 9.5 days, 40% of the way');
  });
});
