import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { demoPartnerships } from '../src/demo/seed.js';
import type { BrowserSession } from './browser.js';
import { account, expectHeading, expectPath, signIn, signOut } from './journeys.js';
import type { TestCase } from './runner.js';

/**
 * Each demo role's home page lists that person's own urgent work (the demo data gives every role
 * some) and none of another role's. Lines are told apart by their data-task key, such as
 * "pathway.unplanned-not-told"; the words are checked in the route tests.
 */

const northmoor = demoPartnerships.northmoor.name;

/** The keys of the home page's lines: work to do, then ways in. */
async function homeLines(page: Page): Promise<{ urgent: string[]; waysIn: string[] }> {
  const keys = (selector: string) => page.locator(`${selector} [data-task]`).evaluateAll((items) => items.map((item) => item.getAttribute('data-task') ?? ''));
  return { urgent: await keys('#home-tasks'), waysIn: await keys('#home-ways-in') };
}

function expectOwn(lines: { urgent: string[]; waysIn: string[] }, who: string, own: { required: string[]; allowed: string[] }) {
  const every = [...lines.urgent, ...lines.waysIn];
  for (const required of own.required) {
    assert.ok(every.some((key) => key.startsWith(required)), `${who}'s home page should list "${required}…"; it lists ${JSON.stringify(every)}`);
  }
  for (const key of every) {
    assert.ok(own.allowed.some((allowed) => key.startsWith(allowed)), `${who}'s home page should not list "${key}" (another role's work)`);
  }
}

async function signInHome(session: BrowserSession, email: string, label: string) {
  const person = account(email);
  const page = await session.newPage();
  await signIn(session, page, person.email, person.password, label);
  await expectPath(page, '/');
  return page;
}

export const homeJourneys: Array<TestCase<BrowserSession>> = [
  {
    name: 'Home pages: pathway staff and the lead commissioner see the pathway’s safety items; the lead also the assessment and commissioning',
    async run(session) {
      const staff = await signInHome(session, 'staff@northmoor.example', 'Home – pathway staff');
      const staffLines = await homeLines(staff);
      expectOwn(staffLines, 'Pathway staff', { required: ['pathway.'], allowed: ['pathway.'] });
      assert.ok(staffLines.urgent.length > 0, 'pathway staff have urgent work in the demo');
      // The first line is the most urgent, and leads to the queue it counts.
      const first = staff.locator('#home-tasks [data-task] a').first();
      const firstKey = staffLines.urgent[0] ?? '';
      await Promise.all([staff.waitForNavigation({ waitUntil: 'load' }), first.click()]);
      await session.check(staff, 'Home – pathway staff follow the first line');
      assert.ok(firstKey.startsWith('pathway.'), `the first line is pathway work (${firstKey})`);
      await expectHeading(staff, 'Work queues');
      await signOut(session, staff);

      const lead = await signInHome(session, 'lead@northmoor.example', 'Home – lead commissioner');
      expectOwn(await homeLines(lead), 'The lead commissioner', {
        required: ['pathway.', 'assessment.', 'commissioning.'],
        allowed: ['pathway.', 'commissioning.', 'assessment.answers-awaited', 'assessment.statements-to-agree', 'assessment.comments-to-answer', 'assessment.actions-overdue'],
      });
    },
  },
  {
    name: 'Home pages: a contributor sees statements to answer and their own actions; a viewer the latest figures and results',
    async run(session) {
      const contributor = await signInHome(session, 'contributor@northmoor.example', 'Home – contributor');
      expectOwn(await homeLines(contributor), 'A contributor', {
        required: ['assessment.statements-to-answer', 'assessment.my-actions-'],
        allowed: ['assessment.statements-to-answer', 'assessment.my-actions-'],
      });
      const main = (await contributor.locator('main').innerText()).replace(/\s+/g, ' ');
      assert.match(main, /responses are due by \d{1,2} \w+ \d{4}/, 'the contributor sees when responses are due');
      assert.ok(main.includes('When responses close, the lead commissioner agrees one answer for each statement'), 'and what happens next');

      const viewer = await signInHome(session, 'viewer@northmoor.example', 'Home – viewer');
      const viewerLines = await homeLines(viewer);
      expectOwn(viewerLines, 'A viewer', { required: ['assessment.latest-results', 'figures.'], allowed: ['assessment.latest-results', 'figures.'] });
      assert.deepEqual(viewerLines.urgent, [], 'a viewer has nothing to act on');
      await session.clickLink(viewer, 'Latest figures: where your partnership stands against its target, region and England', 'Home – viewer opens the latest figures');
      await expectPath(viewer, '/insight');
    },
  },
  {
    name: 'Home pages: a peer reviewer sees the rounds waiting for their review, by partnership, and changes to that partnership to review',
    async run(session) {
      const peer = await signInHome(session, 'peer@eastfield.example', 'Home – peer reviewer');
      const lines = await homeLines(peer);
      assert.ok(lines.urgent.includes('assessment.peer-review-waiting'), `the peer reviewer's review waits on their home page; it lists ${JSON.stringify(lines.urgent)}`);
      await session.submit(peer, `Work in ${northmoor}`, 'Home – peer reviewer in Northmoor');
      const inNorthmoor = await homeLines(peer);
      expectOwn(inNorthmoor, 'A peer reviewer', { required: ['assessment.peer-review-waiting'], allowed: ['assessment.peer-review-waiting'] });
      const review = peer.locator('#home-tasks [data-task="assessment.peer-review-waiting"] a').first();
      await Promise.all([peer.waitForNavigation({ waitUntil: 'load' }), review.click()]);
      await session.check(peer, 'Home – peer reviewer opens the review');
      await expectPath(peer, /^\/assessments\/[0-9a-f-]{36}(\/peer-review)?$/);
    },
  },
  {
    name: 'Home pages: the administrator sees partnerships without a lead, out-of-date providers, question banks and the services import; a provider its placements',
    async run(session) {
      const admin = await signInHome(session, 'admin@residential-pathways.example', 'Home – administrator');
      expectOwn(await homeLines(admin), 'The administrator', { required: ['admin.partnerships-without-lead', 'admin.question-banks', 'admin.services-import'], allowed: ['admin.'] });
      await session.clickLink(admin, 'Import services: add or update many services at once from a spreadsheet', 'Home – administrator opens the services import');
      await expectPath(admin, '/admin/services/import');

      const provider = await signInHome(session, 'provider@hillside.example', 'Home – provider account');
      const lines = await homeLines(provider);
      expectOwn(lines, 'A provider account', { required: ['placements.'], allowed: ['placements.'] });
      assert.ok(lines.urgent.length > 0, 'the provider has placements to record in the demo');
    },
  },
];
