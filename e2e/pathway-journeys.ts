import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { BrowserSession } from './browser.js';
import { account, expectErrors, expectHeading, signIn, textOf } from './journeys.js';
import type { TestCase } from './runner.js';

const staff = account('staff@northmoor.example');
const runId = Date.now().toString(36).toUpperCase();

/** Sets a form field by name, whatever GOV.UK component it is: select, radios, checkbox or text. */
async function setField(page: Page, name: string, value: string) {
  const select = page.locator(`select[name="${name}"]`);
  if (await select.count()) return void (await select.selectOption(value));
  const choice = page.locator(`input[name="${name}"][value="${value}"]`);
  if (await choice.count()) return void (await choice.check());
  await page.locator(`[name="${name}"]`).fill(value);
}

async function setDate(page: Page, name: string, isoDate: string) {
  const [year, month, day] = isoDate.split('-');
  await page.locator(`#${name}-day`).fill(String(Number(day)));
  await page.locator(`#${name}-month`).fill(String(Number(month)));
  await page.locator(`#${name}-year`).fill(year as string);
}

async function startReferral(session: BrowserSession, page: Page, reference: string, label: string) {
  await session.goto(page, '/referrals', `Referrals – ${label}`);
  await session.clickLink(page, 'Start a referral record', `New referral – ${label}`);
  await page.getByLabel('Local reference').fill(reference);
  await setField(page, 'identifiedVia', 'care_plan_review');
  await setDate(page, 'identifiedOn', '2026-09-01');
  await page.getByLabel('Referring service').fill('Northmoor Community Recovery Service (demo)');
  await setField(page, 'ageBand', '35-44');
  await setField(page, 'sex', 'female');
  await setField(page, 'ethnicityGroup', 'white');
  await setField(page, 'disability', 'no');
  await setField(page, 'pregnant', 'no');
  await setField(page, 'parentalResponsibility', 'yes');
  await setField(page, 'mainSubstance', 'alcohol');
  await setField(page, 'complexity', 'community_treatment_not_worked');
  await setField(page, 'eligibilityInformationGiven', 'yes');
  await session.submit(page, 'Start the record', `Referral – ${label}`);
  await expectHeading(page, new RegExp(reference));
}

/** Follows the record page's button for the next stage, fills the stage's form and saves it. */
async function moveTo(session: BrowserSession, page: Page, buttonText: string, label: string, fill: (page: Page) => Promise<void>) {
  await session.clickLink(page, buttonText, `${label} – form`);
  await fill(page);
  await session.submit(page, 'Save', label);
}

