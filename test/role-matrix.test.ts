import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoProviderAccount } from '../src/demo/provider-demo.js';
import { hashPassword } from '../src/platform/auth/passwords.js';
import { createTestContext, csrfTokenIn, signedInVisitor, type TestContext, Visitor } from './app.js';
import { referralRow, waitingForAdmission } from './referrals.js';

/**
 * Every record route of the pathway tracker against every kind of person, as written down in
 * docs/role-matrix.md. Records about people are for the roles that work them (lead
 * commissioner, pathway staff) and for a provider account's own placements; contributors and
 * viewers see figures only; peer reviewers, administrators, analysts and other provider accounts
 * see none. Analysts alone open the regional figures; the lead commissioner alone sets sharing.
 */

type Person = 'lead' | 'staff' | 'contributor' | 'viewer' | 'peerReviewer' | 'provider' | 'admin' | 'analyst';
const people: readonly Person[] = ['lead', 'staff', 'contributor', 'viewer', 'peerReviewer', 'provider', 'admin', 'analyst'];
type Rule = 'records' | 'figures' | 'sharedFigures' | 'leadOnly' | 'leadOrAdmin' | 'providerOnly' | 'analystOnly';

const allowedBy: Record<Rule, readonly Person[]> = {
  records: ['lead', 'staff'],
  figures: ['lead', 'staff', 'contributor', 'viewer'],
  sharedFigures: ['lead', 'staff', 'contributor', 'viewer', 'peerReviewer'],
  leadOnly: ['lead'],
  leadOrAdmin: ['lead', 'admin'],
  providerOnly: ['provider'],
  // Regional and national analysts: aggregate figures of sharing partnerships, never a record.
  analystOnly: ['analyst'],
};

let context: TestContext;
const visitors = {} as Record<Person, Visitor>;
const ids = { referral: '', review: '', placement: '', placementReview: '' };

function routes(): Array<{ method: 'GET' | 'POST'; path: string; rule: Rule }> {
  const referral = `/referrals/${ids.referral}`;
  const placement = `/your-placements/${ids.placement}`;
  const get = (path: string, rule: Rule) => ({ method: 'GET' as const, path, rule });
  const post = (path: string, rule: Rule) => ({ method: 'POST' as const, path, rule });
  return [
    get('/referrals', 'records'),
    get('/referrals?q=NM', 'records'),
    get('/referrals/new', 'records'),
    post('/referrals/new', 'records'),
    get(referral, 'records'),
    post(`${referral}/contacts`, 'records'),
    get(`${referral}/edit`, 'records'),
    post(`${referral}/edit`, 'records'),
    get(`${referral}/stages/discharged`, 'records'),
    post(`${referral}/stages/discharged`, 'records'),
    get(`${referral}/withdraw`, 'records'),
    post(`${referral}/withdraw`, 'records'),
    get(`${referral}/reviews/${ids.review}`, 'records'),
    post(`${referral}/reviews/${ids.review}`, 'records'),
    get(`${referral}/aftercare-plan`, 'records'),
    post(`${referral}/aftercare-plan`, 'records'),
    get(`${referral}/referrer-told`, 'records'),
    post(`${referral}/referrer-told`, 'records'),
    get(`${referral}/referrer-alert`, 'records'),
    post(`${referral}/referrer-alert`, 'records'),
    get(`${referral}/placement-requests/new`, 'records'),
    post(`${referral}/placement-requests/new`, 'records'),
    get('/referrals/import', 'records'),
    get('/referrals/import/example.csv', 'records'),
    get('/referrals/export.csv', 'records'),
    get('/referrals/export.xlsx', 'records'),
    get('/pathway/queues', 'records'),
    get('/pathway/summary', 'figures'),
    get('/pathway/summary?period=last-12-months&basis=admission', 'figures'),
    get('/insight', 'sharedFigures'),
    get('/insight/data/stays/csv', 'sharedFigures'),
    get('/insight/funnel', 'sharedFigures'),
    get('/insight/funnel/data/stages/xlsx', 'sharedFigures'),
    get('/insight/target', 'leadOnly'),
    post('/insight/target', 'leadOnly'),
    get('/insight/published-figures', 'leadOrAdmin'),
    get('/insight/published-figures/example.csv', 'leadOrAdmin'),
    get('/pathway/settings', 'leadOnly'),
    post('/pathway/settings', 'leadOnly'),
    get('/your-placements', 'providerOnly'),
    get(placement, 'providerOnly'),
    get(`${placement}/discharge`, 'providerOnly'),
    post(`${placement}/discharge`, 'providerOnly'),
    get(`${placement}/referrer-told`, 'providerOnly'),
    post(`${placement}/referrer-told`, 'providerOnly'),
    get(`${placement}/reviews/${ids.placementReview}`, 'providerOnly'),
    post(`${placement}/reviews/${ids.placementReview}`, 'providerOnly'),
    get(`/your-placements/${ids.referral}/admission`, 'providerOnly'),
    post(`/your-placements/${ids.referral}/admission`, 'providerOnly'),
    get('/placement-requests', 'providerOnly'),
    get('/api-tokens', 'leadOnly'),
    get('/api-tokens/new', 'leadOnly'),
    post('/api-tokens/new', 'leadOnly'),
    get('/regional', 'analystOnly'),
    get('/regional?year=2025-26', 'analystOnly'),
    get('/regional/compare', 'analystOnly'),
    get('/regional/self-assessment', 'analystOnly'),
    get('/regional/data/league/csv', 'analystOnly'),
    get('/regional/data/funnel/csv', 'analystOnly'),
    get('/regional/data/self-assessment/csv', 'analystOnly'),
    get('/regional/sharing', 'leadOnly'),
    post('/regional/sharing', 'leadOnly'),
  ];
}

