import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signedInVisitor, type TestContext, Visitor } from '../../test/app.js';

/** Administrators invite regional and national analysts by a one-use link, with a scope. */

let context: TestContext;
beforeAll(async () => {
  context = await createTestContext();
});
afterAll(async () => context.close());

const db = () => context.database.db;

describe('analyst accounts', () => {
  it('are invited by an administrator, with errors beside the fields for a missing name, address and scope', async () => {
    const admin = await signedInVisitor(context, 'admin@residential-pathways.example');
    const list = await admin.get('/admin/analysts');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('analyst@north-west.example');

    const invalid = await admin.submit('/admin/analysts/new', '/admin/analysts/new', { displayName: '', email: 'not-an-address', scope: 'Atlantis' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.body).toContain('govuk-error-summary');
    expect(invalid.body).toMatch(/<title>Error: /);
    expect(invalid.body).toMatch(/id="displayName-error"[\s\S]*Enter the analyst’s full name/);
    expect(invalid.body).toMatch(/id="scope-error"[\s\S]*Select England or the region the analyst works on/);

    const taken = await admin.submit('/admin/analysts/new', '/admin/analysts/new', { displayName: 'Viewer Again', email: 'viewer@northmoor.example', scope: 'London' });
    expect(taken.statusCode).toBe(400);
    expect(taken.body).toContain('This email address already has an account');

    const created = await admin.submit('/admin/analysts/new', '/admin/analysts/new', { displayName: 'Quinn Test', email: 'quinn@ohid-london.example', scope: 'London' });
    expect(created.statusCode).toBe(200);
    const link = /id="invitation-link">([^<]+)</.exec(created.body)?.[1] ?? '';
    expect(link).toMatch(/\/invitations\/[\w-]+$/);
    const audit = await db().selectFrom('audit_events').select(['summary', 'partnership_id']).where('action', '=', 'analyst_invitation_created').execute();
    expect(audit).toEqual([{ summary: 'Invited an analyst for London', partnership_id: null }]);

    // The invitee makes their account and lands as an analyst for London, with no partnership.
    const invitee = new Visitor(context.app);
    const path = new URL(link).pathname;
    const page = await invitee.get(path);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('partnerships in London');
    const accepted = await invitee.submit(path, path, { displayName: 'Quinn Test', password: 'a long analyst passphrase', confirmPassword: 'a long analyst passphrase' });
    expect(accepted.statusCode).toBe(302);
    const user = await db().selectFrom('users').select('id').where('email', '=', 'quinn@ohid-london.example').executeTakeFirstOrThrow();
    expect(await db().selectFrom('analyst_scopes').select(['region']).where('user_id', '=', user.id).execute()).toEqual([{ region: 'London' }]);
    expect(await db().selectFrom('memberships').select('id').where('user_id', '=', user.id).execute()).toEqual([]);
    const home = await invitee.get('/');
    expect(home.body).toContain('href="/regional"');
    expect(home.body).toContain('You are an analyst for London');
    const regional = await invitee.get('/regional');
    expect(regional.statusCode).toBe(200);
    expect(regional.body).toContain('Residential access in London');
    expect((await invitee.get('/referrals')).statusCode).toBe(403);

    // The link works once.
    expect((await new Visitor(context.app).get(path)).statusCode).toBe(410);
  });

  it('can be scoped to all of England', async () => {
    const admin = await signedInVisitor(context, 'admin@residential-pathways.example');
    const created = await admin.submit('/admin/analysts/new', '/admin/analysts/new', { displayName: 'Ellis Test', email: 'ellis@national.example', scope: 'England' });
    expect(created.statusCode).toBe(200);
    const stored = await db().selectFrom('analyst_invitations').select('region').where('email', '=', 'ellis@national.example').executeTakeFirstOrThrow();
    expect(stored.region).toBeNull();
  });

  it('cannot be invited into a partnership', async () => {
    const lead = await signedInVisitor(context, 'lead@northmoor.example');
    const refused = await lead.submit('/people/invite', '/people/invite', { email: 'analyst@north-west.example', role: 'viewer' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('belongs to a regional or national analyst');
    const analyst = await db().selectFrom('users').select('id').where('email', '=', 'analyst@north-west.example').executeTakeFirstOrThrow();
    expect(await db().selectFrom('invitations').select('id').where('email', '=', 'analyst@north-west.example').execute()).toEqual([]);
    expect(await db().selectFrom('memberships').select('id').where('user_id', '=', analyst.id).execute()).toEqual([]);
  });

  it('are invited by administrators only', async () => {
    const lead = await signedInVisitor(context, 'lead@northmoor.example');
    expect((await lead.get('/admin/analysts')).statusCode).toBe(403);
    expect((await lead.get('/admin/analysts/new')).statusCode).toBe(403);
    const analyst = await signedInVisitor(context, 'analyst@north-west.example');
    expect((await analyst.get('/admin/analysts')).statusCode).toBe(403);
  });
});
