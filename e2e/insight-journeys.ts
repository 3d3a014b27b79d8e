import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { demoPartnerships } from '../src/demo/seed.js';
import type { BrowserSession } from './browser.js';
import { account, expectErrors, expectHeading, expectSuccessBanner, signIn, tableRows, textOf } from './journeys.js';
import type { TestCase } from './runner.js';

const lead = account('lead@northmoor.example');
const peer = account('peer@eastfield.example');
const northmoor = demoPartnerships.northmoor.name;

const heading = 'Area code,Area name,Area level,Period,Measure,Breakdown,Breakdown value,Value,Qualifier';

async function setDate(page: Page, name: string, day: string, month: string, year: string) {
  await page.locator(`#${name}-day`).fill(day);
  await page.locator(`#${name}-month`).fill(month);
  await page.locator(`#${name}-year`).fill(year);
}

async function upload(page: Page, csv: string) {
  await page.locator('input[type="file"]').setInputFiles({ name: 'northmoor-figures.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
}

/**
 * No cell, in any table on the page, is a count from 1 to 4. Percentages, decimals, days and
 * the national "for every ten" picture are not counts of people, so they are left out.
 */
async function assertNoSmallCounts(page: Page, where: string) {
  const tables = await page.locator('table.govuk-table').evaluateAll((found) =>
    found.map((table) => ({
      caption: table.querySelector('caption')?.textContent?.trim() ?? '',
      rows: Array.from(table.querySelectorAll('tbody tr')).map((row) => Array.from(row.querySelectorAll('th, td')).map((cell) => (cell.textContent ?? '').replace(/\s+/g, ' ').trim())),
    })),
  );
  for (const table of tables.filter((each) => !/For every ten/.test(each.caption))) {
    for (const row of table.rows) {
      for (const cell of row.slice(1)) {
        if (/days?\b/.test(cell)) continue;
        const counts = [...cell.matchAll(/(?<![\d.,£])(\d[\d,]*)(?![\d.,%])/g)].map((match) => Number((match[1] as string).replace(/,/g, '')));
        assert.ok(!counts.some((count) => count >= 1 && count <= 4), `${where}: a count below 5 in "${cell}" (${table.caption}: ${row.join(' | ')})`);
      }
    }
  }
}

export const insightJourneys: Array<TestCase<BrowserSession>> = [
  {
    name: 'l. Insight: a lead imports published figures (a bad row first), reads the dashboard, the funnel and the comparisons, and sets the target',
    timeoutMs: 240_000,
    async run(session) {
      const page = await session.newPage();
      await signIn(session, page, lead.email, lead.password, 'Home – lead commissioner');
      await session.clickLink(page, 'Figures', 'Dashboard – lead');
      await expectHeading(page, 'Where your partnership stands');
      const headline = await textOf(page, '.app-headline');
      assert.ok(/Residential starts so far/.test(headline) && /National ambition: 2%/.test(headline), `the headline shows starts and the ambition: ${headline}`);
      assert.ok(/On current trajectory|already been reached|No local target/.test(headline), `the headline gives the trajectory in words: ${headline}`);

      // An import with a bad row is refused with the row named, and nothing is imported.
      await session.goto(page, '/insight/published-figures', 'Published figures');
      await page.getByLabel('Source').fill('Northmoor quarterly return (e2e, fictional)');
      await setDate(page, 'dataAsOf', '20', '11', '2026');
      await upload(page, `${heading}\nE06999901,Northmoor (demo),Local authority,2026-27 Q2,adults_in_treatment,,,2510,provisional\nE06999901,Northmoor (demo),Local authority,2026-27 Q2,residential_rehab_starts,,,lots,\n`);
      await session.submit(page, 'Check and import', 'Published figures – bad row', { status: 400 });
      const problems = await textOf(page, '.govuk-error-summary');
      assert.ok(/Row 3/.test(problems), `the bad row is named: ${problems}`);
      assert.equal(await page.getByLabel('Source').inputValue(), 'Northmoor quarterly return (e2e, fictional)', 'what was typed is kept');

      // Fixed, it imports and says what changed.
      await setDate(page, 'dataAsOf', '20', '11', '2026');
      await upload(page, `${heading}\nE06999901,Northmoor (demo),Local authority,2026-27 Q2,adults_in_treatment,,,2510,provisional\nE06999901,Northmoor (demo),Local authority,2026-27 Q2,residential_rehab_starts,,,9,provisional\n`);
      await session.submit(page, 'Check and import', 'Published figures – imported');
      assert.ok(/have been imported/.test(await textOf(page, '.govuk-notification-banner')), 'the import is confirmed');

      // The dashboard by quarter, with the access chart and its table.
      await session.goto(page, '/insight?unit=quarter&period=2026-27+Q2', 'Dashboard – a quarter');
      assert.ok(await page.locator('svg[role="img"] title', { hasText: 'Access rate over time' }).count(), 'the access chart is drawn');
      const access = await tableRows(page, 'table:has(caption:text("Access rate"))');
      assert.ok(access.some((row) => row[0] === 'July to September 2026' && row.join(' ').includes('9 of 2,510')), `the imported figure is used: ${JSON.stringify(access.slice(-2))}`);
      const csv = await page.request.get('/insight/data/access/csv?unit=quarter&period=2026-27+Q2&basis=referral');
      assert.equal(csv.status(), 200);
      assert.ok((await csv.text()).includes('9 of 2,510'), 'the download has the same figures');

      // The funnel.
      await session.clickLink(page, 'Pathway funnel', 'Funnel – lead');
      await expectHeading(page, 'Pathway funnel');
      assert.ok(/Identified as possibly needing residential treatment/.test(await textOf(page, 'main')), 'the funnel lists the stages');

      // Comparisons with intervals and a judgement in words.
      await session.clickLink(page, 'Comparisons', 'Comparisons – lead');
      const comparisons = await textOf(page, 'main');
      assert.ok(/England/.test(comparisons) && /(Similar to|Better than|Worse than|Higher than|Lower than|Not compared)/i.test(comparisons), 'comparisons judge in words');

      // The target, with an error kept next to the field first.
      await session.goto(page, '/insight/target', 'Residential target');
      await page.locator('#targetEpisodes').fill('forty');
      await session.submit(page, 'Save target', 'Residential target – error', { status: 400 });
      await expectErrors(page, ['The target must be a whole number, like 30']);
      await page.locator('#targetEpisodes').fill('40');
      await session.submit(page, 'Save target', 'Dashboard – target saved');
      await expectSuccessBanner(page, 'The residential target for 2026-27 is now 40 episodes.');
      assert.ok(/Local target: 40/.test(await textOf(page, '.app-headline')), 'the headline shows the new target');
    },
  },
  {
    name: 'm. Insight: a peer reviewer from another area sees the dashboard and funnel without any count below 5',
    async run(session) {
      const page = await session.newPage();
      await signIn(session, page, peer.email, peer.password, 'Home – Eastfield lead');
      await session.goto(page, '/partnerships/switch', 'Change partnership');
      await page.getByLabel(northmoor).check();
      await session.submit(page, 'Continue', 'Home – Northmoor peer reviewer');
      await session.clickLink(page, 'Figures', 'Dashboard – peer reviewer');
      assert.ok(/as a peer reviewer from another area/.test(await textOf(page, 'main')), 'the page says small counts are hidden');
      await assertNoSmallCounts(page, 'dashboard');
      for (const unit of ['quarter', 'month']) {
        await session.goto(page, `/insight?unit=${unit}`, `Dashboard – peer reviewer by ${unit}`);
        await assertNoSmallCounts(page, `dashboard by ${unit}`);
      }
      await session.goto(page, '/insight/funnel', 'Funnel – peer reviewer');
      await assertNoSmallCounts(page, 'funnel');
      assert.equal(await page.getByText('Why people were withdrawn').count(), 0, 'withdrawal reasons are for the partnership’s own staff');
      const referrals = await page.request.get('/referrals');
      assert.equal(referrals.status(), 403, 'a peer reviewer cannot open the referral records');
    },
  },
];
