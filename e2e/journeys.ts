import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { demoAccounts, demoPartnerships } from '../src/demo/seed.js';
import type { BrowserSession } from './browser.js';
import type { TestCase } from './runner.js';
import { apiJourneys } from './api-journeys.js';
import { assessmentJourneys } from './assessment-journeys.js';
import { evidenceJourneys } from './evidence-journeys.js';
import { homeJourneys } from './home-journeys.js';
import { insightJourneys } from './insight-journeys.js';
import { keyboardJourneys } from './keyboard-journeys.js';
import { pathwayJourneys } from './pathway-journeys.js';
import { placementJourneys } from './placement-journeys.js';
import { providerJourneys } from './provider-journeys.js';
import { lockoutMinutes, maximumFailedSignIns } from '../src/accounts/rules.js';

const northmoor = demoPartnerships.northmoor.name;
const eastfield = demoPartnerships.eastfield.name;

export function account(email: string) {
  const found = demoAccounts.find((candidate) => candidate.email === email);
  if (!found) throw new Error(`No demo account ${email}`);
  return found;
}

const lead = account('lead@northmoor.example');
const peer = account('peer@eastfield.example');
const contributor = account('contributor@northmoor.example');
const admin = account('admin@residential-pathways.example');

// Unique per run, so a re-run against a kept PostgreSQL database could never collide.
const runId = Date.now().toString(36);
const newPerson = {
  email: `new.contributor.${runId}@northmoor.example`,
  name: 'Nia Newcomer (e2e)',
  password: 'orange kettle harbour lantern',
  organisation: 'Northmoor Peer Support Network (e2e)',
  partnerTypeLabel: 'Lived experience group or organisation',
};
const signInProblem = `Enter a correct email address and password. After ${maximumFailedSignIns} wrong attempts in a row you must wait ${lockoutMinutes} minutes before trying again.`;
const newPartnershipName = `Westvale Drug and Alcohol Partnership (e2e ${runId})`;

// ---------------------------------------------------------------- small assertion helpers

export async function textOf(page: Page, selector: string): Promise<string> {
  const locator = page.locator(selector).first();
  await locator.waitFor({ state: 'attached', timeout: 5_000 }).catch(() => {
    throw new Error(`Expected ${selector} on ${page.url()}, but there is none`);
  });
  return (await locator.innerText()).replace(/\s+/g, ' ').trim();
}

export async function expectHeading(page: Page, expected: string | RegExp) {
  const heading = await textOf(page, 'h1');
  if (typeof expected === 'string') assert.equal(heading, expected, `h1 on ${page.url()}`);
  else assert.match(heading, expected, `h1 on ${page.url()}`);
}

export async function expectPath(page: Page, expected: string | RegExp) {
  const url = new URL(page.url());
  const actual = `${url.pathname}${url.search}`;
  if (typeof expected === 'string') assert.equal(actual, expected, 'current address');
  else assert.match(actual, expected, 'current address');
}

export async function expectSuccessBanner(page: Page, expected: string) {
  const banner = await textOf(page, '.govuk-notification-banner--success');
  assert.ok(banner.includes(expected), `success banner should say "${expected}", but says "${banner}"`);
}

export async function expectSignedInAs(page: Page, displayName: string, partnershipName?: string) {
  const bar = await textOf(page, '.app-account-bar');
  assert.ok(bar.includes(`Signed in as ${displayName}`), `account bar should name ${displayName}, but says "${bar}"`);
  if (partnershipName) assert.ok(bar.includes(partnershipName), `account bar should name ${partnershipName}, but says "${bar}"`);
}

