import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { assetSourceRoots, buildAssets } from '../src/platform/web/assets-build.js';
import { createTestContext, signedInVisitor, type TestContext, type Visitor } from './app.js';

/** Static files are served before sessions, sign-in and form checks: free of the database, cached for a year. */

let context: TestContext;
let lead: Visitor;

beforeAll(async () => {
  context = await createTestContext();
  lead = await signedInVisitor(context, 'lead@northmoor.example');
});
afterAll(async () => context.close());

describe('static files', () => {
  it('cost no database query, even for someone signed in, and set no cookie', async () => {
    const executor = context.database.db.getExecutor();
    const queries = vi.spyOn(executor, 'executeQuery');
    try {
      const page = await lead.get('/referrals');
      expect(page.statusCode).toBe(200);
      expect(queries.mock.calls.length).toBeGreaterThan(0);
      queries.mockClear();
      const stylesheet = await lead.get('/assets/govuk-frontend.min.css?v=1');
      expect(stylesheet.statusCode).toBe(200);
      expect(queries.mock.calls.length).toBe(0);
      expect(stylesheet.headers['set-cookie']).toBeUndefined();
      expect(stylesheet.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      const font = await lead.get('/assets/fonts/light-94a07e06a1-v2.woff2');
      expect(font.statusCode).toBe(200);
      expect(queries.mock.calls.length).toBe(0);
    } finally {
      queries.mockRestore();
    }
  });

  it('still serve the pages around them with their session', async () => {
    const page = await lead.get('/');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Sign out');
    const missing = await lead.get('/no-such-page');
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('Page not found');
  });

  it('are copied by the build into one folder with brotli and gzip copies of text files', () => {
    const into = fs.mkdtempSync(path.join(os.tmpdir(), 'rp-assets-'));
    try {
      const built = buildAssets(assetSourceRoots, into);
      expect(built.files).toBeGreaterThan(built.compressed);
      const css = fs.readFileSync(path.join(into, 'govuk-frontend.min.css'));
      expect(zlib.brotliDecompressSync(fs.readFileSync(path.join(into, 'govuk-frontend.min.css.br')))).toEqual(css);
      expect(zlib.gunzipSync(fs.readFileSync(path.join(into, 'govuk-frontend.min.css.gz')))).toEqual(css);
      expect(fs.existsSync(path.join(into, 'app.css.br'))).toBe(true);
      const fonts = fs.readdirSync(path.join(into, 'fonts'));
      expect(fonts.some((name) => name.endsWith('.woff2'))).toBe(true);
      expect(fonts.some((name) => name.endsWith('.br'))).toBe(false);
    } finally {
      fs.rmSync(into, { recursive: true, force: true });
    }
  });
});
