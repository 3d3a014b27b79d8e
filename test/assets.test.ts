import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { serveAssetsFromMemory } from '../src/platform/web/assets.js';
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

describe('the built files, served from memory', () => {
  let into: string;
  let app: FastifyInstance;
  beforeAll(async () => {
    into = fs.mkdtempSync(path.join(os.tmpdir(), 'rp-assets-served-'));
    buildAssets(assetSourceRoots, into);
    app = Fastify({ logger: false });
    await serveAssetsFromMemory(app, { roots: [into], precompressed: true });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    fs.rmSync(into, { recursive: true, force: true });
  });
  const original = () => fs.readFileSync(path.join(into, 'govuk-frontend.min.css'));
  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

  it('sends the brotli copy, the gzip copy or the file itself, as the browser accepts', async () => {
    const br = await get('/assets/govuk-frontend.min.css?v=1', { 'accept-encoding': 'br' });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(br.headers.vary).toBe('accept-encoding');
    expect(zlib.brotliDecompressSync(br.rawPayload)).toEqual(original());
    const gzip = await get('/assets/govuk-frontend.min.css?v=1', { 'accept-encoding': 'gzip, deflate' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gzip.rawPayload)).toEqual(original());
    const plain = await get('/assets/govuk-frontend.min.css?v=1');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload).toEqual(original());
    expect(new Set([br.headers.etag, gzip.headers.etag, plain.headers.etag]).size).toBe(3);
  });

  it('answers a browser that has the file already with 304 and no body', async () => {
    const first = await get('/assets/govuk-frontend.min.css?v=1', { 'accept-encoding': 'br' });
    const again = await get('/assets/govuk-frontend.min.css?v=1', { 'accept-encoding': 'br', 'if-none-match': String(first.headers.etag) });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
  });

  it('sends fonts as they are, and nothing that is not a served kind of file or is outside the folder', async () => {
    const font = await get('/assets/fonts/light-94a07e06a1-v2.woff2', { 'accept-encoding': 'br, gzip' });
    expect(font.statusCode).toBe(200);
    expect(font.headers['content-type']).toBe('font/woff2');
    expect(font.headers['content-encoding']).toBeUndefined();
    fs.writeFileSync(path.join(into, 'notes.txt'), 'not an asset');
    for (const url of ['/assets/notes.txt', '/assets/../package.json', '/assets/%2e%2e/%2e%2e/package.json', '/assets/no-such-file.css', '/assets/']) {
      expect((await get(url)).statusCode, url).toBe(404);
    }
  });
});
