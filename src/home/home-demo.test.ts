import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase } from '../../test/database.js';
import { Visitor } from '../../test/app.js';
import { buildApp } from '../app.js';
import { testConfig } from '../config.js';
import type { DatabaseHandle } from '../platform/db/connect.js';
import { demoAccounts, seedDemo } from '../demo/seed.js';

/** With the demo's sample work, every demo role's home page has work of its own to show. */

let database: DatabaseHandle;
let app: FastifyInstance;
const now = new Date('2026-11-23T09:00:00Z');

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db, { sampleWork: true, today: now });
  app = await buildApp({ db: database.db, config: testConfig(), clock: () => now, mailer: null, logger: false });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await database.close();
});

async function homeTasksOf(email: string): Promise<string[]> {
  const account = demoAccounts.find((candidate) => candidate.email === email);
  if (!account) throw new Error(`No demo account ${email}`);
  const visitor = new Visitor(app);
  await visitor.signIn(email, account.password);
  const home = await visitor.get('/');
  expect(home.statusCode).toBe(200);
  const urgent = /<ul class="govuk-list app-home-tasks" id="home-tasks">([\s\S]*?)<\/ul>/.exec(home.body)?.[1] ?? '';
  return [...urgent.matchAll(/data-task="([^"]+)"/g)].map((match) => match[1] as string);
}

describe('the demo roles’ home pages', () => {
  it.each([
    ['staff@northmoor.example', 'pathway.'],
    ['lead@northmoor.example', 'assessment.'],
    ['lead@northmoor.example', 'pathway.'],
    ['lead@northmoor.example', 'commissioning.'],
    ['contributor@northmoor.example', 'assessment.statements-to-answer'],
    ['contributor@northmoor.example', 'assessment.my-actions-'],
    ['peer@eastfield.example', 'assessment.peer-review-waiting'],
    ['admin@residential-pathways.example', 'admin.'],
    ['provider@hillside.example', 'placements.'],
  ])('gives %s work starting %s', async (email, prefix) => {
    const keys = await homeTasksOf(email);
    expect(keys.some((key) => key.startsWith(prefix)), keys.join(', ')).toBe(true);
  });

  it('gives the viewer the latest round results to read and nothing to do', async () => {
    const keys = await homeTasksOf('viewer@northmoor.example');
    expect(keys).toEqual([]);
  });
});