/** The GOV.UK error pattern: "Error:" title, "There is a problem" summary linking to each field, inline messages. */
export async function expectErrors(page: Page, messages: string[], options: { javaScript?: boolean } = {}) {
  const title = await page.title();
  assert.ok(title.startsWith('Error: '), `page title should start with "Error: ", but is "${title}"`);
  assert.equal(await textOf(page, '.govuk-error-summary__title'), 'There is a problem');
  const summary = await page.locator('.govuk-error-summary__list a').evaluateAll((links) =>
    links.map((link) => ({
      text: (link.textContent ?? '').trim(),
      href: link.getAttribute('href') ?? '',
      targetExists: document.getElementById((link.getAttribute('href') ?? '').slice(1)) !== null,
    })),
  );
  for (const message of messages) {
    const item = summary.find((entry) => entry.text === message);
    assert.ok(item, `error summary should list "${message}"; it lists ${JSON.stringify(summary.map((entry) => entry.text))}`);
    assert.ok(item.targetExists, `error summary link "${message}" points to ${item.href}, which is not on the page`);
  }
  const inline = await page.locator('.govuk-error-message').allInnerTexts();
  for (const message of messages) {
    assert.ok(
      inline.some((text) => text.includes(message)),
      `an inline error message should say "${message}"; found ${JSON.stringify(inline)}`,
    );
  }
  if (options.javaScript ?? true) {
    // GOV.UK Frontend moves focus to the summary, so screen reader users hear it first.
    const focused = await page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary') ?? false);
    assert.ok(focused, 'the error summary should have focus when the page loads');
  }
}

