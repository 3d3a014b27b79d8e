import type { FastifyRequest } from 'fastify';

export type Upload = { kind: 'none' } | { kind: 'file'; filename: string; data: Buffer } | { kind: 'too-big' } | { kind: 'unreadable' };

/**
 * Reads a small multipart upload (held in memory, within the size limit the route registered
 * @fastify/multipart with) before the security token is checked, so that the token sent as an
 * ordinary form field (`_csrf`) is in request.body like on every other form. The file is kept
 * beside the request, never in request.body. Use `read` as the route's preValidation hook and
 * `of(request)` in the handler.
 */
export function inMemoryUploads(what: string) {
  const uploads = new WeakMap<FastifyRequest, Upload>();
  async function read(request: FastifyRequest): Promise<void> {
    if (!request.isMultipart()) return;
    const fields: Record<string, string> = {};
    let upload: Upload = { kind: 'none' };
    try {
      for await (const part of request.parts()) {
        if (part.type === 'file') {
          const data = await part.toBuffer();
          // With no file chosen, browsers still send an empty part with an empty name.
          if (!part.filename && data.length === 0) continue;
          if (part.file.truncated) upload = { kind: 'too-big' };
          else if (upload.kind === 'none') upload = { kind: 'file', filename: part.filename, data };
        } else if (typeof part.value === 'string') {
          fields[part.fieldname] = part.value;
        }
      }
    } catch (error) {
      request.log.info({ err: error }, `could not read an uploaded ${what}`);
      upload = { kind: 'unreadable' };
    }
    uploads.set(request, upload);
    request.body = fields;
  }
  return { read, of: (request: FastifyRequest): Upload => uploads.get(request) ?? { kind: 'none' } };
}
