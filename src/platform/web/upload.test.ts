import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestContext, csrfTokenIn, signedInVisitor, type TestContext, type Visitor } from '../../../test/app.js';
import { testConfig } from '../../config.js';
import { clearLeftOverUploads, maximumConcurrentUploads, uploadsFolder } from './upload.js';

/** Uploads are checked before they are kept: who sends them, their form's token, and how many arrive at once. */

let context: TestContext;
let lead: Visitor;
let viewer: Visitor;
const folder = uploadsFolder(testConfig().dataDir);
const importUrl = '/referrals/import';
const boundary = 'rp-upload-test-boundary';
const field = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
const fileStart = `--${boundary}\r\nContent-Disposition: form-data; name="referralsFile"; filename="referrals.csv"\r\nContent-Type: text/csv\r\n\r\n`;
const end = `\r\n--${boundary}--\r\n`;
const multipart = { 'content-type': `multipart/form-data; boundary=${boundary}` };
const keptUploads = () => (fs.existsSync(folder) ? fs.readdirSync(folder) : []);

beforeAll(async () => {
  fs.rmSync(folder, { recursive: true, force: true });
  context = await createTestContext();
  lead = await signedInVisitor(context, 'lead@northmoor.example');
  viewer = await signedInVisitor(context, 'viewer@northmoor.example');
});
afterAll(async () => {
  await context?.close();
});

describe('uploads', () => {
  it('refuses someone the import is not for before reading, let alone keeping, their file', async () => {
    const token = csrfTokenIn((await viewer.get('/account')).body);
    const body = new PassThrough();
    body.write(field('_csrf', token) + fileStart + 'Local reference\r\n');
    // The body never ends: only a refusal before reading it can answer.
    const response = await viewer.send({ method: 'POST', url: importUrl, headers: multipart, payload: body });
    expect(response.statusCode).toBe(403);
    expect(fs.existsSync(folder)).toBe(false);
    body.destroy();
  });

  it('refuses a form without a valid security token before its file is stored', async () => {
    const response = await lead.send({ method: 'POST', url: importUrl, headers: multipart, payload: field('_csrf', 'forged') + fileStart + 'Local reference\r\nNM-1' + end });
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('Your form could not be sent');
    expect(fs.existsSync(folder)).toBe(false);
  });

  it('keeps an accepted upload under the data folder only while it is imported', async () => {
    const token = csrfTokenIn((await lead.get(importUrl)).body);
    const response = await lead.send({ method: 'POST', url: importUrl, headers: multipart, payload: field('_csrf', token) + fileStart + 'Not a heading\r\nx' + end });
    expect(response.statusCode).toBe(400);
    expect(fs.existsSync(folder)).toBe(true);
    // It is removed once the response has gone.
    await vi.waitFor(() => expect(keptUploads()).toEqual([]));
  });

  it(`turns away more than ${maximumConcurrentUploads} uploads at once with a busy page`, async () => {
    const token = csrfTokenIn((await lead.get(importUrl)).body);
    const slow = Array.from({ length: maximumConcurrentUploads }, () => {
      const body = new PassThrough();
      body.write(field('_csrf', token) + fileStart + 'Local reference\r\n');
      return { body, response: lead.send({ method: 'POST', url: importUrl, headers: multipart, payload: body }) };
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const turnedAway = await lead.send({ method: 'POST', url: importUrl, headers: multipart, payload: field('_csrf', token) + fileStart + 'x' + end });
    expect(turnedAway.statusCode).toBe(503);
    expect(turnedAway.headers['retry-after']).toBeDefined();
    expect(turnedAway.body).toContain('Sorry, the service is busy');
    for (const upload of slow) upload.body.end(`NM-1${end}`);
    for (const upload of slow) expect((await upload.response).statusCode).toBe(400);
    const after = await lead.send({ method: 'POST', url: importUrl, headers: multipart, payload: field('_csrf', token) + fileStart + 'x' + end });
    expect(after.statusCode).toBe(400);
  });

  it('clears uploads a stopped process left behind, but not one still being written', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rp-left-over-'));
    const uploads = uploadsFolder(dataDir);
    fs.mkdirSync(path.join(uploads, 'referral-import-old'), { recursive: true });
    fs.writeFileSync(path.join(uploads, 'referral-import-old', 'upload.csv'), 'NM-1');
    fs.mkdirSync(path.join(uploads, 'referral-import-new'));
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    fs.utimesSync(path.join(uploads, 'referral-import-old'), twoHoursAgo, twoHoursAgo);
    expect(await clearLeftOverUploads(dataDir)).toBe(1);
    expect(fs.readdirSync(uploads)).toEqual(['referral-import-new']);
    expect(await clearLeftOverUploads(path.join(dataDir, 'never-made'))).toBe(0);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});
