/**
 * Keyboard-only journeys (WCAG 2.1.1 Keyboard, 2.4.3 Focus order): the referral and the
 * self-assessment journeys again, driven with page.keyboard alone. Tab (and Shift+Tab) to
 * move, Enter or Space to follow links and press buttons, Space to tick, the arrow keys to
 * choose within a group of radios (as browsers do for keyboard users), and
 * typing into fields. Nothing is clicked or filled: the pages record any pointer event,
 * and the journey fails if there was one. Typing an address (page.goto) stands for the
 * address bar.
 */
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import type { BrowserSession, CheckOptions } from './browser.js';
import { account, expectHeading, expectPath, textOf } from './journeys.js';
import type { TestCase } from './runner.js';

const staff = account('staff@northmoor.example');
const contributor = account('contributor@northmoor.example');
const runId = Date.now().toString(36).toUpperCase();

/** The most Tab presses to reach one control before giving up: more is a focus-order problem. */
const maxTabs = 80;

async function isFocused(target: Locator): Promise<boolean> {
  return target.evaluateAll((elements) => elements.some((element) => element === document.activeElement));
}

async function focusedDescription(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return 'nothing (the page itself)';
    const name = (element.getAttribute('aria-label') ?? element.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 60);
    return `<${element.tagName.toLowerCase()}${element.id ? ` id="${element.id}"` : ''}> "${name}"`;
  });
}

/**
 * Presses Tab until the target has focus, failing after `max` presses. The target is a
 * locator, or the accessible name of a link or button.
 */
export async function tabTo(page: Page, target: Locator | string, { max = maxTabs, backwards = false } = {}): Promise<void> {
  const locator =
    typeof target === 'string'
      ? page.getByRole('link', { name: target, exact: true }).or(page.getByRole('button', { name: target, exact: true }))
      : target;
  for (let presses = 0; presses <= max; presses += 1) {
    if (await isFocused(locator)) return;
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`${max} presses of ${backwards ? 'Shift+Tab' : 'Tab'} did not reach ${typeof target === 'string' ? `"${target}"` : String(target)} on ${page.url()}; focus is on ${await focusedDescription(page)}`);
}

/** Tabs to a text field (by its locator) and types into it. */
async function typeInto(page: Page, field: Locator, text: string) {
  await tabTo(page, field);
  await page.keyboard.type(text);
}

/** Tabs to a GOV.UK date input's day box and types the day, month and year, tabbing between them. */
async function typeDate(page: Page, name: string, isoDate: string) {
  const [year, month, day] = isoDate.split('-') as [string, string, string];
  await typeInto(page, page.locator(`#${name}-day`), String(Number(day)));
  await page.keyboard.press('Tab');
  await page.keyboard.type(String(Number(month)));
  await page.keyboard.press('Tab');
  await page.keyboard.type(year);
}

/**
 * Chooses a radio: Tab into its group (which lands on the checked radio, or the first),
 * the arrow keys to move to the one wanted, and Space in case it is the first and unchecked.
 */
async function chooseRadio(page: Page, name: string, value: string) {
  const group = page.locator(`input[type="radio"][name="${name}"]`);
  const target = page.locator(`input[type="radio"][name="${name}"][value="${value}"]`);
  await tabTo(page, group);
  const count = await group.count();
  for (let presses = 0; presses < count && !(await isFocused(target)); presses += 1) await page.keyboard.press('ArrowDown');
  assert.ok(await isFocused(target), `the arrow keys should reach the radio ${name}=${value}`);
  if (!(await target.isChecked())) await page.keyboard.press('Space');
  assert.ok(await target.isChecked(), `Space should choose the radio ${name}=${value}`);
}

/** Ticks a checkbox with Space. */
async function tick(page: Page, checkbox: Locator) {
  await tabTo(page, checkbox);
  if (!(await checkbox.isChecked())) await page.keyboard.press('Space');
  assert.ok(await checkbox.isChecked(), 'Space should tick the checkbox');
}

/** Presses a key on the focused link or button, waits for the page it leads to and checks it. */
async function pressAndCheck(session: BrowserSession, page: Page, key: 'Enter' | 'Space', label: string, options: CheckOptions = {}) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press(key)]);
  await session.check(page, label, options);
}

/** Tabs to a link or button by its accessible name and follows it. */
async function follow(session: BrowserSession, page: Page, name: string, label: string, options: CheckOptions & { key?: 'Enter' | 'Space' } = {}) {
  await tabTo(page, name);
  await pressAndCheck(session, page, options.key ?? 'Enter', label, options);
}

/**
 * A page whose every document records pointer events (in session storage, which lasts
 * across this tab's pages), so the journey can show that nothing was clicked.
 */
async function keyboardPage(session: BrowserSession): Promise<Page> {
  const page = await session.newPage();
  await page.addInitScript(() => {
    for (const type of ['pointerdown', 'mousedown', 'click']) {
      document.addEventListener(
        type,
        (event) => {
          // Enter and Space on a link or button fire a click with no pointer behind it (detail 0).
          if (type === 'click' && (event as MouseEvent).detail === 0) return;
          sessionStorage.setItem('e2e-pointer-events', String(Number(sessionStorage.getItem('e2e-pointer-events') ?? 0) + 1));
        },
        true,
      );
    }
  });
  return page;
}

