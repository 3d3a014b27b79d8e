import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { demoPartnerships } from '../src/demo/seed.js';
import type { BrowserSession } from './browser.js';
import { shortQuestionBank } from './fixtures.js';
import { account, expectErrors, expectHeading, expectSuccessBanner, signIn, tableRows, textOf } from './journeys.js';
import type { TestCase } from './runner.js';

const northmoor = demoPartnerships.northmoor.name;
const lead = account('lead@northmoor.example');
const treatment = account('contributor@northmoor.example');
const housing = account('housing@northmoor.example');
const peer = account('peer@eastfield.example');
const roundTitle = `Browser test round ${Date.now().toString(36)}`;
const bankLabel = `${shortQuestionBank.title} (version ${shortQuestionBank.version})`;

async function fillDate(page: Page, name: string, day: string, month: string, year: string) {
  await page.locator(`#${name}-day`).fill(day);
  await page.locator(`#${name}-month`).fill(month);
  await page.locator(`#${name}-year`).fill(year);
}

async function openRound(session: BrowserSession, page: Page, who: string) {
  await session.clickLink(page, 'Self-assessments', `Self-assessments – ${who}`);
  await session.clickLink(page, roundTitle, `Round – ${who}`);
  await expectHeading(page, roundTitle);
}

async function answerTheme(page: Page, ratings: Record<string, string>, evidence: string) {
  for (const [key, rating] of Object.entries(ratings)) {
    await page.locator(`input[name="rating-${key}"][value="${rating}"]`).check();
    await page.locator(`#evidence-${key}`).fill(`${evidence} (${key})`);
  }
}

let roundPath = '';

