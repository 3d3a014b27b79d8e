import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { buildRoundReport, type RoundExportSource } from './report-data.js';
import { buildWorkbook } from './workbook.js';

const statement = (id: string, key: string, text: string, position: number) => ({ id, key, text, good_looks_like: '', evidence: [], position, measures: [] });

function source(): RoundExportSource {
  return {
    partnership: { name: 'Northmoor Drug and Alcohol Partnership (demo)', region: 'North West' },
    round: {
      id: '00000000-0000-4000-8000-000000000001',
      title: 'Pathway assessment 2027',
      status: 'peer_review',
      starts_on: '2027-01-04',
      responses_due_on: '2027-02-26',
      re_evaluate_on: null,
      created_at: new Date('2026-11-23T09:00:00Z'),
    },
    template: { key: 'residential-pathway', version: '2026.1', title: 'Residential treatment pathway self-assessment' },
    themes: [
      {
        id: 't1',
        key: 'governance',
        title: 'Partnership and governance',
        description: '',
        position: 1,
        statements: [statement('s1', 'GOV-01', 'A named lead owns the pathway.', 1), statement('s2', 'GOV-02', 'All partners take part.', 2)],
      },
      {
        id: 't2',
        key: 'long',
        title: 'Referral: assessment/eligibility [and] funding decisions?',
        description: '',
        position: 2,
        statements: [statement('s3', 'REF-01', 'Referrals are quick.', 1)],
      },
    ],
    participants: [
      { name: 'Sam', organisation: 'Recovery Service', partner_type: 'community_treatment', has_authority: true, knows_pathway: true },
      { name: 'Jo', organisation: 'Housing Trust', partner_type: 'homelessness', has_authority: false, knows_pathway: true },
    ],
    responses: [
      { statement_id: 's1', respondent_user_id: 'u1', respondent_name: 'Sam', organisation: 'Recovery Service', rating: 'in_place', evidence: 'Terms of reference, March' },
      { statement_id: 's1', respondent_user_id: 'u2', respondent_name: 'Jo', organisation: 'Housing Trust', rating: 'not_in_place', evidence: '=HYPERLINK("x")' },
      { statement_id: 's3', respondent_user_id: 'u2', respondent_name: 'Jo', organisation: 'Housing Trust', rating: 'partly', evidence: 'Bad\u0001character' },
    ],
    agreed: [
      {
        statement_id: 's1',
        rating: 'partly',
        judgement: 'concern',
        rationale: 'Works for some',
        suggested_rating: 'not_in_place',
        differs_reason: 'Urgent cases are quick',
        figures: [
          {
            measure: 'days_to_funding_decision',
            thresholds: { inPlace: 14, partly: 28 },
            suggestion: 'not_in_place',
            figure: { measure: 'days_to_funding_decision', value: 31, base: 12, tooFew: false, detail: null, trend: [], comparisons: [], from: '2026-01-01', to: '2026-11-20', calculatedAt: '2026-11-23T09:00:00.000Z' },
          },
        ],
      },
      { statement_id: 's3', rating: 'in_place', judgement: 'strength', rationale: '', suggested_rating: null, differs_reason: '', figures: [] },
    ],
    priorities: [
      { id: 'p2', title: 'Second priority', description: '', rank: 2 },
      { id: 'p1', title: 'Faster funding decisions', description: 'Decide within 10 days', rank: 1 },
    ],
    actions: [
      {
        id: 'a1',
        priority_id: 'p1',
        description: 'Set up a weekly funding panel',
        purpose: 'address_concern',
        lead_person: 'Alex',
        lead_organisation: 'Northmoor Council',
        due_on: '2026-10-01',
        status: 'in_progress',
        statementKeys: ['GOV-01', 'REF-01'],
        latestUpdate: { recorded_on: '2026-09-01', status: 'in_progress', note: 'Terms agreed' },
        target: { measure: 'days_to_funding_decision', baseline: 30, baselineOn: '2026-01-01', target: 10, targetOn: '2027-01-01' },
      },
      {
        id: 'a2',
        priority_id: null,
        description: 'Keep the lived experience forum',
        purpose: 'maintain_strength',
        lead_person: 'Jo',
        lead_organisation: 'Housing Trust',
        due_on: '2027-06-01',
        status: 'not_started',
        statementKeys: [],
        latestUpdate: null,
        target: null,
      },
    ],
    figuresNow: { days_to_funding_decision: 28 },
    meetings: [{ meets_on: '2026-12-01' }],
    comments: [
      {
        statement_id: 's1',
        reviewer_name: 'Robin',
        comment: 'What evidence backs this?',
        reply: 'The minutes from March',
        replied_by_name: 'Alex',
        replied_at: new Date('2026-11-20T15:30:00Z'),
        created_at: new Date('2026-11-19T10:00:00Z'),
      },
    ],
    decisions: [{ reviewer_name: 'Robin', decision: 'changes_requested', summary: 'Check GOV-01', decided_at: new Date('2026-11-21T12:00:00Z') }],
  };
}

