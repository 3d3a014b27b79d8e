import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, csrfTokenIn, signedInVisitor, type TestContext, type Visitor } from '../../test/app.js';

/** The action plan (priorities, actions, progress, CSV) and review meetings, through the routes. */

let context: TestContext;
let lead: Visitor;
let contributor: Visitor;
let viewer: Visitor;
let eastfield: Visitor;
let round: string;
let roundId: string;
let themes: Array<{ id: string; key: string; title: string; statements: Array<{ id: string; key: string }> }>;

const dates = (prefix: string, day: string, month: string, year: string) => ({ [`${prefix}-day`]: day, [`${prefix}-month`]: month, [`${prefix}-year`]: year });
const versionIn = (html: string) => /<input type="hidden" name="version" value="(\d+)">/.exec(html)?.[1] as string;
const db = () => context.database.db;

async function templateId() {
  return (await db().selectFrom('assessment_templates').select('id').executeTakeFirstOrThrow()).id;
}

async function startRound(visitor: Visitor, title: string): Promise<string> {
  const response = await visitor.submit('/assessments/new', '/assessments/new', {
    title,
    templateId: await templateId(),
    ...dates('startsOn', '4', '1', '2027'),
    ...dates('responsesDueOn', '26', '2', '2027'),
    ...dates('reEvaluateOn', '1', '3', '2028'),
  });
  expect(response.statusCode).toBe(302);
  return response.headers.location as string;
}

function actionFields(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    description: 'Agree a fast-track funding route for inpatient detox',
    purpose: 'address_concern',
    statementIds: [themes[0]!.statements[0]!.id, themes[1]!.statements[0]!.id],
    leadPerson: 'Ali Khan',
    leadOrganisation: 'Northmoor Council (demo)',
    ...dates('dueOn', '30', '11', '2026'),
    priorityId: '',
    status: 'not_started',
    ...overrides,
  };
}

async function priorityIds(): Promise<Array<{ id: string; title: string; rank: number; version: number }>> {
  return db().selectFrom('priorities').select(['id', 'title', 'rank', 'version']).where('round_id', '=', roundId).orderBy('rank').execute();
}

beforeAll(async () => {
  context = await createTestContext();
  lead = await signedInVisitor(context, 'lead@northmoor.example');
  contributor = await signedInVisitor(context, 'contributor@northmoor.example');
  viewer = await signedInVisitor(context, 'viewer@northmoor.example');
  eastfield = await signedInVisitor(context, 'peer@eastfield.example');
  const themeRows = await db().selectFrom('template_themes').select(['id', 'key', 'title']).orderBy('position').execute();
  const statementRows = await db().selectFrom('template_statements').select(['id', 'key', 'theme_id']).orderBy('position').execute();
  themes = themeRows.map((theme) => ({ ...theme, statements: statementRows.filter((statement) => statement.theme_id === theme.id) }));
  round = await startRound(lead, 'Pathway assessment 2027');
  roundId = round.split('/').pop() as string;
});
afterAll(async () => context.close());

describe('a draft round', () => {
  it('shows the plan pages to the lead but refuses changes until the round is open', async () => {
    expect((await lead.get(`${round}/priorities`)).body).toContain('You can set priorities once the round is open for responses');
    const refused = await lead.submit(`${round}/priorities`, `${round}/priorities`, { title: 'Too early', description: '' });
    expect(refused.statusCode).toBe(302);
    expect((await lead.get(`${round}/priorities`)).body).toContain('The action plan can be changed once the round is open for responses');
    expect(await priorityIds()).toEqual([]);
    expect((await lead.get(`${round}/actions/new`)).statusCode).toBe(302);
    expect((await contributor.get(`${round}/actions`)).statusCode).toBe(404);
    expect((await lead.submit(round, `${round}/status`, { to: 'open' })).statusCode).toBe(302);
  });
});