export async function signIn(session: BrowserSession, page: Page, email: string, password: string, landing: string) {
  await session.goto(page, '/sign-in', 'Sign in');
  await page.getByLabel('Email address', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await session.submit(page, 'Sign in', landing);
}

export async function signOut(session: BrowserSession, page: Page) {
  await session.submit(page, 'Sign out', 'Signed out');
  await expectPath(page, '/signed-out');
  await expectHeading(page, 'You have signed out');
}

export async function tableRows(page: Page, selector = 'table.govuk-table'): Promise<string[][]> {
  return page.locator(`${selector} tbody tr`).evaluateAll((rows) =>
    rows.map((row) => Array.from(row.querySelectorAll('th, td')).map((cell) => (cell.textContent ?? '').replace(/\s+/g, ' ').trim())),
  );
}

// ---------------------------------------------------------------- journeys

const accountJourneys: Array<TestCase<BrowserSession>> = [
  {
    name: '0. Self-test: the page checks catch a planted accessibility violation, CSP violation and broken asset',
    async run(session) {
      const page = await session.newPage();
      await session.goto(page, '/accessibility', 'Accessibility statement');
      assert.deepEqual(session.problems, [], 'the untouched page should pass');

      await page.evaluate(() => {
        const main = document.querySelector('main');
        const image = document.createElement('img');
        image.src = '/assets/images/no-such-image.png';
        main?.append(image);
        const script = document.createElement('script');
        script.textContent = 'document.title = "inline script ran"';
        document.head.append(script);
        // Reflow: a wide table in a proper scroll region is allowed; a wide block, and a region without a label, are not.
        main?.insertAdjacentHTML(
          'beforeend',
          '<div class="app-table-scroll" tabindex="0" role="region" aria-label="Wide (table)"><table><tr><td id="self-test-wide-cell">Wide</td></tr></table></div>' +
            '<div class="app-table-scroll" tabindex="0" role="region"><table><tr><td>Narrow</td></tr></table></div>' +
            '<p id="self-test-too-wide">Too wide</p>',
        );
        // Sizes set through the CSS object model, which the content security policy allows (style attributes it refuses).
        const wideCell = document.getElementById('self-test-wide-cell');
        const tooWide = document.getElementById('self-test-too-wide');
        if (wideCell) wideCell.style.minWidth = '900px';
        if (tooWide) tooWide.style.width = '700px';
      });
      await page.waitForTimeout(500);
      await session.check(page, 'Self-test', { status: 200, screenshot: false });

      const found = session.problems.splice(0);
      const expect = (pattern: RegExp, what: string) =>
        assert.ok(found.some((problem) => pattern.test(problem)), `the checks should catch ${what}; they reported:\n${found.join('\n')}`);
      expect(/accessibility violation image-alt/, 'an image without alt text (axe image-alt)');
      expect(/Content Security Policy/i, 'an inline script refused by the content security policy');
      expect(/no-such-image\.png failed with HTTP 404/, 'an asset that is not found');
      expect(/reflow: the page is \d+ px wide at a \d+ px viewport .*p#self-test-too-wide/, 'a page wider than 320 px, naming the widest element');
      expect(/reflow: the table scroll region .* needs tabindex="0", role="region" and a label/, 'a table scroll region without a label');
      assert.equal(found.filter((problem: string) => problem.includes('reflow:')).length, 2, `the wide table in its region is allowed; they reported:\n${found.join('\n')}`);
      assert.notEqual(await page.title(), 'inline script ran', 'the content security policy should have stopped the inline script');

      // And a page with JavaScript off, checked through its script-free copy.
      const noScript = await session.newPage({ javaScript: false });
      await session.goto(noScript, '/accessibility', 'Accessibility statement – no JavaScript', { screenshot: false });
      assert.deepEqual(session.problems, [], 'the page without JavaScript should pass');
      await noScript.locator('main').evaluate((main) => main.insertAdjacentHTML('beforeend', '<input type="text" id="unlabelled">'));
      await session.check(noScript, 'Self-test – no JavaScript', { screenshot: false });
      const foundWithout = session.problems.splice(0);
      assert.ok(
        foundWithout.some((problem) => /accessibility violation label/.test(problem)),
        `axe should catch an unlabelled input on a page without JavaScript; it reported:\n${foundWithout.join('\n')}`,
      );
    },
  },

  {
    name: 'a. Lead signs in (wrong password first) and sees Northmoor; account, help and error pages',
    async run(session) {
      const page = await session.newPage();

      // Signed out, the home page sends you to sign in and remembers where you were going.
      await page.goto('/', { waitUntil: 'load' });
      await expectPath(page, '/sign-in?returnTo=%2F');
      await session.check(page, 'Sign in');
      await expectHeading(page, 'Sign in to Residential Pathways');

      // Nothing entered.
      await session.submit(page, 'Sign in', 'Sign in – nothing entered', { status: 400 });
      await expectErrors(page, ['Enter your email address', 'Enter your password']);

      // Wrong password: the error summary, an "Error:" title, and the email address kept.
      await page.getByLabel('Email address', { exact: true }).fill(lead.email);
      await page.getByLabel('Password', { exact: true }).fill('not-the-right-password');
      await session.submit(page, 'Sign in', 'Sign in – wrong password', { status: 400 });
      await expectErrors(page, [signInProblem]);
      assert.equal(await page.getByLabel('Email address', { exact: true }).inputValue(), lead.email, 'the email address should be kept');
      assert.equal(await page.getByLabel('Password', { exact: true }).inputValue(), '', 'the password should not be sent back');

      // Right password: home shows the Northmoor partnership.
      await page.getByLabel('Password', { exact: true }).fill(lead.password);
      await session.submit(page, 'Sign in', 'Home – lead commissioner');
      await expectPath(page, '/');
      await expectHeading(page, northmoor);
      assert.equal(await textOf(page, '.govuk-caption-l'), 'You are working in');
      assert.ok((await textOf(page, 'main')).includes('Your role: Lead commissioner'), 'home should show the lead commissioner role');
      await expectSignedInAs(page, lead.displayName, northmoor);
      assert.ok((await page.title()).startsWith(`${northmoor} – Residential Pathways`), `title is "${await page.title()}"`);

      // Once signed in, the sign-in page goes home.
      await page.goto('/sign-in', { waitUntil: 'load' });
      await expectPath(page, '/');

      // Your account and changing the password (error state only: the lead's password stays as seeded).
      await session.clickLink(page, 'Your account', 'Your account');
      await expectHeading(page, 'Your account');
      assert.ok((await textOf(page, '.govuk-summary-list')).includes(lead.email));
      await session.clickLink(page, 'Change password', 'Change your password');
      await expectHeading(page, 'Change your password');
      await page.getByLabel('Current password', { exact: true }).fill('wrong current password');
      await page.getByLabel('New password', { exact: true }).fill('short');
      await page.getByLabel('Confirm new password', { exact: true }).fill('different');
      await session.submit(page, 'Change password', 'Change your password – errors', { status: 400 });
      await expectErrors(page, ['Password must be 12 characters or more']);

      // The pages in the footer, and pages that do not exist or are not yours.
      await session.clickLink(page, 'Accessibility statement', 'Accessibility statement');
      await expectHeading(page, /accessibility/i);
      await session.clickLink(page, 'Privacy notice', 'Privacy notice');
      await expectHeading(page, /privacy/i);
      await session.clickLink(page, 'Feedback', 'Feedback');
      await expectHeading(page, /feedback/i);
      await session.goto(page, '/no-such-page', 'Page not found', { status: 404 });
      await expectHeading(page, 'Page not found');
      await session.goto(page, '/admin/partnerships', 'Forbidden', { status: 403 });
      await expectHeading(page, 'You do not have permission to see this page');

      // The same public pages signed out.
      const anonymous = await session.newPage();
      await session.goto(anonymous, '/accessibility', 'Accessibility statement – signed out');
      await session.goto(anonymous, '/privacy', 'Privacy notice – signed out');
      await session.goto(anonymous, '/feedback', 'Feedback – signed out');
      await session.goto(anonymous, '/no-such-page', 'Page not found – signed out', { status: 404 });
      assert.equal(await anonymous.locator('.app-account-bar').count(), 0, 'no account bar when signed out');
    },
  },

  {
    name: 'b. Lead invites a new contributor, who accepts in a new browser; People and Audit log show it',
    timeoutMs: 120_000,
    async run(session) {
      const leadPage = await session.newPage();
      await signIn(session, leadPage, lead.email, lead.password, 'Home – lead commissioner');
      await expectHeading(leadPage, northmoor);

      await session.clickLink(leadPage, 'People', 'People');
      await expectHeading(leadPage, `People in ${northmoor}`);
      const before = await tableRows(leadPage);
      assert.ok(!before.some((row) => row.includes(newPerson.email)), 'the new person should not be listed yet');

      await session.clickLink(leadPage, 'Invite someone', 'Invite someone');
      await expectHeading(leadPage, 'Invite someone');

      // First attempt: a contributor with no organisation.
      await leadPage.getByLabel('Email address', { exact: true }).fill(newPerson.email);
      await leadPage.getByLabel('Contributor', { exact: true }).check();
      await leadPage.getByLabel('Type of partner organisation', { exact: true }).selectOption({ label: newPerson.partnerTypeLabel });
      await session.submit(leadPage, 'Create invitation', 'Invite someone – errors', { status: 400 });
      await expectErrors(leadPage, ['Enter the organisation this contributor works for']);
      assert.equal(await leadPage.getByLabel('Email address', { exact: true }).inputValue(), newPerson.email, 'the typed email should be kept');
      assert.ok(await leadPage.getByLabel('Contributor', { exact: true }).isChecked(), 'the chosen role should be kept');
      assert.equal(
        await leadPage.getByLabel('Type of partner organisation', { exact: true }).evaluate((select) => (select as HTMLSelectElement).selectedOptions[0]?.text ?? ''),
        newPerson.partnerTypeLabel,
        'the chosen partner type should be kept',
      );

      // Second attempt, complete.
      await leadPage.getByLabel('Organisation', { exact: true }).fill(newPerson.organisation);
      await session.submit(leadPage, 'Create invitation', 'Invitation created');
      assert.ok((await textOf(leadPage, '.govuk-panel')).includes('Invited as contributor'));
      assert.ok((await textOf(leadPage, 'main')).includes(`Invited: ${newPerson.email}`));
      const link = await textOf(leadPage, '#invitation-link');
      assert.match(link, new RegExp(`^${session.baseUrl.replace(/[.]/g, '\\.')}/invitations/[A-Za-z0-9_-]{20,}$`), 'the invitation link');

      // The People page shows the invitation as waiting.
      await session.clickLink(leadPage, 'Return to people', 'People – invitation waiting');
      const waiting = await tableRows(leadPage, 'table.govuk-table:has(caption:text("Invitations not yet accepted"))');
      assert.ok(waiting.some((row) => row[0] === newPerson.email), `the invitation should be waiting; rows: ${JSON.stringify(waiting)}`);

      // The invitee, in a browser of their own.
      const invitee = await session.newPage();
      await invitee.goto(link, { waitUntil: 'load' });
      await session.check(invitee, 'Join partnership');
      await expectHeading(invitee, `Join ${northmoor}`);
      assert.ok((await textOf(invitee, 'main')).includes(newPerson.email), 'the page should say which email address they will sign in with');

      await invitee.getByLabel('Full name', { exact: true }).fill(newPerson.name);
      await invitee.getByLabel('Create a password', { exact: true }).fill(newPerson.password);
      await invitee.getByLabel('Confirm password', { exact: true }).fill(`${newPerson.password} typo`);
      await session.submit(invitee, 'Create account and join', 'Join partnership – errors', { status: 400 });
      await expectErrors(invitee, ['The passwords do not match']);
      assert.equal(await invitee.getByLabel('Full name', { exact: true }).inputValue(), newPerson.name, 'the name should be kept');

      await invitee.getByLabel('Create a password', { exact: true }).fill(newPerson.password);
      await invitee.getByLabel('Confirm password', { exact: true }).fill(newPerson.password);
      await session.submit(invitee, 'Create account and join', 'Home – new contributor');
      await expectPath(invitee, '/');
      await expectSuccessBanner(invitee, `Your account has been created and you have joined ${northmoor}.`);
      await expectHeading(invitee, northmoor);
      await expectSignedInAs(invitee, newPerson.name, northmoor);
      assert.ok((await textOf(invitee, 'main')).includes(`Your role: Contributor for ${newPerson.organisation}`));
      assert.equal(await invitee.getByRole('link', { name: 'People', exact: true }).count(), 0, 'a contributor should not see People');

      // A contributor cannot open the lead's pages.
      await session.goto(invitee, '/people', 'Forbidden – contributor', { status: 403 });

      // The link works once.
      await invitee.goto(link, { waitUntil: 'load' });
      await session.check(invitee, 'Invitation link cannot be used', { status: 410 });
      await expectHeading(invitee, 'This invitation link cannot be used');

      // The lead sees the new member, no longer as a waiting invitation.
      await session.goto(leadPage, '/people', 'People – with new member');
      const members = await tableRows(leadPage);
      const row = members.find((cells) => cells.includes(newPerson.email));
      assert.ok(row, `People should list ${newPerson.email}; rows: ${JSON.stringify(members)}`);
      assert.equal(row[0], newPerson.name);
      assert.equal(row[2], 'Contributor');
      assert.ok(row[3]?.includes(newPerson.organisation), `organisation cell: ${row[3]}`);
      assert.ok((await textOf(leadPage, 'main')).includes('There are no invitations waiting.'), 'the accepted invitation should no longer wait');

      // The change-role page for the new member.
      await session.clickLink(leadPage, `Change ${newPerson.name}’s role`, 'Change role');
      await expectHeading(leadPage, `Change ${newPerson.name}’s role`);
      assert.ok(await leadPage.getByLabel('Contributor', { exact: true }).isChecked(), 'the current role should be selected');

      // The audit log lists the acceptance, and can be filtered to it.
      await session.goto(leadPage, '/audit', 'Audit log');
      await expectHeading(leadPage, 'Audit log');
      const entries = await tableRows(leadPage);
      assert.ok(entries.some((cells) => cells[2] === 'Invitation accepted'), `the audit log should list "Invitation accepted"; rows: ${JSON.stringify(entries)}`);
      assert.ok(entries.some((cells) => cells[2] === 'Invitation created'), 'the audit log should list "Invitation created"');

      await leadPage.getByLabel('Action', { exact: true }).selectOption({ label: 'Invitation accepted' });
      await session.submit(leadPage, 'Filter', 'Audit log – filtered');
      await expectPath(leadPage, /[?&]action=invitation_accepted(&|$)/);
      const filtered = await tableRows(leadPage);
      assert.ok(filtered.length >= 1, 'the filter should keep the acceptance');
      assert.ok(filtered.every((cells) => cells[2] === 'Invitation accepted'), `every row should be an acceptance; rows: ${JSON.stringify(filtered)}`);
      assert.ok(filtered.some((cells) => cells[1] === newPerson.name), 'the new person accepted it');
      assert.equal(await textOf(leadPage, '#audit-count'), `${filtered.length} ${filtered.length === 1 ? 'entry' : 'entries'}`);
      assert.equal(
        await leadPage.getByLabel('Action', { exact: true }).evaluate((select) => (select as HTMLSelectElement).selectedOptions[0]?.text ?? ''),
        'Invitation accepted',
        'the filter should stay selected',
      );

      // A date range the wrong way round is an error.
      await leadPage.locator('#from-day').fill('30');
      await leadPage.locator('#from-month').fill('11');
      await leadPage.locator('#from-year').fill('2026');
      await leadPage.locator('#to-day').fill('1');
      await leadPage.locator('#to-month').fill('11');
      await leadPage.locator('#to-year').fill('2026');
      await session.submit(leadPage, 'Filter', 'Audit log – filter errors', { status: 400 });
      await expectErrors(leadPage, ['The end date must be the same as or after the start date']);

      // The new person can change their password.
      await session.clickLink(invitee, 'Your account', 'Your account – new contributor');
      await session.clickLink(invitee, 'Change password', 'Change your password – new contributor');
      await invitee.getByLabel('Current password', { exact: true }).fill(newPerson.password);
      await invitee.getByLabel('New password', { exact: true }).fill(`${newPerson.password} again`);
      await invitee.getByLabel('Confirm new password', { exact: true }).fill(`${newPerson.password} again`);
      await session.submit(invitee, 'Change password', 'Your account – password changed');
      await expectPath(invitee, '/account');
      await expectSuccessBanner(invitee, 'Your password has been changed.');
    },
  },

  {
    name: 'c. Peer reviewer switches from Eastfield to Northmoor and back',
    async run(session) {
      const page = await session.newPage();
      await signIn(session, page, peer.email, peer.password, 'Home – Eastfield lead');
      await expectHeading(page, eastfield);
      assert.ok((await textOf(page, 'main')).includes('You belong to 2 partnerships.'));

      await session.clickLink(page, 'Change partnership', 'Change partnership');
      await expectHeading(page, 'Which partnership do you want to work in?');
      assert.ok(await page.getByLabel(eastfield).isChecked(), 'the current partnership should be selected');

      await page.getByLabel(northmoor).check();
      await session.submit(page, 'Continue', 'Home – switched to Northmoor');
      await expectPath(page, '/');
      await expectSuccessBanner(page, `You are now working in ${northmoor}.`);
      await expectHeading(page, northmoor);
      assert.ok((await textOf(page, 'main')).includes('Your role: Peer reviewer'));
      await expectSignedInAs(page, peer.displayName, northmoor);
      assert.equal(await page.getByRole('link', { name: 'People', exact: true }).count(), 0, 'a peer reviewer should not see People');

      // The choice sticks across pages.
      await session.goto(page, '/', 'Home – Northmoor peer reviewer');
      await expectHeading(page, northmoor);
      assert.equal(await page.locator('.govuk-notification-banner').count(), 0, 'the banner shows once');

      await session.goto(page, '/partnerships/switch', 'Change partnership');
      assert.ok(await page.getByLabel(northmoor).isChecked(), 'Northmoor should now be selected');
      await page.getByLabel(eastfield).check();
      await session.submit(page, 'Continue', 'Home – switched to Eastfield');
      await expectSuccessBanner(page, `You are now working in ${eastfield}.`);
      await expectHeading(page, eastfield);
      assert.ok((await textOf(page, 'main')).includes('Your role: Lead commissioner'));
    },
  },

  {
    name: 'd. Signing out ends the session',
    async run(session) {
      const page = await session.newPage();
      await signIn(session, page, contributor.email, contributor.password, 'Home – contributor');
      await expectHeading(page, northmoor);
      await expectSignedInAs(page, contributor.displayName, northmoor);

      await signOut(session, page);
      assert.equal(await page.getByRole('button', { name: 'Sign out' }).count(), 0, 'no sign-out button after signing out');

      await page.goto('/', { waitUntil: 'load' });
      await expectPath(page, '/sign-in?returnTo=%2F');
      await expectHeading(page, 'Sign in to Residential Pathways');
      await page.goto('/account', { waitUntil: 'load' });
      await expectPath(page, '/sign-in?returnTo=%2Faccount');

      // The browser's back button does not bring the session back.
      await page.goBack({ waitUntil: 'load' });
      await page.reload({ waitUntil: 'load' });
      assert.match(new URL(page.url()).pathname, /^\/(sign-in|signed-out)$/, `after going back and reloading, at ${page.url()}`);
    },
  },

  {
    name: 'e. Administrator adds a partnership (empty name first)',
    async run(session) {
      const page = await session.newPage();
      await signIn(session, page, admin.email, admin.password, 'Home – administrator');
      await expectHeading(page, 'Welcome to Residential Pathways');

      await session.clickLink(page, 'Partnerships', 'Partnerships');
      await expectHeading(page, 'Partnerships');
      const before = await tableRows(page);
      assert.ok(before.some((cells) => cells[0] === northmoor), 'Northmoor should be listed');
      assert.ok(before.some((cells) => cells[0] === eastfield), 'Eastfield should be listed');

      await session.clickLink(page, 'Add a partnership', 'Add a partnership');
      await expectHeading(page, 'Add a partnership');
      await page.getByLabel('Region', { exact: true }).selectOption({ label: 'South West' });
      await session.submit(page, 'Save', 'Add a partnership – errors', { status: 400 });
      await expectErrors(page, ['Enter the partnership’s name']);
      assert.equal(
        await page.getByLabel('Region', { exact: true }).evaluate((select) => (select as HTMLSelectElement).selectedOptions[0]?.text ?? ''),
        'South West',
        'the chosen region should be kept',
      );

      await page.getByLabel('Partnership name', { exact: true }).fill(newPartnershipName);
      await page.getByLabel('Area code (optional)', { exact: true }).fill('E06000099');
      await session.submit(page, 'Save', 'Partnership added');
      await expectPath(page, /^\/admin\/partnerships\/[0-9a-f-]{36}$/);
      await expectSuccessBanner(page, `${newPartnershipName} has been added.`);
      await expectHeading(page, newPartnershipName);

      await session.goto(page, '/admin/partnerships', 'Partnerships – with new one');
      const after = await tableRows(page);
      const row = after.find((cells) => cells[0] === newPartnershipName);
      assert.ok(row, `the new partnership should be listed; rows: ${JSON.stringify(after)}`);
      assert.equal(row[1], 'E06000099');
      assert.equal(row[2], 'South West');
      assert.equal(row[3], '0');
      assert.equal(after.length, before.length + 1);

      // An administrator with no partnership cannot open a partnership's pages.
      await session.goto(page, '/people', 'Forbidden – administrator', { status: 403 });
    },
  },

  {
    name: 'g. Signing in and out works without JavaScript',
    async run(session) {
      const page = await session.newPage({ javaScript: false });
      await session.goto(page, '/sign-in', 'Sign in – no JavaScript');
      const bodyClasses = (await page.locator('body').getAttribute('class')) ?? '';
      assert.ok(!bodyClasses.includes('govuk-frontend-supported'), `JavaScript should really be off; <body class="${bodyClasses}">`);
      await page.getByLabel('Email address', { exact: true }).fill(contributor.email);
      await page.getByLabel('Password', { exact: true }).fill('wrong password');
      await session.submit(page, 'Sign in', 'Sign in – wrong password, no JavaScript', { status: 400 });
      await expectErrors(page, [signInProblem], { javaScript: false });
      await page.getByLabel('Password', { exact: true }).fill(contributor.password);
      await session.submit(page, 'Sign in', 'Home – contributor, no JavaScript');
      await expectPath(page, '/');
      await expectHeading(page, northmoor);
      await expectSignedInAs(page, contributor.displayName, northmoor);
      await signOut(session, page);
    },
  },
];

// The keyboard journeys change the demo's open round for the contributor, so they come last.
export const journeys: Array<TestCase<BrowserSession>> = [...accountJourneys, ...assessmentJourneys, ...providerJourneys, ...pathwayJourneys, ...insightJourneys, ...evidenceJourneys, ...homeJourneys, ...apiJourneys, ...placementJourneys, ...keyboardJourneys];
