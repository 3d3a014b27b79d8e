import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertUser } from '../accounts/index.js';
import { hashPassword } from '../platform/auth/passwords.js';
import { createTestContext, csrfTokenIn, signedInVisitor, type TestContext, Visitor } from '../../test/app.js';

/**
 * Inviting a person without an account to keep a provider's services up to date: the link is
 * e-mailed when there is a mailer, one invitation waits at a time, an administrator can
 * withdraw it, and it stops working after 7 days.
 */

let context: TestContext;
let admin: Visitor;
let providerId: string;
let providerName: string;
const db = () => context.database.db;
const day = 24 * 60 * 60 * 1000;

function invitationLink(html: string): string {
  const match = /<code id="invitation-link">[^<]*(\/invitations\/[A-Za-z0-9_-]+)<\/code>/.exec(html);
  if (!match?.[1]) throw new Error('No invitation link on the page');
  return match[1];
}

async function invite(name: string, email: string) {
  const url = `/admin/providers/${providerId}/accounts/new`;
  return admin.submit(url, url, { name, email });
}

beforeAll(async () => {
  context = await createTestContext({ withMailer: true });
  admin = await signedInVisitor(context, 'admin@residential-pathways.example');
  const provider = await db().selectFrom('providers').select(['id', 'name']).orderBy('name').executeTakeFirstOrThrow();
  providerId = provider.id;
  providerName = provider.name;
});
afterAll(async () => context.close());

describe('provider invitations', () => {
  it('e-mails the link when a mailer is set, and still shows it', async () => {
    const response = await invite('Casey Test', 'casey@example.org');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('We have emailed the link to casey@example.org');
    const link = invitationLink(response.body);
    const mail = context.sentMail.at(-1);
    expect(mail?.to).toBe('casey@example.org');
    expect(mail?.subject).toContain(providerName);
    expect(mail?.text).toContain(link);
    expect(mail?.text).toContain('expires in 7 days');
  });

  it('refuses a second invitation for the same person while the first is waiting', async () => {
    const again = await invite('Casey Test', 'Casey@Example.org');
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain(`Casey Test has already been invited to ${providerName}`);
    expect(again.body).toContain('value="Casey@Example.org"');
    expect(await db().selectFrom('provider_invitations').select('id').where('email', '=', 'casey@example.org').execute()).toHaveLength(1);
  });

  it('lets an administrator withdraw a waiting invitation, after which the link cannot be used', async () => {
    const link = invitationLink((await invite('Drew Test', 'drew@example.org')).body);
    const invitation = await db().selectFrom('provider_invitations').select('id').where('email', '=', 'drew@example.org').executeTakeFirstOrThrow();
    const withdrawPath = `/admin/providers/${providerId}/invitations/${invitation.id}/withdraw`;
    const page = await admin.get(`/admin/providers/${providerId}`);
    expect(page.body).toContain(`action="${withdrawPath}"`);

    const lead = await signedInVisitor(context, 'lead@northmoor.example');
    const leadToken = csrfTokenIn((await lead.get('/services')).body);
    expect((await lead.post(withdrawPath, { _csrf: leadToken })).statusCode).toBe(403);
    expect((await admin.post(withdrawPath, {})).statusCode).toBe(403);

    const withdrawn = await admin.post(withdrawPath, { _csrf: csrfTokenIn(page.body) });
    expect(withdrawn.statusCode).toBe(302);
    expect(withdrawn.headers.location).toBe(`/admin/providers/${providerId}`);
    const after = await admin.get(`/admin/providers/${providerId}`);
    expect(after.body).toContain('The invitation to drew@example.org has been withdrawn');
    expect(after.body).not.toContain(withdrawPath);
    expect((await new Visitor(context.app).get(link)).statusCode).toBe(410);

    const twice = await admin.post(withdrawPath, { _csrf: csrfTokenIn(after.body) });
    expect(twice.statusCode).toBe(302);
    expect((await admin.get(`/admin/providers/${providerId}`)).body).toContain('This invitation has already been used or withdrawn');
    const audit = await db().selectFrom('audit_events').select(['action', 'summary', 'partnership_id']).where('action', '=', 'provider_invitation_withdrawn').execute();
    expect(audit).toEqual([{ action: 'provider_invitation_withdrawn', summary: `Withdrew the invitation for Drew Test to ${providerName}`, partnership_id: null }]);

    // Withdrawn, a new invitation can be sent.
    expect((await invite('Drew Test', 'drew@example.org')).statusCode).toBe(200);
  });

  it('lets someone who has made an account since accept it by signing in', async () => {
    const link = invitationLink((await invite('Finley Test', 'finley@example.org')).body);
    await insertUser(db(), { email: 'finley@example.org', displayName: 'Finley Test', passwordHash: await hashPassword('finley’s own passphrase') });
    const visitor = new Visitor(context.app);
    const page = await visitor.get(link);
    expect(page.body).toContain('Sign in to accept');
    expect((await visitor.post(link, { _csrf: csrfTokenIn((await visitor.get('/sign-in')).body) })).headers.location).toBe(link);
    await visitor.signIn('finley@example.org', 'finley’s own passphrase');
    const signedIn = await visitor.get(link);
    expect(signedIn.body).toContain('Accept invitation');
    const accepted = await visitor.post(link, { _csrf: csrfTokenIn(signedIn.body) });
    expect(accepted.headers.location).toBe('/');
    const user = await db().selectFrom('users').select('id').where('email', '=', 'finley@example.org').executeTakeFirstOrThrow();
    expect(await db().selectFrom('provider_users').select('provider_id').where('user_id', '=', user.id).execute()).toEqual([{ provider_id: providerId }]);
    expect((await visitor.get(link)).statusCode).toBe(410);
  });

  it('stops working after 7 days, leaving no account', async () => {
    const link = invitationLink((await invite('Emery Test', 'emery@example.org')).body);
    const visitor = new Visitor(context.app);
    expect((await visitor.get(link)).statusCode).toBe(200);
    context.clock.advance(7 * day);
    const expired = await visitor.get(link);
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain('This invitation link cannot be used');
    const posted = await visitor.post(link, { _csrf: csrfTokenIn((await visitor.get('/sign-in')).body), displayName: 'Emery Test', password: 'a long enough passphrase', confirmPassword: 'a long enough passphrase' });
    expect(posted.statusCode).toBe(410);
    expect(await db().selectFrom('users').select('id').where('email', '=', 'emery@example.org').execute()).toEqual([]);
    const freshAdmin = await signedInVisitor(context, 'admin@residential-pathways.example');
    expect((await freshAdmin.get(`/admin/providers/${providerId}`)).body).not.toContain('emery@example.org');
  });
});