describe('priorities', () => {
  it('refuses an empty priority and an overlong description, keeping what was typed', async () => {
    const response = await lead.submit(`${round}/priorities`, `${round}/priorities`, { title: '', description: 'd'.repeat(2001) });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Enter the priority');
    expect(response.body).toContain('Description must be 2,000 characters or fewer');
    expect(response.body).toContain('href="#title"');
    expect(response.body).toContain('d'.repeat(2001));
    expect(response.body).toContain('<title>Error: Priorities');
  });

  it('adds priorities in order, each at the bottom', async () => {
    for (const title of ['Faster funding decisions', 'Better preparation', 'Safer discharge']) {
      const response = await lead.submit(`${round}/priorities`, `${round}/priorities`, { title, description: `Why ${title.toLowerCase()} matters` });
      expect(response.statusCode).toBe(302);
    }
    expect((await priorityIds()).map((priority) => [priority.rank, priority.title])).toEqual([
      [1, 'Faster funding decisions'],
      [2, 'Better preparation'],
      [3, 'Safer discharge'],
    ]);
    const page = await lead.get(`${round}/priorities`);
    expect(page.body).toContain('Priorities, most important first');
    expect(page.body).toContain('Move up<span class="govuk-visually-hidden"> Safer discharge</span>');
  });

  it('moves a priority up and down, and refuses a move from an out-of-date page', async () => {
    const [, , third] = await priorityIds();
    const page = await lead.get(`${round}/priorities`);
    const token = csrfTokenIn(page.body);
    const moved = await lead.post(`${round}/priorities/${third!.id}/move`, { _csrf: token, direction: 'up', version: String(third!.version) });
    expect(moved.statusCode).toBe(302);
    expect((await priorityIds()).map((priority) => priority.title)).toEqual(['Faster funding decisions', 'Safer discharge', 'Better preparation']);
    const stale = await lead.post(`${round}/priorities/${third!.id}/move`, { _csrf: token, direction: 'up', version: String(third!.version) });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Someone else changed this');
    expect((await priorityIds()).map((priority) => priority.title)).toEqual(['Faster funding decisions', 'Safer discharge', 'Better preparation']);
    const current = (await priorityIds())[1]!;
    const down = await lead.post(`${round}/priorities/${current.id}/move`, { _csrf: token, direction: 'down', version: String(current.version) });
    expect(down.statusCode).toBe(302);
    expect((await priorityIds()).map((priority) => priority.title)).toEqual(['Faster funding decisions', 'Better preparation', 'Safer discharge']);
  });

  it('changes a priority and detects an edit made meanwhile, keeping the second person’s input', async () => {
    const first = (await priorityIds())[0]!;
    const path = `${round}/priorities/${first.id}`;
    const pageA = await lead.get(path);
    const pageB = await lead.get(path);
    const saved = await lead.post(path, { _csrf: csrfTokenIn(pageA.body), version: versionIn(pageA.body), title: 'Quicker funding decisions', description: 'Edited first' });
    expect(saved.statusCode).toBe(302);
    const conflict = await lead.post(path, { _csrf: csrfTokenIn(pageB.body), version: versionIn(pageB.body), title: 'My other wording', description: 'Edited second' });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.body).toContain('Someone else changed this while you were editing it');
    expect(conflict.body).toContain('value="My other wording"');
    expect(conflict.body).toContain('Quicker funding decisions');
    const stored = await db().selectFrom('priorities').select(['title', 'description']).where('id', '=', first.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ title: 'Quicker funding decisions', description: 'Edited first' });
  });
});

let firstAction: string;
let secondAction: string;
let thirdAction: string;