async function readBack(buffer: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  return workbook;
}

describe('the report model', () => {
  it('marks overdue actions, orders priorities by rank and counts strengths and concerns', () => {
    const report = buildRoundReport(source(), { today: '2026-11-23', answersOf: 'everyone' });
    expect(report.priorities.map((priority) => priority.title)).toEqual(['Faster funding decisions', 'Second priority']);
    expect(report.priorities[0]?.actions[0]?.overdue).toBe(true);
    expect(report.otherActions[0]?.overdue).toBe(false);
    expect(report.overdueCount).toBe(1);
    expect(report.totals).toEqual({ statements: 3, agreed: 2, strengths: 1, concerns: 1, notAgreed: 1 });
    expect(report.respondents.map((respondent) => respondent.label)).toEqual(['Housing Trust (Jo)', 'Recovery Service (Sam)']);
    expect(report.peerReview.latestDecision?.decisionTag.text).toBe('Changes requested');
    expect(report.peerReview.comments[0]?.statementKey).toBe('GOV-01');
    expect(report.partners.coverage.missingRequired.length).toBeGreaterThan(0);
    expect(report.nextMeetingOn).toBe('2026-12-01');
  });

  it('keeps only one person’s answers when asked', () => {
    const report = buildRoundReport(source(), { today: '2026-11-23', answersOf: { userId: 'u1' } });
    expect(report.respondents.map((respondent) => respondent.userId)).toEqual(['u1']);
    expect(report.individualAnswers).toBe('own');
    expect(report.themes[0]?.statements[0]?.answers).toEqual([{ rating: 'in_place', ratingText: 'In place', evidence: 'Terms of reference, March' }]);
  });
});

