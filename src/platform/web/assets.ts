import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Negotiator } from '@fastify/accept-negotiator';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isServedAsset } from './assets-build.js';

/**
 * The static files under /assets/, served from memory. The set is small and fixed (govuk-frontend's
 * fonts, images, styles and scripts, and the service's own; about 3 MB, 600 KB compressed), so each
 * file is read once, with its brotli and gzip copies when the build made them, on its first
 * request. Streaming each one from disk with @fastify/static spent a third of the request's time
 * opening, checking and reading the file again.
 *
 * The address carries the version (?v=), so a browser may keep a file for a year without asking.
 */

const contentTypes: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

type Encoding = 'br' | 'gzip' | 'identity';

interface AssetFile {
  contentType: string;
  etag: string;
  bodies: Partial<Record<Encoding, Buffer>>;
}

const readIfThere = (file: string) => fs.readFile(file).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' || error.code === 'EISDIR' ? null : Promise.reject(error)));

/**
 * Serves /assets/* from `roots` (the first root with a name wins). `precompressed`: the roots are
 * the build's folder, with .br and .gz copies sent to a browser that accepts them, and each file is
 * kept in memory once read.
 */
export async function serveAssetsFromMemory(app: FastifyInstance, { roots, precompressed }: { roots: readonly string[]; precompressed: boolean }): Promise<void> {
  const files = new Map<string, Promise<AssetFile | null>>();
  const negotiator = new Negotiator<Encoding>({ supportedValues: precompressed ? ['br', 'gzip', 'identity'] : ['identity'] });

  async function read(name: string): Promise<AssetFile | null> {
    for (const root of roots) {
      const file = path.join(root, name);
      const body = await readIfThere(file);
      if (!body) continue;
      const bodies: AssetFile['bodies'] = { identity: body };
      if (precompressed) {
        const [br, gzip] = await Promise.all([readIfThere(`${file}.br`), readIfThere(`${file}.gz`)]);
        if (br) bodies.br = br;
        if (gzip) bodies.gzip = gzip;
      }
      const etag = crypto.createHash('sha256').update(body).digest('base64url').slice(0, 27);
      return { contentType: contentTypes[path.extname(name)] ?? 'application/octet-stream', etag, bodies };
    }
    return null;
  }

  /** The file for an address, or null: only served kinds of file, and nothing outside the roots. */
  function lookUp(wildcard: string): Promise<AssetFile | null> {
    const name = path.posix.normalize(`/${wildcard}`).slice(1);
    if (!name || name.startsWith('..') || name.includes('\0') || !isServedAsset(name)) return Promise.resolve(null);
    // Built files never change while the service runs; source files (under tsx) are read each time, so a change shows at once.
    if (!precompressed) return read(name);
    let file = files.get(name);
    if (!file) {
      file = read(name);
      files.set(name, file);
      // A failed read is tried again on the next request.
      file.catch(() => files.delete(name));
    }
    return file;
  }

  app.get('/assets/*', async (request: FastifyRequest<{ Params: { '*': string } }>, reply: FastifyReply) => {
    const file = await lookUp(request.params['*']);
    if (!file) return reply.callNotFound();
    const wanted = negotiator.negotiate(request.headers['accept-encoding'] ?? '') ?? 'identity';
    const encoding = file.bodies[wanted] ? wanted : 'identity';
    // Each encoding is a different body, so each has its own tag.
    const etag = encoding === 'identity' ? `"${file.etag}"` : `"${file.etag}-${encoding}"`;
    reply.header('cache-control', 'public, max-age=31536000, immutable').header('etag', etag).header('vary', 'accept-encoding');
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    if (encoding !== 'identity') reply.header('content-encoding', encoding);
    return reply.type(file.contentType).send(file.bodies[encoding]);
  });
}
