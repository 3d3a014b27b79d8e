import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { BrowserSession } from './browser.js';
import { account, expectErrors, expectHeading, expectSuccessBanner, signIn, tableRows, textOf } from './journeys.js';
import type { TestCase } from './runner.js';

const lead = account('lead@northmoor.example');
const provider = account('provider@hillside.example');
const admin = account('admin@residential-pathways.example');

async function fillDate(page: Page, name: string, day: string, month: string, year: string) {
  await page.locator(`#${name}-day`).fill(day);
  await page.locator(`#${name}-month`).fill(month);
  await page.locator(`#${name}-year`).fill(year);
}

export const providerJourneys: Array<TestCase<BrowserSession>> = [
  {
    name: 'i. Directory and commissioning: search with filters, open a service, add a contract, record a preferred-provider review',
    timeoutMs: 180_000,
    async run(session) {
      const page = await session.newPage();
      await signIn(session, page, lead.email, lead.password, 'Home – lead with commissioning alerts');
      assert.ok((await textOf(page, 'main')).includes('Commissioning'), 'the home page shows the commissioning alerts');

      // Search: all services, then narrowed by filters; the address keeps them.
      await session.clickLink(page, 'Services', 'Services – all');
      const everyService = await page.locator('main h2 a, main .govuk-summary-card__title a, main table a').count();
      assert.ok(everyService > 0, 'the directory lists services');
      await page.getByLabel('Kind of service').selectOption({ label: 'Residential rehabilitation' });
      await page.getByLabel('Highest weekly cost').fill('2000');
      await session.submit(page, 'Search', 'Services – filtered');
      const address = new URL(page.url());
      assert.equal(address.searchParams.get('kind'), 'residential_rehab');
      assert.equal(address.searchParams.get('maxCost'), '2000');
      assert.equal(await page.getByLabel('Highest weekly cost').inputValue(), '2000', 'the filter stays filled in');

      // A bad filter gets the GOV.UK error pattern, not a crash.
      await page.getByLabel('Highest weekly cost').fill('lots');
      await session.submit(page, 'Search', 'Services – filter error', { status: 400 });
      const errorSummary = await textOf(page, '.govuk-error-summary');
      assert.ok(errorSummary.includes('There is a problem'));
      await page.getByLabel('Highest weekly cost').fill('2000');
      await session.submit(page, 'Search', 'Services – filtered again');

      // Open the first result: everything known about it.
      const first = page.locator('main a[href^="/services/"]').filter({ hasNotText: 'Download' }).first();
      const serviceName = (await first.innerText()).trim();
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), first.click()]);
      await session.check(page, 'Service page');
      await expectHeading(page, serviceName);
      const servicePage = await textOf(page, 'main');
      for (const part of ['Weekly cost', 'Waiting time', 'Outcomes', 'Report a problem']) {
        assert.ok(servicePage.includes(part), `the service page should show "${part}"`);
      }

      // Add a contract with that service; first with the dates the wrong way round.
      await session.goto(page, '/commissioning/contracts', 'Contracts');
      await session.clickLink(page, 'Add a contract', 'Add a contract');
      await page.getByLabel('Service', { exact: true }).selectOption({ index: 1 });
      await page.getByLabel('Block contract').check();
      await fillDate(page, 'startsOn', '1', '4', '2027');
      await fillDate(page, 'endsOn', '1', '3', '2027');
      await page.getByLabel('Weekly price (optional)').fill('1150');
      await session.submit(page, 'Add contract', 'Add a contract – errors', { status: 400 });
      await expectErrors(page, ['The end date must be the same as or after the start date']);
      assert.equal(await page.getByLabel('Weekly price (optional)').inputValue(), '1150', 'what was typed is kept');
      await fillDate(page, 'endsOn', '31', '3', '2028');
      await page.getByLabel('Bed nights purchased (optional)').fill('730');
      await session.submit(page, 'Add contract', 'Contract added');
      await expectSuccessBanner(page, 'The contract has been added');

      // Record a review of a preferred service.
      await session.goto(page, '/commissioning/preferred', 'Preferred providers');
      const entry = page.locator('main table a').first();
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), entry.click()]);
      await session.check(page, 'Preferred service');
      await session.clickLink(page, 'Record a review', 'Record a review');
      await fillDate(page, 'reviewedOn', '2', '11', '2026');
      await page.getByLabel('What data did you look at?').fill('Completion and early drop-out figures, waiting times and the regulator’s last report.');
      await page.locator('input[name="visitMade"]').first().check();
      await page.getByLabel('Keep as preferred').check();
      await session.submit(page, 'Record review', 'Review recorded');
      const reviews = await tableRows(page);
      assert.ok(reviews.some((cells) => cells.join(' ').includes('Keep as preferred')), 'the new review is listed');
    },
  },
  {
    name: 'j. A provider account updates its own service; an administrator sees the directory pages',
    async run(session) {
      const page = await session.newPage();
      await signIn(session, page, provider.email, provider.password, 'Home – provider account');
      await session.clickLink(page, 'Your services', 'Your services');
      const rows = await page.locator('main a[href$="/edit"]').count();
      assert.ok(rows > 0, 'the provider account has services to keep up to date');
      await session.clickLink(page, 'Your placements', 'Your placements');
      const placements = await tableRows(page);
      assert.ok(placements.length > 0, 'the provider sees the people referred or placed with its services');
      assert.ok(placements.every((cells) => !/\b[A-Z][a-z]+ [A-Z][a-z]+\b/.test(cells[0] ?? '')), 'only local references, never names');
      const firstPlacement = page.locator('main table a').first();
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), firstPlacement.click()]);
      await session.check(page, 'A placement');
      const adminPage = await session.newPage();
      await signIn(session, adminPage, admin.email, admin.password, 'Home – administrator (directory)');
      await session.clickLink(adminPage, 'Providers', 'Providers');
      await session.goto(adminPage, '/admin/services/import', 'Import services');
    },
  },
];
