import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, csrfTokenIn, demoPassword, type TestContext, Visitor } from '../../test/app.js';
import { lockoutMinutes, maximumFailedSignIns } from './rules.js';

let context: TestContext;
beforeAll(async () => {
  context = await createTestContext();
});
afterAll(async () => context.close());

const lead = 'lead@northmoor.example';

describe('signing in', () => {
  it('sends visitors who are not signed in to the sign-in page, remembering where they were going', async () => {
    const response = await new Visitor(context.app).get('/people');
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/sign-in?returnTo=%2Fpeople');
  });

  it('signs in with the right password and sets a protected session cookie', async () => {
    const visitor = new Visitor(context.app);
    const page = await visitor.get('/sign-in');
    const response = await visitor.post('/sign-in', { _csrf: csrfTokenIn(page.body), email: 'LEAD@northmoor.example', password: demoPassword(context.demo, lead), returnTo: '/people' });
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/people');
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toContain('rp_session=');
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    const home = await visitor.get('/');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('Northmoor Drug and Alcohol Partnership (demo)');
  });

  it('gives the same message for a wrong password and an unknown address, keeping the address typed', async () => {
    const visitor = new Visitor(context.app);
    const wrongPassword = await visitor.submit('/sign-in', '/sign-in', { email: lead, password: 'not the password' });
    const unknown = await visitor.submit('/sign-in', '/sign-in', { email: 'nobody@northmoor.example', password: 'whatever it is' });
    expect(wrongPassword.statusCode).toBe(400);
    expect(unknown.statusCode).toBe(400);
    const message = (body: string) => /<a href="#email">([^<]+)<\/a>/.exec(body)?.[1];
    expect(message(wrongPassword.body)).toBeTruthy();
    expect(message(wrongPassword.body)).toBe(message(unknown.body));
    expect(wrongPassword.body).toContain('<title>Error: Sign in');
    expect(wrongPassword.body).toContain('There is a problem');
    expect(unknown.body).toContain('value="nobody@northmoor.example"');
  });

  it('asks for both fields when they are empty', async () => {
    const response = await new Visitor(context.app).submit('/sign-in', '/sign-in', { email: '', password: '' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Enter your email address');
    expect(response.body).toContain('Enter your password');
  });

  it('never sends people to another site after signing in', async () => {
    const visitor = new Visitor(context.app);
    const response = await visitor.submit('/sign-in', '/sign-in', { email: lead, password: demoPassword(context.demo, lead), returnTo: '//evil.example/' });
    expect(response.headers.location).toBe('/');
  });

  it('locks an account after repeated failures, even against the right password, until the period ends', async () => {
    const email = 'viewer@northmoor.example';
    const visitor = new Visitor(context.app);
    for (let attempt = 0; attempt < maximumFailedSignIns; attempt += 1) {
      const response = await visitor.submit('/sign-in', '/sign-in', { email, password: `wrong ${attempt}` });
      expect(response.statusCode).toBe(400);
    }
    const whileLocked = await visitor.submit('/sign-in', '/sign-in', { email, password: demoPassword(context.demo, email) });
    expect(whileLocked.statusCode).toBe(400);
    const locks = await context.database.db.selectFrom('audit_events').select('action').where('action', '=', 'account_locked').execute();
    expect(locks).toHaveLength(1);

    context.clock.advance(lockoutMinutes * 60_000 + 1000);
    const afterwards = await visitor.submit('/sign-in', '/sign-in', { email, password: demoPassword(context.demo, email) });
    expect(afterwards.statusCode).toBe(302);
  });

  it('refuses a sign-in form sent without its security token', async () => {
    const visitor = new Visitor(context.app);
    await visitor.get('/sign-in');
    const response = await visitor.post('/sign-in', { email: lead, password: demoPassword(context.demo, lead) });
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('Your form could not be sent');
  });

  it('records sign-in, failed sign-in and sign-out in the audit log', async () => {
    const visitor = new Visitor(context.app);
    await visitor.signIn(lead, demoPassword(context.demo, lead));
    const home = await visitor.get('/');
    const signOut = await visitor.post('/sign-out', { _csrf: csrfTokenIn(home.body) });
    expect(signOut.statusCode, signOut.body.slice(0, 3000)).toBe(302);
    expect(signOut.headers.location).toBe('/signed-out');
    const after = await visitor.get('/');
    expect(after.statusCode).toBe(302);
    const actions = await context.database.db.selectFrom('audit_events').select('action').distinct().execute();
    expect(actions.map((row) => row.action)).toEqual(expect.arrayContaining(['sign_in', 'sign_in_failed', 'sign_out']));
  });
});
