import assert from 'node:assert/strict';
import type { BrowserSession } from './browser.js';
import { account, expectHeading, signIn, textOf } from './journeys.js';
import type { TestCase } from './runner.js';

const lead = account('lead@northmoor.example');
const analyst = account('analyst@north-west.example');

/** Journeys for the figures that tie the self-assessment, the pathway and the region together. */
export const evidenceJourneys: Array<TestCase<BrowserSession>> = [
  {
    name: 'n. Evidence: an action with a target shows off track on the action plan and on the review meeting that recorded it',
    async run(session) {
      const page = await session.newPage();
      await signIn(session, page, lead.email, lead.password, 'Home – lead (targets)');
      await session.clickLink(page, 'Self-assessments', 'Self-assessments – targets');
      await session.clickLink(page, 'Residential pathway self-assessment (last year)', 'Demo round – targets');
      await session.clickLink(page, 'Action plan', 'Action plan – with targets');
      const plan = await textOf(page, 'main');
      assert.ok(plan.includes('Off track'), 'the demo plan has an action that is off track');
      const firstAction = await textOf(page, 'main table tbody tr');
      assert.ok(firstAction.includes('Off track'), `off-track actions come first: ${firstAction}`);

      await page.goBack({ waitUntil: 'load' });
      await session.clickLink(page, 'Review meetings', 'Review meetings – targets');
      await session.clickLink(page, 'Schedule a review meeting', 'Schedule a review meeting – targets');
      await page.locator('#meetsOn-day').fill('1');
      await page.locator('#meetsOn-month').fill('12');
      await page.locator('#meetsOn-year').fill('2026');
      await page.getByLabel(/Add an aftercare and housing plan to the pre-admission checklist/).check();
      await session.submit(page, 'Save meeting', 'Review meeting with a target');
      const meeting = await textOf(page, 'main');
      assert.match(meeting, /Aftercare agreed before admission/, 'the meeting shows the measure it looked at');
      assert.match(meeting, /Off track/, 'the meeting shows the action off track as the figures stood');
    },
  },
  {
    name: 'o. Regional analyst: compares two partnerships that share their figures, and cannot open a referral or a self-assessment',
    async run(session) {
      const page = await session.newPage();
      await signIn(session, page, analyst.email, analyst.password, 'Home – analyst');
      await session.goto(page, '/regional', 'Regional figures – analyst');
      const league = await textOf(page, 'main');
      assert.ok(league.includes('Northmoor'), 'a sharing North West partnership is in the league table');
      assert.ok(!league.includes('Eastfield'), 'a partnership outside the analyst’s region is not');
      await session.goto(page, '/regional/compare', 'Compare areas – analyst');
      const areas = page.locator('input[name="area"]');
      assert.ok((await areas.count()) >= 2, 'at least two sharing partnerships can be compared');
      await areas.nth(0).check();
      await areas.nth(1).check();
      await session.submit(page, 'Compare', 'Areas side by side – analyst');
      await expectHeading(page, 'Compare areas side by side');
      const compared = await textOf(page, '#comparison');
      assert.ok(compared.length > 0, 'the comparison is shown');
      const table = await textOf(page, 'main table');
      assert.ok(table.includes('Northmoor') && table.includes('Harrowdale'), `both areas are side by side: ${table}`);

      for (const [address, label] of [
        ['/referrals', 'Referrals refused – analyst'],
        ['/referrals/export.csv', 'Referral export refused – analyst'],
        ['/pathway/queues', 'Work queues refused – analyst'],
        ['/assessments', 'Self-assessments refused – analyst'],
      ] as const) {
        const response = await page.request.get(address, { maxRedirects: 0 });
        assert.ok([403, 404].includes(response.status()), `${address} is refused to an analyst (got ${response.status()})`);
        if (!address.endsWith('.csv')) await session.goto(page, address, label, { status: response.status() });
      }
    },
  },
];
