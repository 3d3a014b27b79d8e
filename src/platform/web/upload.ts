import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';

/** What came of reading a multipart form's one file, held in memory (`data`) or on disk (`path`). */
export type UploadOf<File> = { kind: 'none' } | ({ kind: 'file'; filename: string } & File) | { kind: 'too-big' } | { kind: 'unreadable' };
export type Upload = UploadOf<{ data: Buffer }>;
export type DiskUpload = UploadOf<{ path: string }>;

/**
 * The message for an upload that did not bring a usable file. `noFile` asks for the right kind
 * of file, like "Select a CSV file of services to import".
 */
export function uploadProblem(upload: Exclude<UploadOf<object>, { kind: 'file' }>, noFile: string, maximumText: string): string {
  if (upload.kind === 'none') return noFile;
  if (upload.kind === 'too-big') return `The selected file must be smaller than ${maximumText}`;
  return 'The selected file could not be uploaded. Choose one file and try again';
}

/**
 * Reads a multipart form before the security token is checked, so that the token sent as an
 * ordinary form field (`_csrf`) is in request.body like on every other form. Each file part goes
 * to `takeFile`, which gives what the upload is now. The file is kept beside the request, never
 * in request.body.
 */
function multipartReader<File>(what: string, takeFile: (request: FastifyRequest, part: MultipartFile, current: UploadOf<File>) => Promise<UploadOf<File>>) {
  const uploads = new WeakMap<FastifyRequest, UploadOf<File>>();
  async function read(request: FastifyRequest): Promise<void> {
    if (!request.isMultipart()) return;
    const fields: Record<string, string> = {};
    let upload: UploadOf<File> = { kind: 'none' };
    try {
      for await (const part of request.parts()) {
        if (part.type === 'file') upload = await takeFile(request, part, upload);
        else if (typeof part.value === 'string') fields[part.fieldname] = part.value;
      }
    } catch (error) {
      request.log.info({ err: error }, `could not read an uploaded ${what}`);
      upload = { kind: 'unreadable' };
    }
    uploads.set(request, upload);
    request.body = fields;
  }
  return { read, of: (request: FastifyRequest): UploadOf<File> => uploads.get(request) ?? { kind: 'none' } };
}

/**
 * A small upload, held in memory within the size limit the route registered @fastify/multipart
 * with. Use `read` as the route's preValidation hook and `of(request)` in the handler.
 */
export function inMemoryUploads(what: string) {
  return multipartReader<{ data: Buffer }>(what, async (_request, part, current) => {
    const data = await part.toBuffer();
    // With no file chosen, browsers still send an empty part with an empty name.
    if (!part.filename && data.length === 0) return current;
    if (part.file.truncated) return { kind: 'too-big' };
    return current.kind === 'none' ? { kind: 'file', filename: part.filename, data } : current;
  });
}

/**
 * Like inMemoryUploads, for files too large to hold in memory: the file goes straight to a
 * private temporary folder, never into memory. Call `remove` when the response has been sent
 * (or the request aborted). Uploads from visitors who are not signed in are not kept at all.
 */
export function diskUploads(what: string, where: { folderPrefix: string; fileName: string }) {
  const folders = new WeakMap<FastifyRequest, string>();
  const reader = multipartReader<{ path: string }>(what, async (request, part, current) => {
    if (!request.session?.userId || current.kind !== 'none') {
      part.file.resume();
      return current;
    }
    const folder = await fs.promises.mkdtemp(path.join(os.tmpdir(), where.folderPrefix));
    folders.set(request, folder);
    const filePath = path.join(folder, where.fileName);
    await pipeline(part.file, fs.createWriteStream(filePath, { mode: 0o600 }));
    const size = (await fs.promises.stat(filePath)).size;
    // With no file chosen, browsers still send an empty part with an empty name.
    if (!part.filename && size === 0) return current;
    return part.file.truncated ? { kind: 'too-big' } : { kind: 'file', filename: part.filename, path: filePath };
  });
  async function remove(request: FastifyRequest): Promise<void> {
    const folder = folders.get(request);
    if (folder) await fs.promises.rm(folder, { recursive: true, force: true });
  }
  return { ...reader, remove };
}
