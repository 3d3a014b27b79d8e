import assert from 'node:assert/strict';
import type { BrowserSession } from './browser.js';
import { account, expectErrors, expectHeading, expectSuccessBanner, signIn } from './journeys.js';
import type { TestCase } from './runner.js';

const lead = account('lead@northmoor.example');

export const apiJourneys: Array<TestCase<BrowserSession>> = [
  {
    name: 'api. Lead makes an API token (a mistake first), a case system uses it, the lead revokes it; the API reference',
    timeoutMs: 120_000,
    async run(session) {
      const page = await session.newPage();
      await signIn(session, page, lead.email, lead.password, 'Home – lead');
      await session.clickLink(page, 'API tokens', 'API tokens – none yet');
      await session.clickLink(page, 'Make an API token', 'Make an API token');
      await page.getByLabel('Name').fill('Case system (e2e)');
      await session.submit(page, 'Make the token', 'Make an API token – errors', { status: 400 });
      await expectErrors(page, ['Select what the token may do']);
      assert.equal(await page.getByLabel('Name').inputValue(), 'Case system (e2e)', 'what was typed is kept');
      await page.getByLabel('Read referrals').check();
      await page.getByLabel('Record stage changes').check();
      await page.getByLabel('30 days').check();
      await session.submit(page, 'Make the token', 'API token made');
      const token = await page.getByLabel('Your token').inputValue();
      assert.match(token, /^rp_[A-Za-z0-9_-]{43}$/);

      // The case system uses it.
      const listed = await fetch(session.url('/api/v1/referrals?limit=1'), { headers: { authorization: `Bearer ${token}` } });
      assert.equal(listed.status, 200);

      await session.goto(page, '/api-tokens', 'API tokens – one');
      assert.ok(!(await page.content()).includes(token), 'the list never shows the token again');
      await session.clickLink(page, 'Revoke Case system (e2e)', 'Revoke the token');
      await session.submit(page, 'Revoke', 'API tokens – revoked');
      await expectSuccessBanner(page, 'has been revoked');
      const refused = await fetch(session.url('/api/v1/referrals?limit=1'), { headers: { authorization: `Bearer ${token}` } });
      assert.equal(refused.status, 401);

      await session.clickLink(page, 'Residential Pathways API', 'API reference');
      await expectHeading(page, 'API reference');
    },
  },
];
