import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signedInVisitor, type TestContext, Visitor } from '../../test/app.js';

let context: TestContext;
beforeAll(async () => {
  context = await createTestContext({ withMailer: true });
});
afterAll(async () => context.close());

const lead = 'lead@northmoor.example';

async function membershipIdOf(email: string, partnership: 'northmoor' | 'eastfield') {
  const row = await context.database.db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['memberships.id', 'memberships.version'])
    .where('users.email', '=', email)
    .where('memberships.partnership_id', '=', context.demo.partnershipIds[partnership])
    .executeTakeFirstOrThrow();
  return row;
}

function invitationLink(html: string): string {
  const match = /<code id="invitation-link">[^<]*(\/invitations\/[A-Za-z0-9_-]+)<\/code>/.exec(html);
  if (!match?.[1]) throw new Error('No invitation link on the page');
  return match[1];
}

describe('inviting people', () => {
  it('explains what is missing for a contributor and keeps what was typed', async () => {
    const visitor = await signedInVisitor(context, lead);
    const response = await visitor.submit('/people/invite', '/people/invite', { email: 'new.person@northmoor.example', role: 'contributor', organisation: '', partnerType: '' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Enter the organisation this contributor works for');
    expect(response.body).toContain('Select the type of partner organisation');
    expect(response.body).toContain('value="new.person@northmoor.example"');
    expect(response.body).toMatch(/value="contributor" checked/);
  });

  it('refuses to invite someone who is already a member', async () => {
    const visitor = await signedInVisitor(context, lead);
    const response = await visitor.submit('/people/invite', '/people/invite', { email: 'viewer@northmoor.example', role: 'viewer' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('This person is already a member of the partnership');
  });

  it('creates a one-time link that makes a new account, e-mails it, and cannot be used twice', async () => {
    const visitor = await signedInVisitor(context, lead);
    const invited = await visitor.submit('/people/invite', '/people/invite', {
      email: 'Kim.New@Northmoor.example',
      role: 'contributor',
      organisation: 'Northmoor Hospital Trust (demo)',
      partnerType: 'acute_nhs',
    });
    expect(invited.statusCode).toBe(200);
    const link = invitationLink(invited.body);
    expect(context.sentMail.at(-1)?.to).toBe('kim.new@northmoor.example');
    expect(context.sentMail.at(-1)?.text).toContain(link);

    const invitee = new Visitor(context.app);
    const page = await invitee.get(link);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Create account and join');
    const mismatch = await invitee.submit(link, link, { displayName: 'Kim New', password: 'a long enough password', confirmPassword: 'something else entirely' });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.body).toContain('The passwords do not match');
    expect(mismatch.body).toContain('value="Kim New"');

    const accepted = await invitee.submit(link, link, { displayName: 'Kim New', password: 'a long enough password', confirmPassword: 'a long enough password' });
    expect(accepted.statusCode).toBe(302);
    const home = await invitee.get('/');
    expect(home.body).toContain('Northmoor Drug and Alcohol Partnership (demo)');
    expect(home.body).toContain('Contributor');

    const again = await new Visitor(context.app).get(link);
    expect(again.statusCode).toBe(410);

    const people = await visitor.get('/people');
    expect(people.body).toContain('kim.new@northmoor.example');
    const audit = await visitor.get('/audit');
    expect(audit.body).toContain('Invitation created');
    expect(audit.body).toContain('Invitation accepted');
  });

  it('lets an existing account join another partnership by signing in', async () => {
    const eastfieldLead = await signedInVisitor(context, 'peer@eastfield.example');
    const invited = await eastfieldLead.submit('/people/invite', '/people/invite', { email: 'viewer@northmoor.example', role: 'viewer' });
    const link = invitationLink(invited.body);
    const viewer = await signedInVisitor(context, 'viewer@northmoor.example');
    const page = await viewer.get(link);
    expect(page.body).toContain('Accept invitation');
    const accepted = await viewer.submit(link, link, {});
    expect(accepted.statusCode).toBe(302);
    const account = await viewer.get('/account');
    expect(account.body).toContain('Eastfield Recovery Partnership (demo)');
    expect(account.body).toContain('Northmoor Drug and Alcohol Partnership (demo)');
  });

  it('expires links after seven days and lets the lead withdraw them', async () => {
    const visitor = await signedInVisitor(context, lead);
    const first = invitationLink((await visitor.submit('/people/invite', '/people/invite', { email: 'late@northmoor.example', role: 'viewer' })).body);
    const second = invitationLink((await visitor.submit('/people/invite', '/people/invite', { email: 'withdrawn@northmoor.example', role: 'viewer' })).body);
    const invitation = await context.database.db.selectFrom('invitations').select('id').where('email', '=', 'withdrawn@northmoor.example').executeTakeFirstOrThrow();
    const withdrawn = await visitor.submit('/people', `/people/invitations/${invitation.id}/withdraw`, {});
    expect(withdrawn.statusCode).toBe(302);
    expect((await new Visitor(context.app).get(second)).statusCode).toBe(410);

    context.clock.advance(7 * 24 * 60 * 60 * 1000 + 1);
    expect((await new Visitor(context.app).get(first)).statusCode).toBe(410);
  });
});

describe('changing roles', () => {
  it('changes a role and records it in the audit log', async () => {
    const visitor = await signedInVisitor(context, lead);
    const member = await membershipIdOf('contributor@northmoor.example', 'northmoor');
    const response = await visitor.submit(`/people/${member.id}`, `/people/${member.id}`, {
      role: 'viewer',
      organisation: 'Northmoor Community Recovery Service (demo)',
      partnerType: 'community_treatment',
      version: String(member.version),
    });
    expect(response.statusCode).toBe(302);
    const event = await context.database.db.selectFrom('audit_events').select(['summary']).where('action', '=', 'role_changed').executeTakeFirstOrThrow();
    expect(event.summary).toBe('Changed role from Contributor to Viewer');
  });

  it('detects a change made by someone else since the page was opened', async () => {
    const visitor = await signedInVisitor(context, lead);
    const member = await membershipIdOf('housing@northmoor.example', 'northmoor');
    const form = await visitor.get(`/people/${member.id}`);
    await context.database.db.updateTable('memberships').set({ organisation: 'Changed elsewhere', version: member.version + 1 }).where('id', '=', member.id).execute();
    const token = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] as string;
    const response = await visitor.post(`/people/${member.id}`, { _csrf: token, role: 'viewer', organisation: 'My edit', partnerType: 'homelessness', version: String(member.version) });
    expect(response.statusCode).toBe(409);
    expect(response.body).toContain('Someone else changed this while you were editing it');
    expect(response.body).toContain('value="My edit"');
    const stored = await context.database.db.selectFrom('memberships').select(['organisation', 'role']).where('id', '=', member.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ organisation: 'Changed elsewhere', role: 'contributor' });
  });

  it('keeps at least one lead commissioner', async () => {
    const visitor = await signedInVisitor(context, lead);
    const member = await membershipIdOf(lead, 'northmoor');
    const response = await visitor.submit(`/people/${member.id}`, `/people/${member.id}`, { role: 'viewer', version: String(member.version) });
    expect(response.statusCode).toBe(409);
    expect(response.body).toContain('The partnership must keep at least one lead commissioner');
  });

  it('removes a member after a confirmation page that changes nothing by itself', async () => {
    const visitor = await signedInVisitor(context, lead);
    const member = await membershipIdOf('housing@northmoor.example', 'northmoor');
    const people = await visitor.get('/people');
    expect(people.body).toContain(`href="/people/${member.id}/remove"`);
    const confirm = await visitor.get(`/people/${member.id}/remove`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Remove Jo Demo from the partnership?');
    expect(confirm.body).toContain('They will no longer see anything in this partnership');
    expect(await context.database.db.selectFrom('memberships').select('id').where('id', '=', member.id).execute()).toHaveLength(1);
    const response = await visitor.submit(`/people/${member.id}/remove`, `/people/${member.id}/remove`, { version: String(member.version) });
    expect(response.statusCode).toBe(302);
    const remaining = await context.database.db.selectFrom('memberships').select('id').where('id', '=', member.id).execute();
    expect(remaining).toHaveLength(0);
  });
});

describe('who may do what', () => {
  it.each([
    ['contributor@northmoor.example', '/people'],
    ['viewer@northmoor.example', '/audit'],
    ['viewer@northmoor.example', '/people/invite'],
    [lead, '/admin/partnerships'],
  ])('%s is refused %s', async (email, url) => {
    const visitor = await signedInVisitor(context, email);
    const response = await visitor.get(url);
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('You do not have permission to see this page');
  });

  it('refuses a state change from a role without permission, even with a valid token', async () => {
    const visitor = await signedInVisitor(context, 'viewer@northmoor.example');
    const response = await visitor.submit('/account', '/people/invite', { email: 'sneaky@northmoor.example', role: 'lead_commissioner' });
    expect(response.statusCode).toBe(403);
    const invitations = await context.database.db.selectFrom('invitations').select('id').where('email', '=', 'sneaky@northmoor.example').execute();
    expect(invitations).toHaveLength(0);
  });
});

describe('switching partnership', () => {
  it('moves a person with two memberships between them, and refuses one they do not belong to', async () => {
    const visitor = await signedInVisitor(context, 'peer@eastfield.example');
    expect((await visitor.get('/')).body).toContain('Eastfield Recovery Partnership (demo)');
    const switched = await visitor.submit('/partnerships/switch', '/partnerships/switch', { partnershipId: context.demo.partnershipIds.northmoor });
    expect(switched.statusCode).toBe(302);
    const home = await visitor.get('/');
    expect(home.body).toContain('You are now working in Northmoor Drug and Alcohol Partnership (demo)');
    expect(home.body).toContain('Peer reviewer');

    const contributor = await signedInVisitor(context, 'contributor@northmoor.example');
    const refused = await contributor.submit('/partnerships/switch', '/partnerships/switch', { partnershipId: context.demo.partnershipIds.eastfield });
    expect(refused.statusCode).toBe(400);
    expect((await contributor.get('/')).body).toContain('Northmoor Drug and Alcohol Partnership (demo)');
  });
});