export const pathwayJourneys: Array<TestCase<BrowserSession>> = [
  {
    name: 'k. Pathway: a referral from identification to aftercare, and an unplanned discharge through risk assessment and notification',
    timeoutMs: 240_000,
    async run(session) {
      const page = await session.newPage();
      await signIn(session, page, staff.email, staff.password, 'Home – pathway staff');

      // An under-18 and a name as reference are refused, keeping what was typed.
      await session.goto(page, '/referrals/new', 'New referral');
      await page.getByLabel('Local reference').fill('Jane Smith');
      await setField(page, 'ageBand', 'under_18');
      await session.submit(page, 'Start the record', 'New referral – errors', { status: 400 });
      const errors = await textOf(page, '.govuk-error-summary');
      assert.ok(/young people/i.test(errors), `an under-18 should be pointed to young people’s services: ${errors}`);
      assert.ok(/not the person’s name/i.test(errors), `a name should be refused as a reference: ${errors}`);

      // One referral through every stage to aftercare.
      const reference = `E2E-${runId}-1`;
      await startReferral(session, page, reference, 'completed journey');
      await moveTo(session, page, 'Record the referral', 'Referred', async (form) => setDate(form, 'date', '2026-09-03'));
      await moveTo(session, page, 'Record the assessment', 'Assessed', async (form) => {
        await setDate(form, 'date', '2026-09-08');
        await setField(form, 'eligibilityDecision', 'eligible');
      });
      await moveTo(session, page, 'Record preparation', 'Preparing', async (form) => {
        await setDate(form, 'date', '2026-09-15');
        await form.locator('input[name="preparation"]').first().check();
      });
      await moveTo(session, page, 'Record the funding request', 'Funding requested', async (form) => {
        await setDate(form, 'date', '2026-09-22');
        await setField(form, 'fundingRoute', 'standard');
        await form.locator('select[name="serviceId"]').selectOption({ index: 1 });
      });
      // A decision dated before the request is refused with a clear message.
      await session.clickLink(page, 'Record the funding decision', 'Funding decision – form');
      await setDate(page, 'date', '2026-09-20');
      await setField(page, 'fundingDecision', 'approved');
      await setField(page, 'fundingDecidedBy', 'panel');
      await session.submit(page, 'Save', 'Funding decision – date error', { status: 400 });
      const dateProblem = await textOf(page, '.govuk-error-summary');
      assert.ok(/date/i.test(dateProblem), `a date before the previous stage should be refused: ${dateProblem}`);
      await setDate(page, 'date', '2026-09-29');
      await session.submit(page, 'Save', 'Funding decided');
      await moveTo(session, page, 'Record that they are waiting for a bed', 'Waiting', async (form) => setDate(form, 'date', '2026-09-30'));
      await moveTo(session, page, 'Record the admission', 'Admitted', async (form) => {
        await setDate(form, 'date', '2026-10-06');
        await form.locator('select[name="serviceId"]').selectOption({ index: 1 });
        await form.locator('[name="plannedWeeks"]').fill('12');
        await setField(form, 'aftercarePlan', 'agreed');
        await setDate(form, 'aftercarePlanAgreedOn', '2026-10-01');
      });
      await moveTo(session, page, 'Record the discharge', 'Discharged – completed', async (form) => {
        await setDate(form, 'date', '2026-11-10');
        await setField(form, 'dischargeOutcome', 'completed');
      });
      await moveTo(session, page, 'Record the start of aftercare', 'Aftercare', async (form) => setDate(form, 'date', '2026-11-11'));
      const record = await textOf(page, 'main');
      assert.ok(record.includes('Aftercare'), 'the referral is in aftercare');
      assert.ok(/Follow-up at 3 months/.test(record), 'follow-ups are scheduled after discharge');

      // An unplanned discharge: risk assessment required; referrer "not yet" told is flagged, then recorded.
      const second = `E2E-${runId}-2`;
      await startReferral(session, page, second, 'unplanned discharge');
      await moveTo(session, page, 'Record the referral', 'Referred (2)', async (form) => setDate(form, 'date', '2026-09-02'));
      await moveTo(session, page, 'Record the assessment', 'Assessed (2)', async (form) => {
        await setDate(form, 'date', '2026-09-04');
        await setField(form, 'eligibilityDecision', 'eligible');
      });
      await moveTo(session, page, 'Record the funding request (no preparation needed)', 'Funding requested (2)', async (form) => {
        await setDate(form, 'date', '2026-09-07');
        await setField(form, 'fundingRoute', 'fast_track_detox');
        await form.locator('select[name="serviceId"]').selectOption({ index: 1 });
      });
      await moveTo(session, page, 'Record the funding decision', 'Funding decided (2)', async (form) => {
        await setDate(form, 'date', '2026-09-09');
        await setField(form, 'fundingDecision', 'approved');
        await setField(form, 'fundingDecidedBy', 'delegated_officer');
      });
      await moveTo(session, page, 'Record the admission (a bed is free now)', 'Admitted without a plan', async (form) => {
        await setDate(form, 'date', '2026-09-14');
        await form.locator('select[name="serviceId"]').selectOption({ index: 1 });
        await form.locator('[name="plannedWeeks"]').fill('12');
        await setField(form, 'aftercarePlan', 'not_agreed');
        await form.locator('[name="noAftercarePlanReason"]').fill('Emergency admission from hospital; plan to be agreed in the first week.');
      });
      assert.ok(/aftercare/i.test(await textOf(page, '.govuk-warning-text')), 'an admission without an aftercare plan is flagged');

      await session.clickLink(page, 'Record the discharge', 'Unplanned discharge – form');
      await setDate(page, 'date', '2026-09-24');
      await setField(page, 'dischargeOutcome', 'left_early');
      await session.submit(page, 'Save', 'Unplanned discharge – errors', { status: 400 });
      await expectErrors(page, [await textOf(page, '.govuk-error-summary__list li')]);
      await page.locator('[name="riskAssessmentSummary"]').fill('High overdose risk after leaving; naloxone given and harm reduction advice discussed.');
      await setField(page, 'referrerTold', 'not_yet');
      await session.submit(page, 'Save', 'Unplanned discharge – referrer not yet told');
      const flagged = await textOf(page, 'main');
      assert.ok(/referrer/i.test(flagged), 'the record is flagged until the referrer is told');
      await session.clickLink(page, 'Record when the referrer was told', 'Referrer told – form');
      await setDate(page, 'toldOn', '2026-09-25');
      await page.locator('[name="toldTime"]').fill('10:15');
      await session.submit(page, 'Save', 'Referrer told');

      // Import and downloads are there for partnerships moving from spreadsheets.
      await session.goto(page, '/referrals/import', 'Import referral histories');
      const csv = await page.request.get('/referrals/export.csv');
      assert.equal(csv.status(), 200);
      assert.ok((await csv.text()).includes(reference), 'the download includes the new referral by its reference');

      // The work queues and the summary count these referrals.
      await session.goto(page, '/pathway/queues', 'Work queues');
      await session.goto(page, '/pathway/summary', 'Pathway summary');
      assert.ok(/Completed as planned/.test(await textOf(page, 'main')), 'the summary shows how many completed');
    },
  },
];