async function expectNoPointerEvents(page: Page) {
  const count = await page.evaluate(() => sessionStorage.getItem('e2e-pointer-events'));
  assert.equal(count, null, 'a keyboard-only journey should have no pointer events');
}

async function signInByKeyboard(session: BrowserSession, page: Page, email: string, password: string, landing: string) {
  await session.goto(page, '/sign-in', 'Sign in – keyboard');
  await typeInto(page, page.getByLabel('Email address', { exact: true }), email);
  await typeInto(page, page.getByLabel('Password', { exact: true }), password);
  // Enter in a text field submits its form.
  await pressAndCheck(session, page, 'Enter', landing);
  await expectPath(page, '/');
}

export const keyboardJourneys: Array<TestCase<BrowserSession>> = [
  {
    name: 'Keyboard only: pathway staff create a referral and move it to the next stage',
    timeoutMs: 150_000,
    async run(session) {
      const page = await keyboardPage(session);
      await signInByKeyboard(session, page, staff.email, staff.password, 'Home – pathway staff, keyboard');

      await follow(session, page, 'Referrals', 'Referrals – keyboard');
      // GOV.UK button links also take Space, as buttons do.
      await follow(session, page, 'Start a referral record', 'New referral – keyboard', { key: 'Space' });

      const reference = `KBD-${runId}`;
      await typeInto(page, page.getByLabel('Local reference', { exact: true }), reference);
      await chooseRadio(page, 'identifiedVia', 'care_plan_review');
      await typeDate(page, 'identifiedOn', '2026-09-01');
      await typeInto(page, page.getByLabel('Referring service', { exact: true }), 'Northmoor Community Recovery Service (demo)');
      await chooseRadio(page, 'ageBand', '35-44');
      await chooseRadio(page, 'sex', 'female');
      await chooseRadio(page, 'ethnicityGroup', 'white');
      await chooseRadio(page, 'disability', 'no');
      await chooseRadio(page, 'pregnant', 'no');
      await chooseRadio(page, 'parentalResponsibility', 'yes');
      await chooseRadio(page, 'mainSubstance', 'alcohol');
      await tick(page, page.locator('input[name="complexity"][value="community_treatment_not_worked"]'));
      await chooseRadio(page, 'eligibilityInformationGiven', 'yes');
      await follow(session, page, 'Start the record', 'Referral – keyboard');
      await expectHeading(page, reference);
      assert.ok((await textOf(page, 'main')).includes('Stage: Identified'), 'the new record starts at Identified');

      // The next stage: the record's button, the date, Save.
      await follow(session, page, 'Record the referral', 'Referred – form, keyboard', { key: 'Space' });
      await typeDate(page, 'date', '2026-09-03');
      await follow(session, page, 'Save', 'Referred – keyboard');
      await expectHeading(page, reference);
      assert.ok((await textOf(page, 'main')).includes('Stage: Referred'), 'the record has moved to Referred');

      await expectNoPointerEvents(page);
    },
  },
  {
    name: 'Keyboard only: a contributor answers a statement in the open self-assessment',
    timeoutMs: 120_000,
    async run(session) {
      const page = await keyboardPage(session);
      await signInByKeyboard(session, page, contributor.email, contributor.password, 'Home – contributor, keyboard');

      await follow(session, page, 'Self-assessments', 'Self-assessments – keyboard');
      await follow(session, page, 'Residential pathway self-assessment (this year)', 'Open round – keyboard');
      const roundPath = new URL(page.url()).pathname;
      const firstTheme = page.locator('.govuk-task-list__link').first();
      await tabTo(page, firstTheme);
      await pressAndCheck(session, page, 'Enter', 'Open round – first theme, keyboard');
      const themePath = new URL(page.url()).pathname;

      // The first statement: a rating other than the one saved (if any), and some evidence.
      const firstRadio = page.locator('input[type="radio"][name^="rating-"]').first();
      const name = (await firstRadio.getAttribute('name')) as string;
      const key = name.replace(/^rating-/, '');
      const checked = page.locator(`input[name="${name}"]:checked`);
      const saved = (await checked.count()) ? await checked.getAttribute('value') : null;
      const rating = saved === 'partly' ? 'in_place' : 'partly';
      await chooseRadio(page, name, rating);
      const evidence = `Keyboard-only check ${runId}`;
      await typeInto(page, page.locator(`#evidence-${key}`), evidence);
      await follow(session, page, 'Save and return to the round', 'Round after answering – keyboard', { key: 'Space' });
      await expectPath(page, roundPath);
      assert.match(await textOf(page, 'main'), /You have answered [1-9]\d* of \d+ statements/, 'the round counts the answer');

      // The answer is saved as chosen.
      await session.goto(page, themePath, 'Open round – first theme after answering, keyboard', { screenshot: false });
      assert.equal(await page.locator(`input[name="${name}"]:checked`).getAttribute('value'), rating, 'the chosen rating is saved');
      assert.ok((await page.locator(`#evidence-${key}`).inputValue()).includes(evidence), 'the typed evidence is saved');

      await expectNoPointerEvents(page);
    },
  },
];