export const assessmentJourneys: Array<TestCase<BrowserSession>> = [
  {
    name: 'f. Self-assessment: a lead starts a round, two partners answer, the lead agrees answers, plans actions and a review, a peer reviewer signs off, the workbook downloads',
    timeoutMs: 240_000,
    async run(session) {
      // The lead starts a round; dates in the wrong order are refused first, keeping what was typed.
      const leadPage = await session.newPage();
      await signIn(session, leadPage, lead.email, lead.password, 'Home – lead');
      await session.clickLink(leadPage, 'Self-assessments', 'Self-assessments');
      await session.clickLink(leadPage, 'Start a new round', 'Start a round');
      await leadPage.getByLabel('Name of the round').fill(roundTitle);
      await leadPage.getByLabel(bankLabel).check();
      await fillDate(leadPage, 'startsOn', '10', '1', '2027');
      await fillDate(leadPage, 'responsesDueOn', '1', '1', '2027');
      await session.submit(leadPage, 'Create round', 'Start a round – errors', { status: 400 });
      await expectErrors(leadPage, ['The date responses are due must be the same as or after the start date']);
      assert.equal(await leadPage.getByLabel('Name of the round').inputValue(), roundTitle);
      await fillDate(leadPage, 'responsesDueOn', '26', '2', '2027');
      await session.submit(leadPage, 'Create round', 'Round – draft');
      await expectHeading(leadPage, roundTitle);
      roundPath = new URL(leadPage.url()).pathname;
      await session.submit(leadPage, 'Open for responses', 'Round – open');
      await expectSuccessBanner(leadPage, 'open for responses');

      // Two contributors from different organisations answer, theme by theme, in their own browsers.
      for (const [person, ratings, organisation] of [
        [treatment, { 'GET-01': 'in_place', 'GET-02': 'partly', 'OUT-01': 'not_in_place', 'OUT-02': 'partly' }, 'community service'],
        [housing, { 'GET-01': 'not_in_place', 'GET-02': 'partly', 'OUT-01': 'not_in_place', 'OUT-02': 'dont_know' }, 'housing trust'],
      ] as const) {
        const page = await session.newPage();
        await signIn(session, page, person.email, person.password, `Home – ${organisation}`);
        await openRound(session, page, organisation);
        await session.clickLink(page, 'Getting into treatment', `Theme 1 – ${organisation}`);
        await answerTheme(page, { 'GET-01': ratings['GET-01'], 'GET-02': ratings['GET-02'] }, `Evidence from the ${organisation}`);
        await session.submit(page, 'Save and continue to the next theme', `Theme 2 – ${organisation}`);
        await expectHeading(page, 'Leaving safely');
        await answerTheme(page, { 'OUT-01': ratings['OUT-01'], 'OUT-02': ratings['OUT-02'] }, `Evidence from the ${organisation}`);
        await session.submit(page, 'Save and return to the round', `Round after answering – ${organisation}`);
        assert.ok((await textOf(page, 'main')).includes('You have answered 4 of 4 statements'), 'the round page should count every answer');
        // Contributors cannot see the agreeing pages.
        await session.goto(page, `${roundPath}/agree`, `Agreeing refused – ${organisation}`, { status: 403, screenshot: false });
      }

      // The lead closes responses, sees the partners side by side and agrees every answer.
      await leadPage.reload();
      await session.clickLink(leadPage, 'Close responses and start agreeing answers', 'Close responses – confirm');
      assert.ok((await textOf(leadPage, 'main')).includes('Close responses and start agreeing answers?'), 'closing responses is confirmed first');
      await session.submit(leadPage, 'Close responses', 'Round – agreeing');
      await session.clickLink(leadPage, 'Agreed answers', 'Agreed answers – none yet');
      await session.clickLink(leadPage, 'GET-01', 'Agree GET-01');
      assert.ok((await textOf(leadPage, 'main')).includes('Partners disagree strongly'), 'in place against not in place is a strong disagreement');
      const sideBySide = await tableRows(leadPage);
      assert.equal(sideBySide.length, 2, 'both partners’ ratings are shown');
      const decisions: Record<string, [string, string]> = {
        'GET-01': ['partly', 'concern'],
        'GET-02': ['partly', 'neither'],
        'OUT-01': ['not_in_place', 'concern'],
        'OUT-02': ['in_place', 'strength'],
      };
      const keys = Object.keys(decisions);
      const differsReason = 'Partners report that slow decisions were all for one provider, now replaced';
      for (const [index, key] of keys.entries()) {
        let [rating, judgement] = decisions[key] as [string, string];
        if (key === 'GET-02') {
          // GET-02 is linked to the days to a funding decision: the lead agrees against the figures' suggestion, with a reason.
          const main = await textOf(leadPage, 'main');
          assert.ok(main.includes('What the data says'), 'the agreeing page shows the linked figure');
          const suggested = /The figures suggest: (In place|Partly in place|Not in place)/.exec(main)?.[1];
          assert.ok(suggested, 'the demo’s referrals give enough funding decisions to suggest a rating');
          rating = suggested === 'In place' ? 'partly' : 'in_place';
          await leadPage.locator(`input[name="rating"][value="${rating}"]`).check();
          await leadPage.locator(`input[name="judgement"][value="${judgement}"]`).check();
          await session.submit(leadPage, 'Save and go to OUT-01', 'Agree GET-02 – reason needed', { status: 400 });
          await expectErrors(leadPage, [`Enter why the partnership agrees ${rating === 'partly' ? 'partly in place' : 'in place'} when the figures suggest ${suggested.toLowerCase()}`]);
          await leadPage.getByLabel(/Why the partnership agrees a rating other than/).fill(differsReason);
        }
        await leadPage.locator(`input[name="rating"][value="${rating}"]`).check();
        await leadPage.locator(`input[name="judgement"][value="${judgement}"]`).check();
        await leadPage.getByLabel('Why (optional)').fill(`Agreed at the workshop (${key})`);
        const reasonField = leadPage.locator('#differsReason');
        if (key !== 'GET-02' && (await reasonField.count())) await reasonField.fill(`The workshop weighed the figures (${key})`);
        const next = keys[index + 1];
        if (next) await session.submit(leadPage, `Save and go to ${next}`, `Agree ${next}`, { screenshot: index === 0 });
        else await session.submit(leadPage, 'Save and return to the list', 'Agreed answers – all agreed');
      }
      assert.ok((await textOf(leadPage, 'main')).includes('4 of 4 statements have an agreed answer'));

      // The action plan: one action to fix a concern, then a review meeting that records it.
      await session.goto(leadPage, roundPath, 'Round – all agreed', { screenshot: false });
      await session.clickLink(leadPage, 'Action plan', 'Action plan – empty');
      await session.clickLink(leadPage, 'Add an action', 'Add an action');
      await leadPage.getByLabel('Describe the action').fill('Agree an aftercare plan with every person before admission');
      await leadPage.getByLabel('Address a concern').check();
      await leadPage.locator('input[name="statementIds"]').first().check();
      await leadPage.getByLabel('Lead person').fill('Housing pathway lead');
      await leadPage.getByLabel('Their organisation').fill('Northmoor Housing Trust (demo)');
      await fillDate(leadPage, 'dueOn', '31', '3', '2027');
      await session.submit(leadPage, 'Add action', 'Action added');
      await session.goto(leadPage, `${roundPath}/reviews`, 'Review meetings');
      await session.clickLink(leadPage, 'Schedule a review meeting', 'Schedule a review meeting');
      await fillDate(leadPage, 'meetsOn', '15', '4', '2027');
      await leadPage.getByLabel('Attendees (optional)').fill('Commissioner; housing pathway lead');
      await leadPage.locator('input[name="actionIds"]').first().check();
      await session.submit(leadPage, 'Save meeting', 'Review meeting saved');

      // Results and the printable report are there for the board.
      await session.goto(leadPage, `${roundPath}/results`, 'Results');
      assert.ok((await leadPage.locator('svg[role="img"]').count()) > 0, 'the results page has a chart');
      await session.goto(leadPage, `${roundPath}/report`, 'Printable report');

      await session.goto(leadPage, roundPath, 'Round – ready for peer review', { screenshot: false });
      await session.clickLink(leadPage, 'Send for peer review', 'Send for peer review – confirm');
      await session.submit(leadPage, 'Send for peer review', 'Round – in peer review');

      // The peer reviewer from Eastfield comments on one statement and signs off.
      const peerPage = await session.newPage();
      await signIn(session, peerPage, peer.email, peer.password, 'Home – peer reviewer');
      await session.goto(peerPage, '/partnerships/switch', 'Change partnership – peer reviewer', { screenshot: false });
      await peerPage.getByLabel(northmoor).check();
      await session.submit(peerPage, 'Continue', 'Home – peer reviewer in Northmoor', { screenshot: false });
      await session.goto(peerPage, roundPath, 'Round – peer reviewer');
      await session.clickLink(peerPage, 'Review and decide', 'Peer review');
      const reviewed = await textOf(peerPage, '#statement-GET-02');
      assert.ok(reviewed.includes(differsReason), 'the peer reviewer sees why the agreed rating differs from the figures');
      assert.match(reviewed, /Figures when agreed Days to funding decision: [\d.]+ days/, 'the peer reviewer sees the figure as it stood when agreed');
      await session.clickLink(peerPage, 'Comment on OUT-01', 'Comment on OUT-01');
      await peerPage.getByLabel('Your comment').fill('Say who will check that the aftercare plan is in place.');
      await session.submit(peerPage, 'Save comment', 'Peer review – commented');
      await session.clickLink(peerPage, 'Sign off or ask for changes', 'Peer review decision');
      await peerPage.getByLabel('Sign off the assessment').check();
      await peerPage.getByLabel('Summary of your review').fill('The answers match the evidence and the action plan answers the main concern.');
      await session.submit(peerPage, 'Send your decision', 'Peer review – signed off');
      await session.goto(peerPage, roundPath, 'Round – signed off (peer reviewer)', { screenshot: false });
      assert.ok((await textOf(peerPage, 'main')).includes('Signed off'), 'the round is signed off');

      // The workbook downloads and reads back with every part in it.
      const download = await leadPage.request.get(`${roundPath}/export.xlsx`);
      assert.equal(download.status(), 200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load((await download.body()) as unknown as ArrayBuffer);
      const names = workbook.worksheets.map((sheet) => sheet.name);
      for (const expected of ['Summary', 'Getting into treatment', 'Leaving safely', 'Action plan', 'Partners', 'Peer review']) {
        assert.ok(names.includes(expected), `the workbook should have a "${expected}" sheet; it has ${JSON.stringify(names)}`);
      }
      const cells: string[] = [];
      workbook.getWorksheet('Leaving safely')?.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value))));
      assert.ok(cells.some((cell) => cell.includes('Evidence from the housing trust (OUT-01)')), 'partners’ evidence is in the theme sheet');
      assert.ok(cells.includes('Not in place'), 'the agreed rating is in the theme sheet');
    },
  },
  {
    name: 'h. Self-assessment pages of the demo’s signed-off round, for the lead and a contributor',
    async run(session) {
      const page = await session.newPage();
      await signIn(session, page, lead.email, lead.password, 'Home – lead (demo round)');
      await session.clickLink(page, 'Self-assessments', 'Self-assessments – demo');
      await session.clickLink(page, 'Residential pathway self-assessment (last year)', 'Demo round – signed off');
      for (const [link, label] of [
        ['Partners taking part', 'Demo round – partners'],
        ['Agreed answers', 'Demo round – agreed answers'],
        ['Priorities', 'Demo round – priorities'],
        ['Action plan', 'Demo round – action plan'],
        ['Review meetings', 'Demo round – review meetings'],
        ['Peer review', 'Demo round – peer review'],
        ['Results', 'Demo round – results'],
        ['Printable report', 'Demo round – report'],
      ] as const) {
        await session.clickLink(page, link, label);
        await page.goBack({ waitUntil: 'load' });
      }
      const contributorPage = await session.newPage();
      await signIn(session, contributorPage, treatment.email, treatment.password, 'Home – contributor (demo round)');
      await session.clickLink(contributorPage, 'Self-assessments', 'Self-assessments – contributor');
      await session.clickLink(contributorPage, 'Residential pathway self-assessment (this year)', 'Open demo round – contributor');
      const firstTheme = contributorPage.locator('.govuk-task-list__link').first();
      await Promise.all([contributorPage.waitForNavigation({ waitUntil: 'load' }), firstTheme.click()]);
      await session.check(contributorPage, 'Open demo round – first theme');
    },
  },
];