describe('actions', () => {
  it('refuses an action with missing or wrong details, keeping everything typed', async () => {
    const response = await lead.submit(`${round}/actions/new`, `${round}/actions/new`, actionFields({ description: '', ...dates('dueOn', '', '', ''), purpose: '', leadPerson: 'Kept Person' }));
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Enter a description of the action');
    expect(response.body).toContain('Enter the due date');
    expect(response.body).toContain('Select whether the action addresses a concern or maintains a strength');
    expect(response.body).toContain('href="#dueOn-day"');
    expect(response.body).toContain('value="Kept Person"');
    expect(response.body).toMatch(new RegExp(`value="${themes[0]!.statements[0]!.id}" checked`));

    const wrong = await lead.submit(`${round}/actions/new`, `${round}/actions/new`, actionFields({ description: 'x'.repeat(2001), ...dates('dueOn', '31', '2', '2027') }));
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('Description must be 2,000 characters or fewer');
    expect(wrong.body).toContain('Due date must be a real date');
    expect(wrong.body).toContain('x'.repeat(2001));
    expect(wrong.body).toMatch(/name="dueOn-day" type="text" value="31"/);
    expect(await db().selectFrom('actions').select('id').execute()).toEqual([]);
  });

  it('marks the statements the partnership agreed as strengths or concerns', async () => {
    await db()
      .insertInto('agreed_answers')
      .values({
        partnership_id: context.demo.partnershipIds.northmoor,
        round_id: roundId,
        statement_id: themes[0]!.statements[0]!.id,
        rating: 'not_in_place',
        judgement: 'concern',
        updated_by: context.demo.userIds['lead@northmoor.example'] as string,
        updated_at: new Date(),
      })
      .execute();
    const page = await lead.get(`${round}/actions/new`);
    expect(page.body).toMatch(new RegExp(`${themes[0]!.statements[0]!.key}:[^<]*</label>\\s*<div id="statementIds-item-hint" class="govuk-hint govuk-checkboxes__hint">\\s*Agreed as a concern`));
    expect(page.body).toContain(`<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">\n    ${themes[1]!.title}`);
  });

  it('adds actions with linked statements, a lead, a due date and a priority', async () => {
    const [priority] = await priorityIds();
    const first = await lead.submit(`${round}/actions/new`, `${round}/actions/new`, actionFields({ priorityId: priority!.id }));
    expect(first.statusCode).toBe(302);
    firstAction = first.headers.location as string;
    expect(firstAction).toMatch(new RegExp(`^${round}/actions/[0-9a-f-]{36}$`));
    const page = await lead.get(firstAction);
    expect(page.body).toContain('Agree a fast-track funding route for inpatient detox');
    expect(page.body).toContain(themes[0]!.statements[0]!.key);
    expect(page.body).toContain(themes[1]!.statements[0]!.key);
    expect(page.body).toContain('1. Quicker funding decisions');
    expect(page.body).toContain('Not started');
    expect(page.body).toContain('30 November 2026');
    expect(page.body).not.toContain('>Overdue<');

    const second = await lead.submit(
      `${round}/actions/new`,
      `${round}/actions/new`,
      actionFields({
        description: 'Keep the weekly preparation group running',
        purpose: 'maintain_strength',
        statementIds: themes[1]!.statements[1]!.id,
        leadPerson: 'Beth Jones',
        leadOrganisation: 'Northmoor Community Recovery Service (demo)',
        ...dates('dueOn', '31', '3', '2027'),
        status: 'in_progress',
      }),
    );
    expect(second.statusCode).toBe(302);
    secondAction = second.headers.location as string;
    const third = await lead.submit(
      `${round}/actions/new`,
      `${round}/actions/new`,
      actionFields({ description: '=HYPERLINK("http://example.org")', statementIds: [], leadPerson: 'ali khan', ...dates('dueOn', '1', '6', '2027'), status: 'blocked' }),
    );
    expect(third.statusCode).toBe(302);
    thirdAction = third.headers.location as string;
    const audit = await db().selectFrom('audit_events').select(['action', 'partnership_id']).where('action', '=', 'action_created').execute();
    expect(audit).toHaveLength(3);
    expect(audit.every((entry) => entry.partnership_id === context.demo.partnershipIds.northmoor)).toBe(true);
  });

  it('refuses a priority that is not one of the round’s', async () => {
    const eastfieldRound = await startRound(eastfield, 'Eastfield assessment');
    await eastfield.submit(eastfieldRound, `${eastfieldRound}/status`, { to: 'open' });
    await eastfield.submit(`${eastfieldRound}/priorities`, `${eastfieldRound}/priorities`, { title: 'Eastfield priority', description: '' });
    const foreign = await db().selectFrom('priorities').select('id').where('title', '=', 'Eastfield priority').executeTakeFirstOrThrow();
    const response = await lead.submit(`${round}/actions/new`, `${round}/actions/new`, actionFields({ priorityId: foreign.id, description: 'Uses a foreign priority' }));
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Select a priority from the list');
    expect(response.body).toContain('Uses a foreign priority');
  });

  it('changes an action and detects a change made meanwhile, keeping the second person’s input', async () => {
    const edit = `${secondAction}/edit`;
    const pageA = await lead.get(edit);
    const pageB = await lead.get(edit);
    expect(pageA.body).toMatch(new RegExp(`value="${themes[1]!.statements[1]!.id}" checked`));
    const saved = await lead.post(edit, {
      _csrf: csrfTokenIn(pageA.body),
      version: versionIn(pageA.body),
      ...actionFields({
        description: 'Keep the weekly preparation group running all year',
        purpose: 'maintain_strength',
        statementIds: themes[1]!.statements[1]!.id,
        leadPerson: 'Beth Jones',
        leadOrganisation: 'Northmoor Community Recovery Service (demo)',
        ...dates('dueOn', '31', '3', '2027'),
        status: 'in_progress',
      }),
    });
    expect(saved.statusCode).toBe(302);
    const conflict = await lead.post(edit, {
      _csrf: csrfTokenIn(pageB.body),
      version: versionIn(pageB.body),
      ...actionFields({ description: 'A rival description', purpose: 'maintain_strength', leadPerson: 'Beth Jones', status: 'done' }),
    });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.body).toContain('Someone else changed this while you were editing it');
    expect(conflict.body).toContain('A rival description');
    expect(conflict.body).toContain('Keep the weekly preparation group running all year');
    const stored = await db().selectFrom('actions').select(['description', 'status']).where('id', '=', secondAction.split('/').pop() as string).executeTakeFirstOrThrow();
    expect(stored).toEqual({ description: 'Keep the weekly preparation group running all year', status: 'in_progress' });
  });

  it('flags actions past their due date as overdue, using today’s date', async () => {
    const before = await lead.get(`${round}/actions`);
    expect(before.body).not.toContain('>Overdue<');
    const saved = context.clock.now;
    context.clock.now = new Date('2026-12-05T10:00:00Z');
    try {
      const list = await lead.get(`${round}/actions`);
      expect(list.body).toContain('1 action is overdue.');
      expect(list.body).toMatch(/30 November 2026\s*<br><strong class="govuk-tag govuk-tag--red">\s*Overdue/);
      expect((await lead.get(firstAction)).body).toContain('Overdue');
      const csv = parse((await lead.get(`${round}/actions.csv`)).body, { bom: true, columns: true }) as Array<Record<string, string>>;
      expect(csv.find((row) => row['Lead person'] === 'Ali Khan')?.Overdue).toBe('Yes');
    } finally {
      context.clock.now = saved;
    }
  });

  it('filters the list by status, lead and theme through the address', async () => {
    const count = async (query: string) => /Showing (\d+) of (\d+) actions/.exec((await viewer.get(`${round}/actions${query}`)).body)?.slice(1, 3);
    expect(await count('?status=blocked')).toEqual(['1', '3']);
    expect(await count('?lead=Ali+Khan')).toEqual(['2', '3']);
    expect(await count(`?theme=${themes[1]!.key}`)).toEqual(['2', '3']);
    expect(await count(`?theme=${themes[1]!.key}&lead=Beth+Jones`)).toEqual(['1', '3']);
    expect(await count(`?theme=${themes[0]!.key}&status=done`)).toEqual(['0', '3']);
    const page = await viewer.get(`${round}/actions?status=in_progress`);
    expect(page.body).toContain('<option value="in_progress" selected>In progress</option>');
    expect(page.body).toContain('Keep the weekly preparation group running all year');
    expect(page.body).not.toContain('Agree a fast-track funding route');
    expect(page.body).toContain(`href="/assessments/${roundId}/actions.csv?status=in_progress"`);
    const bad = await viewer.get(`${round}/actions?status=finished`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Select a status from the list');
    expect((await viewer.get(`${round}/actions?theme=no-such-theme`)).body).toContain('Select a theme from the list');
  });

  it('downloads the action plan as CSV that a spreadsheet reads back', async () => {
    const response = await viewer.get(`${round}/actions.csv`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe('attachment; filename="action-plan-pathway-assessment-2027-2026-11-23.csv"');
    const rows = parse(response.body, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(3);
    expect(Object.keys(rows[0]!)).toEqual([
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
    ]);
    expect(rows[0]).toMatchObject({
      Action: 'Agree a fast-track funding route for inpatient detox',
      Purpose: 'Address a concern',
      Priority: '1. Quicker funding decisions',
      'Linked statements': `${themes[0]!.statements[0]!.key}; ${themes[1]!.statements[0]!.key}`,
      'Lead person': 'Ali Khan',
      'Due date': '2026-11-30',
      Status: 'Not started',
      Overdue: 'No',
      Measure: '',
      Progress: '',
    });
    expect(rows[1]).toMatchObject({ Purpose: 'Maintain a strength', Status: 'In progress', Priority: '' });
    expect(rows[2]?.Action).toBe('\'=HYPERLINK("http://example.org")');
    const filtered = parse((await viewer.get(`${round}/actions.csv?status=blocked`)).body, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(filtered.map((row) => row.Status)).toEqual(['Blocked']);
  });
});

describe('progress updates', () => {
  it('lets a contributor record progress, which sets the action’s status', async () => {
    const page = await contributor.get(firstAction);
    expect(page.body).toContain('Add a progress update');
    expect(page.body).not.toContain('Change this action');
    const response = await contributor.post(`${firstAction}/updates`, {
      _csrf: csrfTokenIn(page.body),
      ...dates('recordedOn', '20', '11', '2026'),
      status: 'in_progress',
      note: 'Panel terms drafted with the finance team',
    });
    expect(response.statusCode).toBe(302);
    const after = await lead.get(firstAction);
    expect(after.body).toContain('Panel terms drafted with the finance team');
    expect(after.body).toContain('20 November 2026');
    expect(after.body).toContain('Sam Demo');
    const stored = await db().selectFrom('actions').select(['status', 'version']).where('id', '=', firstAction.split('/').pop() as string).executeTakeFirstOrThrow();
    expect(stored).toEqual({ status: 'in_progress', version: 2 });
    const csv = parse((await lead.get(`${round}/actions.csv`)).body, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(csv[0]).toMatchObject({ Status: 'In progress', 'Latest update date': '2026-11-20', 'Latest update': 'Panel terms drafted with the finance team' });
  });

  it('does not let a back-dated update undo a later status', async () => {
    const page = await contributor.get(firstAction);
    const response = await contributor.post(`${firstAction}/updates`, { _csrf: csrfTokenIn(page.body), ...dates('recordedOn', '2', '11', '2026'), status: 'not_started', note: 'First meeting about it' });
    expect(response.statusCode).toBe(302);
    const stored = await db().selectFrom('actions').select('status').where('id', '=', firstAction.split('/').pop() as string).executeTakeFirstOrThrow();
    expect(stored.status).toBe('in_progress');
  });

  it('refuses an update without a note or dated in the future, keeping what was typed', async () => {
    const empty = await contributor.submit(firstAction, `${firstAction}/updates`, { ...dates('recordedOn', '21', '11', '2026'), status: 'done', note: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Enter what has happened since the last update');
    expect(empty.body).toMatch(/name="recordedOn-day" type="text" value="21"/);
    const future = await contributor.submit(firstAction, `${firstAction}/updates`, { ...dates('recordedOn', '24', '11', '2026'), status: 'done', note: 'Finished early' });
    expect(future.statusCode).toBe(400);
    expect(future.body).toContain('The date of the update must be today or in the past');
    expect(future.body).toContain('Finished early');
    const long = await contributor.submit(firstAction, `${firstAction}/updates`, { ...dates('recordedOn', '21', '11', '2026'), status: 'done', note: 'n'.repeat(2001) });
    expect(long.body).toContain('Note must be 2,000 characters or fewer');
  });

  it('does not let a contributor add, change or delete actions or priorities', async () => {
    expect((await contributor.get(`${round}/actions/new`)).statusCode).toBe(403);
    expect((await contributor.submit(firstAction, `${round}/actions/new`, actionFields())).statusCode).toBe(403);
    expect((await contributor.get(`${firstAction}/edit`)).statusCode).toBe(403);
    expect((await contributor.submit(firstAction, `${firstAction}/edit`, { ...actionFields(), version: '1' })).statusCode).toBe(403);
    expect((await contributor.submit(firstAction, `${firstAction}/delete`, { version: '1' })).statusCode).toBe(403);
    expect((await contributor.submit(`${round}/priorities`, `${round}/priorities`, { title: 'Mine' })).statusCode).toBe(403);
    expect((await contributor.get(`${round}/reviews/new`)).statusCode).toBe(403);
    expect(await db().selectFrom('actions').select('id').where('round_id', '=', roundId).execute()).toHaveLength(3);
  });

  it('lets viewers and peer reviewers read the plan but change nothing', async () => {
    const page = await viewer.get(firstAction);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Panel terms drafted with the finance team');
    expect(page.body).not.toContain('Add a progress update');
    expect((await viewer.submit(firstAction, `${firstAction}/updates`, { ...dates('recordedOn', '21', '11', '2026'), status: 'done', note: 'Viewer note' })).statusCode).toBe(403);
    const priorities = await viewer.get(`${round}/priorities`);
    expect(priorities.body).toContain('Quicker funding decisions');
    expect(priorities.body).not.toContain('Add a priority');
    expect(priorities.body).not.toContain('Move up');
    expect((await viewer.get(`${round}/actions`)).body).not.toContain('Add an action');
    expect((await viewer.get(`${round}/reviews/new`)).statusCode).toBe(403);
    const peer = await signedInVisitor(context, 'peer@eastfield.example');
    const switched = await peer.submit('/partnerships/switch', '/partnerships/switch', { partnershipId: context.demo.partnershipIds.northmoor });
    expect(switched.statusCode).toBe(302);
    expect((await peer.get(firstAction)).statusCode).toBe(200);
    expect((await peer.submit(firstAction, `${firstAction}/updates`, { ...dates('recordedOn', '21', '11', '2026'), status: 'done', note: 'Peer note' })).statusCode).toBe(403);
    expect(await db().selectFrom('action_updates').select('id').where('note', 'in', ['Viewer note', 'Peer note']).execute()).toEqual([]);
  });
});

let meeting: string;

describe('review meetings', () => {
  it('refuses a meeting without a date, keeping what was typed', async () => {
    const response = await lead.submit(`${round}/reviews/new`, `${round}/reviews/new`, { ...dates('meetsOn', '', '', ''), attendees: 'Alex, council', notes: 'Kept notes' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Enter the date of the meeting');
    expect(response.body).toContain('Kept notes');
    const wrong = await lead.submit(`${round}/reviews/new`, `${round}/reviews/new`, { ...dates('meetsOn', '30', '2', '2027'), attendees: '', notes: '' });
    expect(wrong.body).toContain('Date of the meeting must be a real date');
  });

  it('schedules a meeting and records each reviewed action’s status at the time', async () => {
    const ids = [firstAction, secondAction].map((path) => path.split('/').pop() as string);
    const response = await lead.submit(`${round}/reviews/new`, `${round}/reviews/new`, {
      ...dates('meetsOn', '15', '1', '2027'),
      attendees: 'Alex Demo, Northmoor Council\nSam Demo, recovery service',
      notes: 'Agreed the panel terms.\n\nNext: test the route.',
      actionIds: ids,
    });
    expect(response.statusCode).toBe(302);
    meeting = response.headers.location as string;
    expect(meeting).toMatch(new RegExp(`^${round}/reviews/[0-9a-f-]{36}$`));
    const snapshot = await db().selectFrom('review_meeting_actions').select(['action_id', 'status_then']).orderBy('status_then').execute();
    expect(snapshot).toEqual([{ action_id: ids[0], status_then: 'in_progress' }, { action_id: ids[1], status_then: 'in_progress' }].sort((a, b) => a.status_then.localeCompare(b.status_then)));

    // The action moves on after the meeting; the meeting keeps what was true then.
    await contributor.submit(firstAction, `${firstAction}/updates`, { ...dates('recordedOn', '23', '11', '2026'), status: 'done', note: 'Route agreed' });
    const page = await viewer.get(meeting);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Review meeting on 15 January 2027');
    expect(page.body).toContain('<li>Sam Demo, recovery service</li>');
    expect(page.body).toContain('Next: test the route.');
    expect(page.body).toMatch(/Status at the meeting[\s\S]*In progress[\s\S]*Done/);
    expect(page.body).not.toContain('Change this meeting');
  });

  it('shows the next meeting and the re-evaluation date', async () => {
    const page = await contributor.get(`${round}/reviews`);
    expect(page.body).toContain('Next review meeting');
    expect(page.body).toMatch(/Next review meeting[\s\S]*15 January 2027/);
    expect(page.body).toMatch(/Re-evaluation date[\s\S]*1 March 2028/);
    expect(page.body).toContain('Upcoming meetings');
    expect(page.body).not.toContain('Schedule a review meeting');
    expect((await lead.get(`${round}/reviews`)).body).toContain('Schedule a review meeting');
  });

  it('changes a meeting, keeping earlier statuses, and detects a change made meanwhile', async () => {
    const edit = `${meeting}/edit`;
    const pageA = await lead.get(edit);
    const pageB = await lead.get(edit);
    const ids = [firstAction, secondAction, thirdAction].map((path) => path.split('/').pop() as string);
    const saved = await lead.post(edit, {
      _csrf: csrfTokenIn(pageA.body),
      version: versionIn(pageA.body),
      ...dates('meetsOn', '16', '1', '2027'),
      attendees: 'Alex Demo',
      notes: 'Moved a day',
      actionIds: ids,
    });
    expect(saved.statusCode).toBe(302);
    const statuses = await db().selectFrom('review_meeting_actions').select(['action_id', 'status_then']).execute();
    expect(new Map(statuses.map((row) => [row.action_id, row.status_then]))).toEqual(
      new Map([
        [ids[0], 'in_progress'],
        [ids[1], 'in_progress'],
        [ids[2], 'blocked'],
      ]),
    );
    const conflict = await lead.post(edit, {
      _csrf: csrfTokenIn(pageB.body),
      version: versionIn(pageB.body),
      ...dates('meetsOn', '20', '1', '2027'),
      attendees: 'Somebody else',
      notes: 'My rival notes',
    });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.body).toContain('Someone else changed this while you were editing it');
    expect(conflict.body).toContain('My rival notes');
    expect(conflict.body).toContain('16 January 2027');
    expect(conflict.body).toContain('href="#meetsOn-day"');
    const stored = await db().selectFrom('review_meetings').select(['meets_on', 'notes']).executeTakeFirstOrThrow();
    expect(stored).toEqual({ meets_on: '2027-01-16', notes: 'Moved a day' });
  });

  it('refuses to record actions from outside the round', async () => {
    const foreignRound = await db().selectFrom('assessment_rounds').select('id').where('title', '=', 'Eastfield assessment').executeTakeFirstOrThrow();
    const eastfieldAction = await eastfield.submit(`/assessments/${foreignRound.id}/actions/new`, `/assessments/${foreignRound.id}/actions/new`, actionFields({ description: 'Eastfield action' }));
    expect(eastfieldAction.statusCode).toBe(302);
    const foreignId = (eastfieldAction.headers.location as string).split('/').pop() as string;
    const response = await lead.submit(`${round}/reviews/new`, `${round}/reviews/new`, { ...dates('meetsOn', '1', '2', '2027'), actionIds: foreignId });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Select actions from the list');
  });
});

describe('another partnership', () => {
  it('gets “not found” for every kind of record, and changes nothing', async () => {
    const [priority] = await priorityIds();
    const priorityPath = `${round}/priorities/${priority!.id}`;
    const gets = [
      `${round}/priorities`,
      priorityPath,
      `${priorityPath}/delete`,
      `${round}/actions`,
      `${round}/actions/new`,
      firstAction,
      `${firstAction}/edit`,
      `${firstAction}/delete`,
      `${round}/actions.csv`,
      `${round}/reviews`,
      `${round}/reviews/new`,
      meeting,
      `${meeting}/edit`,
      `${meeting}/delete`,
    ];
    for (const path of gets) expect([path, (await eastfield.get(path)).statusCode]).toEqual([path, 404]);
    const posts: Array<[string, Record<string, string | string[]>]> = [
      [`${round}/priorities`, { title: 'Intruder' }],
      [priorityPath, { title: 'Intruder', version: String(priority!.version) }],
      [`${priorityPath}/move`, { direction: 'down', version: String(priority!.version) }],
      [`${priorityPath}/delete`, { version: String(priority!.version) }],
      [`${round}/actions/new`, actionFields({ description: 'Intruder' })],
      [`${firstAction}/edit`, { ...actionFields({ description: 'Intruder' }), version: '3' }],
      [`${firstAction}/updates`, { ...dates('recordedOn', '1', '11', '2026'), status: 'blocked', note: 'Intruder' }],
      [`${firstAction}/delete`, { version: '3' }],
      [`${round}/reviews/new`, { ...dates('meetsOn', '1', '2', '2027') }],
      [`${meeting}/edit`, { ...dates('meetsOn', '1', '2', '2027'), notes: 'Intruder', version: '2' }],
      [`${meeting}/delete`, { version: '2' }],
    ];
    for (const [path, fields] of posts) expect([path, (await eastfield.submit('/', path, fields)).statusCode]).toEqual([path, 404]);

    // Using its own round in the address does not help either.
    const own = await db().selectFrom('assessment_rounds').select('id').where('title', '=', 'Eastfield assessment').executeTakeFirstOrThrow();
    const ownRound = `/assessments/${own.id}`;
    const actionId = firstAction.split('/').pop() as string;
    const meetingId = meeting.split('/').pop() as string;
    for (const path of [`${ownRound}/priorities/${priority!.id}`, `${ownRound}/actions/${actionId}`, `${ownRound}/actions/${actionId}/edit`, `${ownRound}/reviews/${meetingId}`]) {
      expect([path, (await eastfield.get(path)).statusCode]).toEqual([path, 404]);
    }
    expect((await eastfield.submit('/', `${ownRound}/actions/${actionId}/updates`, { ...dates('recordedOn', '1', '11', '2026'), status: 'blocked', note: 'Intruder' })).statusCode).toBe(404);
    expect((await eastfield.submit('/', `${ownRound}/reviews/${meetingId}/delete`, { version: '2' })).statusCode).toBe(404);

    expect(await db().selectFrom('actions').select('id').where('description', '=', 'Intruder').execute()).toEqual([]);
    expect(await db().selectFrom('action_updates').select('id').where('note', '=', 'Intruder').execute()).toEqual([]);
    expect(await db().selectFrom('priorities').select('id').where('title', '=', 'Intruder').execute()).toEqual([]);
    expect(await db().selectFrom('review_meetings').select('id').where('round_id', '=', roundId).execute()).toHaveLength(1);
    expect(await priorityIds()).toHaveLength(3);
    const eastfieldList = await eastfield.get(`${ownRound}/actions`);
    expect(eastfieldList.body).toContain('Eastfield action');
    expect(eastfieldList.body).not.toContain('Agree a fast-track funding route');
  });

  it('does not see the other partnership’s records in the same kind of page', async () => {
    const same = await lead.get(`${round}/actions`);
    expect(same.body).not.toContain('Eastfield action');
  });
});

describe('deleting', () => {
  it('deletes a priority after confirmation; its actions stay without a priority and the rest move up', async () => {
    const [first] = await priorityIds();
    const confirm = await lead.get(`${round}/priorities/${first!.id}/delete`);
    expect(confirm.body).toContain('Are you sure you want to delete the priority “Quicker funding decisions”?');
    const response = await lead.post(`${round}/priorities/${first!.id}/delete`, { _csrf: csrfTokenIn(confirm.body), version: versionIn(confirm.body) });
    expect(response.statusCode).toBe(302);
    expect((await priorityIds()).map((priority) => [priority.rank, priority.title])).toEqual([
      [1, 'Better preparation'],
      [2, 'Safer discharge'],
    ]);
    const action = await db().selectFrom('actions').select('priority_id').where('id', '=', firstAction.split('/').pop() as string).executeTakeFirstOrThrow();
    expect(action.priority_id).toBeNull();
  });

  it('refuses to delete an action from an out-of-date page, then deletes it with its updates', async () => {
    const confirm = await lead.get(`${firstAction}/delete`);
    await lead.submit(`${firstAction}/edit`, `${firstAction}/edit`, { ...actionFields({ status: 'done' }), version: versionIn((await lead.get(`${firstAction}/edit`)).body) });
    const stale = await lead.post(`${firstAction}/delete`, { _csrf: csrfTokenIn(confirm.body), version: versionIn(confirm.body) });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Someone else changed this');
    const fresh = await lead.submitWithHidden(`${firstAction}/delete`, `${firstAction}/delete`, {});
    expect(fresh.statusCode).toBe(302);
    const id = firstAction.split('/').pop() as string;
    expect(await db().selectFrom('actions').select('id').where('id', '=', id).execute()).toEqual([]);
    expect(await db().selectFrom('action_updates').select('id').where('action_id', '=', id).execute()).toEqual([]);
    expect((await lead.get(meeting)).body).not.toContain('Agree a fast-track funding route');
  });

  it('deletes a review meeting and records every change in the audit log', async () => {
    const response = await lead.submitWithHidden(`${meeting}/delete`, `${meeting}/delete`, {});
    expect(response.statusCode).toBe(302);
    expect((await lead.get(meeting)).statusCode).toBe(404);
    const actions = (await db().selectFrom('audit_events').select('action').where('partnership_id', '=', context.demo.partnershipIds.northmoor).execute()).map((row) => row.action);
    for (const expected of [
      'priority_added',
      'priority_moved',
      'priority_updated',
      'priority_deleted',
      'action_created',
      'action_updated',
      'action_progress_recorded',
      'action_deleted',
      'review_meeting_added',
      'review_meeting_updated',
      'review_meeting_deleted',
    ]) {
      expect(actions).toContain(expected);
    }
  });
});

describe('long action descriptions', () => {
  it('shows the whole description as the action page’s heading, never cut with “…”', async () => {
    const description = 'Agree with the three community treatment services and the housing trust how a person is supported from the day their funding is agreed until they arrive';
    const created = await lead.submit(`${round}/actions/new`, `${round}/actions/new`, actionFields({ description }));
    expect(created.statusCode).toBe(302);
    const page = await lead.get(created.headers.location as string);
    expect(page.body).toContain(`<h1 class="govuk-heading-l">${description}</h1>`);
    expect(/<h1[^>]*>[^<]*…/.test(page.body)).toBe(false);
  });
});
