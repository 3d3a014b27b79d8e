import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { addDays, ukDateOf } from '../src/platform/values/calendar.js';
import { formatDate } from '../src/platform/web/dates.js';
import type { BrowserSession } from './browser.js';
import { account, expectErrors, expectHeading, expectSuccessBanner, signIn, textOf } from './journeys.js';
import type { TestCase } from './runner.js';

const staff = account('staff@northmoor.example');
const lead = account('lead@northmoor.example');
const provider = account('provider@hillside.example');

async function setDate(page: Page, name: string, isoDate: string) {
  const [year, month, day] = isoDate.split('-');
  await page.locator(`#${name}-day`).fill(String(Number(day)));
  await page.locator(`#${name}-month`).fill(String(Number(month)));
  await page.locator(`#${name}-year`).fill(year as string);
}

async function openFirst(page: Page, selector: string) {
  const link = page.locator(selector).first();
  const text = (await link.innerText()).trim();
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), link.click()]);
  return text;
}

export const placementJourneys: Array<TestCase<BrowserSession>> = [
  {
    name: 'Placement requests and beds: staff send a request, the provider updates its beds and accepts with a date, staff see the date on the referral',
    timeoutMs: 240_000,
    async run(session) {
      const admissionOn = addDays(ukDateOf(new Date()), 7);

      // Staff: a referral waiting for admission, and the request form with what the provider will see.
      const staffPage = await session.newPage();
      await signIn(session, staffPage, staff.email, staff.password, 'Home – pathway staff (placements)');
      await session.goto(staffPage, '/referrals?stage=waiting', 'Referrals – waiting');
      const reference = await openFirst(staffPage, 'main table a[href^="/referrals/"]');
      await session.check(staffPage, 'Referral – waiting for admission');
      const referralUrl = new URL(staffPage.url()).pathname;
      await session.clickLink(staffPage, 'Send a placement request', 'Send a placement request');
      await expectHeading(staffPage, 'Send a placement request');
      assert.ok((await textOf(staffPage, 'main')).includes('What the provider will see'));
      // The referral's chosen service is picked to start with; with none picked, the form says so.
      await staffPage.locator('select[name="serviceId"]').selectOption('');
      await session.submit(staffPage, 'Send placement request', 'Send a placement request – error', { status: 400 });
      await expectErrors(staffPage, ['Select a service']);
      const option = staffPage.locator('select[name="serviceId"] option', { hasText: 'Hillside Medical Detox Unit' }).first();
      await staffPage.locator('select[name="serviceId"]').selectOption((await option.getAttribute('value')) as string);
      await session.submit(staffPage, 'Send placement request', 'Referral – placement request sent');
      await expectSuccessBanner(staffPage, 'The placement request has been sent to Hillside Medical Detox Unit');
      assert.ok((await textOf(staffPage, 'main')).includes('Waiting for an answer'));
      await session.goto(staffPage, '/pathway/queues', 'Work queues – with placement requests');
      assert.ok((await textOf(staffPage, 'main')).includes('Placement requests unanswered for 3 or more working days'));

      // The provider: beds in one step, then the request, answered with an admission date.
      const providerPage = await session.newPage();
      await signIn(session, providerPage, provider.email, provider.password, 'Home – provider account (placements)');
      await session.clickLink(providerPage, 'Your services', 'Your services – with beds');
      await openFirst(providerPage, 'main a[href$="/beds"]');
      await session.check(providerPage, 'Update beds');
      await providerPage.getByLabel('Beds available now').fill('lots');
      await session.submit(providerPage, 'Save beds', 'Update beds – error', { status: 400 });
      await expectErrors(providerPage, ['Beds available now must be a whole number, like 2']);
      await providerPage.getByLabel('Beds available now').fill('2');
      await providerPage.getByLabel('People on your waiting list').fill('3');
      await session.submit(providerPage, 'Save beds', 'Your services – beds saved');
      await expectSuccessBanner(providerPage, 'have been updated');

      await session.clickLink(providerPage, 'Placement requests', 'Placement requests – provider');
      // The row of this request (the demo data's own open request may share the reference, for the other Hillside service).
      const row = providerPage.locator('main tr', { hasText: reference }).filter({ hasText: 'Hillside Medical Detox Unit' });
      await Promise.all([providerPage.waitForNavigation({ waitUntil: 'load' }), row.locator('a').first().click()]);
      await session.check(providerPage, 'Placement request – provider');
      await expectHeading(providerPage, `Placement request ${reference}`);
      await providerPage.locator('input[name="answer"][value="accept"]').check();
      await session.submit(providerPage, 'Send answer', 'Placement request – answer error', { status: 400 });
      await expectErrors(providerPage, ['Enter the admission date']);
      await providerPage.locator('input[name="answer"][value="accept"]').check();
      await setDate(providerPage, 'admissionOn', admissionOn);
      await session.submit(providerPage, 'Send answer', 'Placement request – accepted');
      await expectSuccessBanner(providerPage, `You have accepted ${reference} with an admission date of ${formatDate(admissionOn)}`);

      // Staff see the date on the referral, in its requests and on its timeline.
      await session.goto(staffPage, referralUrl, 'Referral – placement accepted');
      const record = await textOf(staffPage, 'main');
      assert.ok(record.includes(`Accepted. Admission date: ${formatDate(admissionOn)}`), 'the referral shows the admission date the provider gave');
      assert.ok(record.includes(`Hillside Medical Detox Unit accepted the placement request. Admission date: ${formatDate(admissionOn)}.`), 'the timeline shows the answer');

      // Commissioners: which contracted and preferred services have space today; the directory's filter.
      const leadPage = await session.newPage();
      await signIn(session, leadPage, lead.email, lead.password, 'Home – lead (space today)');
      await session.goto(leadPage, '/commissioning/space-today', 'Space today');
      assert.ok((await textOf(leadPage, '#space-count')).match(/^\d+ of \d+ services? (has|have) space today\.$/));
      await session.goto(leadPage, '/services?beds=now', 'Services – beds available now');
      assert.ok((await textOf(leadPage, 'main')).includes('Hillside House'), 'a service with a fresh free bed is found');
    },
  },
];