describe('the workbook', () => {
  it('has the expected sheets, a frozen bold header, ratings, evidence, actions and real dates', async () => {
    const report = buildRoundReport(source(), { today: '2026-11-23', answersOf: 'everyone' });
    const buffer = await buildWorkbook(report, { createdAt: new Date('2026-11-23T09:00:00Z') });
    expect(buffer.subarray(0, 2).toString()).toBe('PK');
    const workbook = await readBack(buffer);
    const names = workbook.worksheets.map((sheet) => sheet.name);
    expect(names[0]).toBe('Summary');
    expect(names[1]).toBe('Partnership and governance');
    expect(names.slice(-3)).toEqual(['Action plan', 'Partners', 'Peer review']);
    for (const name of names) {
      expect(name.length).toBeLessThanOrEqual(31);
      expect(name).not.toMatch(/[[\]:*?/\\]/);
    }
    expect(new Set(names.map((name) => name.toLowerCase())).size).toBe(names.length);

    const governance = workbook.getWorksheet('Partnership and governance') as ExcelJS.Worksheet;
    expect(governance.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(governance.getRow(1).getCell(1).font?.bold).toBe(true);
    const header = governance.getRow(1).values as unknown[];
    expect(header).toContain('Housing Trust (Jo): rating');
    expect(header).toContain('Recovery Service (Sam): evidence');
    const gov01 = governance.getRow(2).values as unknown[];
    expect(gov01).toContain('GOV-01');
    expect(gov01).toContain('Not in place');
    expect(gov01).toContain('Terms of reference, March');
    // Text that looks like a formula stays text.
    expect(gov01).toContain('=HYPERLINK("x")');
    expect(gov01).toContain('Partly in place');
    expect(gov01).toContain('Concern');
    expect(governance.getRow(3).values as unknown[]).toContain('Not agreed yet');
    // The evidence the answer was agreed on: the frozen figure, the suggestion and the reason to differ.
    expect(header.slice(-3)).toEqual(['Figures when agreed', 'Rating the figures suggested', 'Why the agreed rating differs']);
    expect(gov01).toContain('Days to funding decision: 31 days (1 January 2026 to 20 November 2026, based on 12 people)');
    expect(gov01.slice(-2)).toEqual(['Not in place', 'Urgent cases are quick']);

    const other = workbook.worksheets[2] as ExcelJS.Worksheet;
    expect(other.getRow(2).values as unknown[]).toContain('Badcharacter');

    const plan = workbook.getWorksheet('Action plan') as ExcelJS.Worksheet;
    const first = plan.getRow(2);
    expect(first.getCell(2).value).toBe('Faster funding decisions');
    expect(first.getCell(3).value).toBe('Set up a weekly funding panel');
    expect(first.getCell(5).value).toBe('GOV-01, REF-01');
    expect(first.getCell(8).value).toBeInstanceOf(Date);
    expect((first.getCell(8).value as Date).toISOString()).toBe('2026-10-01T00:00:00.000Z');
    expect(first.getCell(8).numFmt).toBe('d mmm yyyy');
    expect(first.getCell(10).value).toBe('Yes');
    expect(first.getCell(12).value).toBe('In progress: Terms agreed');
    // The action's measure and target, with progress judged from the live figure.
    expect([13, 14, 15, 16].map((column) => first.getCell(column).value)).toEqual(['Days to funding decision', '30 days', '28 days', '10 days']);
    expect((first.getCell(17).value as Date).toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(String(first.getCell(18).value)).toMatch(/^Off track: /);
    expect(plan.getRow(3).getCell(3).value).toBe('No actions yet');
    expect(plan.getRow(4).getCell(2).value).toBe('Not linked to a priority');

    const summary = workbook.getWorksheet('Summary') as ExcelJS.Worksheet;
    const summaryText = JSON.stringify(summary.getSheetValues());
    expect(summaryText).toContain('Pathway assessment 2027');
    expect(summaryText).toContain('2026.1');
    expect(summaryText).toContain('Changes requested by Robin');

    const partners = workbook.getWorksheet('Partners') as ExcelJS.Worksheet;
    expect(JSON.stringify(partners.getSheetValues())).toContain('Homelessness support service');
    expect(JSON.stringify(partners.getSheetValues())).toContain('Missing');

    const peer = workbook.getWorksheet('Peer review') as ExcelJS.Worksheet;
    const comment = peer.getRow(2);
    expect(comment.getCell(3).value).toBe('GOV-01');
    expect(comment.getCell(6).value).toBe('The minutes from March');
    expect(JSON.stringify(peer.getSheetValues())).toContain('Check GOV-01');
  });

  it('still builds when the round has nothing in it yet', async () => {
    const empty = { ...source(), responses: [], agreed: [], priorities: [], actions: [], comments: [], decisions: [], participants: [], meetings: [] };
    const workbook = await readBack(await buildWorkbook(buildRoundReport(empty, { today: '2026-11-23', answersOf: 'everyone' }), { createdAt: new Date() }));
    expect(JSON.stringify((workbook.getWorksheet('Action plan') as ExcelJS.Worksheet).getSheetValues())).toContain('No priorities or actions yet');
    expect(JSON.stringify((workbook.getWorksheet('Peer review') as ExcelJS.Worksheet).getSheetValues())).toContain('No comments yet');
  });
});