beforeAll(async () => {
  context = await createTestContext();
  const db = context.database.db;
  const { northmoor } = context.demo.partnershipIds;
  // A peer reviewer whose current partnership is Northmoor, as the demo's works in its own area first.
  const reviewer = await db
    .insertInto('users')
    .values({ email: 'matrix-reviewer@northmoor.example', display_name: 'Matrix Reviewer', password_hash: await hashPassword('matrix-reviewer-password') })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('memberships').values({ partnership_id: northmoor, user_id: reviewer.id, role: 'peer_reviewer' }).execute();
  visitors.peerReviewer = new Visitor(context.app);
  await visitors.peerReviewer.signIn('matrix-reviewer@northmoor.example', 'matrix-reviewer-password');
  const emails: Record<Exclude<Person, 'peerReviewer'>, string> = {
    lead: 'lead@northmoor.example',
    staff: 'staff@northmoor.example',
    contributor: 'contributor@northmoor.example',
    viewer: 'viewer@northmoor.example',
    provider: demoProviderAccount.email,
    admin: 'admin@residential-pathways.example',
    analyst: 'analyst@north-west.example',
  };
  for (const [person, email] of Object.entries(emails)) visitors[person as Person] = await signedInVisitor(context, email);

  const hillside = await db.selectFrom('providers').select('id').where('name', '=', demoProviderAccount.providerName).executeTakeFirstOrThrow();
  const service = await db
    .insertInto('services')
    .values({ provider_id: hillside.id, name: 'Matrix Test House', kind: 'residential_rehab', region: 'North West', weekly_cost_pence: 90_000 })
    .returning('id')
    .executeTakeFirstOrThrow();
  const referral = (reference: string, stage: 'waiting' | 'admitted') =>
    db
      .insertInto('referrals')
      .values(
        referralRow(northmoor, reference, {
          ...waitingForAdmission(service.id),
          keyworker_role: 'Keyworker',
          referring_service: 'Northmoor Community Recovery Service (demo)',
          aftercare_plan_agreed_on: '2026-07-15',
          ...(stage === 'admitted' ? { stage, admitted_on: '2026-10-01', planned_weeks: 12 } : {}),
        }),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
  ids.referral = (await referral('NM-MATRIX-1', 'waiting')).id;
  ids.placement = (await referral('NM-MATRIX-2', 'admitted')).id;
  const review = (referralId: string) =>
    db.insertInto('referral_reviews').values({ partnership_id: northmoor, referral_id: referralId, kind: 'risk', due_on: '2026-11-30' }).returning('id').executeTakeFirstOrThrow();
  ids.review = (await review(ids.referral)).id;
  ids.placementReview = (await review(ids.placement)).id;
});

afterAll(async () => {
  await context?.close();
});

async function send(visitor: Visitor, method: 'GET' | 'POST', path: string) {
  if (method === 'GET') return visitor.get(path);
  // Every signed-in person can open their own account page, so the token comes from there.
  return visitor.post(path, { _csrf: csrfTokenIn((await visitor.get('/account')).body) });
}

describe('the role-by-route matrix for referral records', () => {
  for (const person of people) {
    it(`gives ${person} exactly the record routes the matrix allows`, async () => {
      const wrong: string[] = [];
      for (const route of routes()) {
        const response = await send(visitors[person], route.method, route.path);
        const allowed = allowedBy[route.rule].includes(person);
        const refusedToSignIn = response.statusCode === 302 && String(response.headers.location).startsWith('/sign-in');
        const outcome = response.statusCode === 403 ? 'refused' : response.statusCode >= 500 || refusedToSignIn ? 'broken' : 'served';
        if (outcome !== (allowed ? 'served' : 'refused')) wrong.push(`${route.method} ${route.path}: ${response.statusCode} (expected ${allowed ? 'served' : '403'})`);
        if (allowed && route.method === 'GET') expect([200, 302], `${route.method} ${route.path}`).toContain(response.statusCode);
      }
      expect(wrong).toEqual([]);
    });
  }

  it('sends someone who is not signed in to the sign-in page for every record route', async () => {
    const anonymous = new Visitor(context.app);
    for (const route of routes().filter((candidate) => candidate.method === 'GET')) {
      const response = await anonymous.get(route.path);
      expect(response.statusCode, route.path).toBe(302);
      expect(response.headers.location, route.path).toMatch(/^\/sign-in/);
    }
  });

  it('shows the navigation each role needs: records for those who work them, figures for the others', async () => {
    const navigation = async (person: Person) => (await visitors[person].get('/')).body;
    for (const person of ['lead', 'staff'] as const) expect(await navigation(person)).toContain('href="/referrals"');
    for (const person of ['contributor', 'viewer'] as const) {
      const page = await navigation(person);
      expect(page).not.toContain('href="/referrals"');
      expect(page).toContain('href="/pathway/summary"');
    }
    const analyst = await navigation('analyst');
    expect(analyst).toContain('href="/regional"');
    expect(analyst).not.toContain('href="/referrals"');
    expect(analyst).not.toContain('href="/insight"');
    expect(await navigation('lead')).not.toContain('href="/regional"');
  });
});
