import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signedInVisitor, type TestContext, type Visitor } from './app.js';

/**
 * A lead commissioner of one partnership guesses the ids of every kind of record another
 * partnership owns. Each attempt must be refused, and nothing may change.
 */
let context: TestContext;
let eastfieldLead: Visitor;
let northmoor: { membershipId: string; membershipVersion: number; invitationId: string };

beforeAll(async () => {
  context = await createTestContext();
  const northmoorLead = await signedInVisitor(context, 'lead@northmoor.example');
  await northmoorLead.submit('/people/invite', '/people/invite', { email: 'private@northmoor.example', role: 'viewer' });
  const membership = await context.database.db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['memberships.id', 'memberships.version'])
    .where('users.email', '=', 'contributor@northmoor.example')
    .executeTakeFirstOrThrow();
  const invitation = await context.database.db.selectFrom('invitations').select('id').where('email', '=', 'private@northmoor.example').executeTakeFirstOrThrow();
  northmoor = { membershipId: membership.id, membershipVersion: membership.version, invitationId: invitation.id };
  // peer@eastfield.example leads Eastfield; it starts in Eastfield (first alphabetically).
  eastfieldLead = await signedInVisitor(context, 'peer@eastfield.example');
  expect((await eastfieldLead.get('/')).body).toContain('Eastfield Recovery Partnership (demo)');
});
afterAll(async () => context.close());

describe('one partnership cannot reach another’s records', () => {
  it('cannot open or change another partnership’s membership', async () => {
    expect((await eastfieldLead.get(`/people/${northmoor.membershipId}`)).statusCode).toBe(404);
    expect((await eastfieldLead.get(`/people/${northmoor.membershipId}/remove`)).statusCode).toBe(404);
    const change = await eastfieldLead.submit('/people', `/people/${northmoor.membershipId}`, { role: 'viewer', version: String(northmoor.membershipVersion) });
    expect(change.statusCode).toBe(404);
    const remove = await eastfieldLead.submit('/people', `/people/${northmoor.membershipId}/remove`, { version: String(northmoor.membershipVersion) });
    expect(remove.statusCode).toBe(404);
    const stored = await context.database.db.selectFrom('memberships').select(['role', 'version']).where('id', '=', northmoor.membershipId).executeTakeFirstOrThrow();
    expect(stored).toEqual({ role: 'contributor', version: northmoor.membershipVersion });
  });

  it('cannot withdraw another partnership’s invitation', async () => {
    const response = await eastfieldLead.submit('/people', `/people/invitations/${northmoor.invitationId}/withdraw`, {});
    expect(response.statusCode).toBe(404);
    const stored = await context.database.db.selectFrom('invitations').select('revoked_at').where('id', '=', northmoor.invitationId).executeTakeFirstOrThrow();
    expect(stored.revoked_at).toBeNull();
  });

  it('does not see another partnership’s people, invitations or audit entries', async () => {
    const people = await eastfieldLead.get('/people');
    expect(people.body).not.toContain('contributor@northmoor.example');
    expect(people.body).not.toContain('private@northmoor.example');
    const audit = await eastfieldLead.get('/audit');
    expect(audit.body).not.toContain('Invited someone as Viewer');
    const filtered = await eastfieldLead.get('/audit?action=invitation_created');
    expect(filtered.body).toContain('0 entries');
  });

  it('cannot open the administrator’s partnership pages', async () => {
    expect((await eastfieldLead.get(`/admin/partnerships/${context.demo.partnershipIds.northmoor}`)).statusCode).toBe(403);
  });

  it('treats a malformed id as not found rather than an error', async () => {
    expect((await eastfieldLead.get('/people/not-a-real-id')).statusCode).toBe(404);
  });
});
