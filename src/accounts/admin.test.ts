import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signedInVisitor, type TestContext } from '../../test/app.js';

let context: TestContext;
beforeAll(async () => {
  context = await createTestContext();
});
afterAll(async () => context.close());

describe('administrators manage partnerships', () => {
  it('adds a partnership, with errors for a missing name and a malformed area code', async () => {
    const admin = await signedInVisitor(context, 'admin@residential-pathways.example');
    const invalid = await admin.submit('/admin/partnerships/new', '/admin/partnerships/new', { name: '', onsCode: 'X123', region: '' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.body).toContain('Enter the partnership’s name');
    expect(invalid.body).toContain('Enter the area code in the correct format');
    expect(invalid.body).toContain('Select the region');
    expect(invalid.body).toContain('value="X123"');

    const created = await admin.submit('/admin/partnerships/new', '/admin/partnerships/new', { name: 'Westbrook Partnership (test)', onsCode: 'e08000999', region: 'London' });
    expect(created.statusCode).toBe(302);
    const stored = await context.database.db.selectFrom('partnerships').selectAll().where('name', '=', 'Westbrook Partnership (test)').executeTakeFirstOrThrow();
    expect(stored.ons_code).toBe('E08000999');

    const duplicate = await admin.submit('/admin/partnerships/new', '/admin/partnerships/new', { name: 'westbrook partnership (TEST)', region: 'London' });
    expect(duplicate.statusCode).toBe(400);
    expect(duplicate.body).toContain('A partnership with this name already exists');
  });

  it('refuses a stale edit instead of overwriting', async () => {
    const admin = await signedInVisitor(context, 'admin@residential-pathways.example');
    const id = context.demo.partnershipIds.eastfield;
    const first = await admin.submit(`/admin/partnerships/${id}/edit`, `/admin/partnerships/${id}/edit`, { name: 'Eastfield Recovery Partnership (demo)', region: 'East of England', version: '1' });
    expect(first.statusCode).toBe(302);
    const stale = await admin.submit(`/admin/partnerships/${id}/edit`, `/admin/partnerships/${id}/edit`, { name: 'Eastfield renamed', region: 'London', version: '1' });
    expect(stale.statusCode).toBe(409);
    const stored = await context.database.db.selectFrom('partnerships').select(['name', 'region', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ name: 'Eastfield Recovery Partnership (demo)', region: 'East of England', version: 2 });
  });

  it('invites a lead commissioner to a new partnership', async () => {
    const admin = await signedInVisitor(context, 'admin@residential-pathways.example');
    const partnership = await context.database.db.selectFrom('partnerships').select('id').where('name', '=', 'Westbrook Partnership (test)').executeTakeFirstOrThrow();
    const response = await admin.submit(`/admin/partnerships/${partnership.id}/invite`, `/admin/partnerships/${partnership.id}/invite`, { email: 'lead@westbrook.example', role: 'lead_commissioner' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('/invitations/');
    const invitation = await context.database.db.selectFrom('invitations').select(['partnership_id', 'role']).where('email', '=', 'lead@westbrook.example').executeTakeFirstOrThrow();
    expect(invitation).toEqual({ partnership_id: partnership.id, role: 'lead_commissioner' });
  });
});

describe('the audit log', () => {
  it('is append-only in the database itself', async () => {
    await expect(context.database.db.updateTable('audit_events').set({ summary: 'tampered' }).execute()).rejects.toThrow(/append-only/);
    await expect(context.database.db.deleteFrom('audit_events').execute()).rejects.toThrow(/append-only/);
  });

  it('lists newest first and filters by action and date', async () => {
    const lead = await signedInVisitor(context, 'lead@northmoor.example');
    const all = await lead.get('/audit');
    expect(all.statusCode).toBe(200);
    expect(all.body.indexOf('Signed in')).toBeGreaterThan(0);
    expect(all.body.indexOf('Signed in')).toBeLessThan(all.body.indexOf('Created with the demo data'));
    const signIns = await lead.get('/audit?action=sign_in');
    expect(signIns.body).toContain('Signed in');
    expect(signIns.body).not.toContain('Created with the demo data');
    const badRange = await lead.get('/audit?from-day=1&from-month=12&from-year=2026&to-day=1&to-month=11&to-year=2026');
    expect(badRange.statusCode).toBe(400);
    expect(badRange.body).toContain('The end date must be the same as or after the start date');
    const future = await lead.get('/audit?from-day=1&from-month=1&from-year=2030&to-day=&to-month=&to-year=');
    expect(future.body).toContain('0 entries');
  });
});
