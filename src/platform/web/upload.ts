import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FormErrors } from './forms.js';
import { busyRetryAfterSeconds } from './load-shedding.js';

/** Uploads read at once by one process; more wait for a "service is busy" page rather than filling memory or disk. */
export const maximumConcurrentUploads = 3;
let uploadsInProgress = 0;

/** Where uploads too large for memory are kept while they are checked and imported. */
export function uploadsFolder(dataDir: string): string {
  return path.join(dataDir, 'uploads');
}

/**
 * Removes uploads a stopped or crashed process left behind (they hold people's pseudonymised
 * records). Anything written to in the last hour is left alone: another process sharing the
 * folder may still be importing it.
 */
export async function clearLeftOverUploads(dataDir: string, now = Date.now()): Promise<number> {
  const folder = uploadsFolder(dataDir);
  const entries = await fs.promises.readdir(folder, { withFileTypes: true }).catch(() => []);
  let removed = 0;
  for (const entry of entries) {
    const entryPath = path.join(folder, entry.name);
    const stats = await fs.promises.stat(entryPath).catch(() => null);
    if (!stats || now - stats.mtimeMs < 60 * 60 * 1000) continue;
    await fs.promises.rm(entryPath, { recursive: true, force: true });
    removed += 1;
  }
  return removed;
}

/**
 * Checks the form's security token, sent as a field before the file, so that a forged or
 * expired form never gets its file stored. On failure the refusal has already been sent.
 */
function tokenAccepted(request: FastifyRequest, reply: FastifyReply, fields: Record<string, string>): boolean {
  const body = request.body;
  request.body = { ...fields };
  let accepted = false;
  request.server.csrfProtection(request, reply, () => {
    accepted = true;
  });
  request.body = body;
  return accepted;
}

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
function multipartReader<File>(
  what: string,
  { tokenBeforeFile }: { tokenBeforeFile: boolean },
  takeFile: (request: FastifyRequest, part: MultipartFile, current: UploadOf<File>) => Promise<UploadOf<File>>,
) {
  const uploads = new WeakMap<FastifyRequest, UploadOf<File>>();
  async function read(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    if (!request.isMultipart()) return undefined;
    if (uploadsInProgress >= maximumConcurrentUploads) {
      request.log.warn({ uploadsInProgress }, `turned away an uploaded ${what}: too many uploads at once`);
      reply.code(503).header('retry-after', String(busyRetryAfterSeconds));
      return reply.render('platform/web/views/busy.njk', { pageTitle: 'Sorry, the service is busy' });
    }
    uploadsInProgress += 1;
    const fields: Record<string, string> = {};
    let upload: UploadOf<File> = { kind: 'none' };
    try {
      for await (const part of request.parts()) {
        if (part.type === 'file') {
          if (tokenBeforeFile && !tokenAccepted(request, reply, fields)) return reply;
          upload = await takeFile(request, part, upload);
        } else if (typeof part.value === 'string') {
          fields[part.fieldname] = part.value;
        }
      }
    } catch (error) {
      request.log.info({ err: error }, `could not read an uploaded ${what}`);
      upload = { kind: 'unreadable' };
    } finally {
      uploadsInProgress -= 1;
    }
    uploads.set(request, upload);
    request.body = fields;
    return undefined;
  }
  return { read, of: (request: FastifyRequest): UploadOf<File> => uploads.get(request) ?? { kind: 'none' } };
}

/**
 * A small upload, held in memory within the size limit the route registered @fastify/multipart
 * with. Use `read` as the route's preValidation hook and `of(request)` in the handler.
 */
export function inMemoryUploads(what: string) {
  // Held in memory within a small limit, a file is only kept once the token is checked in
  // preHandler, so the fields may come in any order.
  return multipartReader<{ data: Buffer }>(what, { tokenBeforeFile: false }, async (_request, part, current) => {
    const data = await part.toBuffer();
    // With no file chosen, browsers still send an empty part with an empty name.
    if (!part.filename && data.length === 0) return current;
    if (part.file.truncated) return { kind: 'too-big' };
    return current.kind === 'none' ? { kind: 'file', filename: part.filename, data } : current;
  });
}

/**
 * Like inMemoryUploads, for files too large to hold in memory: the file goes straight to a
 * private folder of its own under `where.folder` (the data folder's uploads), never into memory.
 * Call `remove` when the response has been sent (or the request aborted). Uploads from visitors
 * who are not signed in are not kept at all.
 */
export function diskUploads(what: string, where: { folder: string; folderPrefix: string; fileName: string }) {
  const folders = new WeakMap<FastifyRequest, string>();
  // A file written to disk must not be written for a forged form, so its token must come first
  // (browsers send fields in the form's order, and every form puts its token first).
  const reader = multipartReader<{ path: string }>(what, { tokenBeforeFile: true }, async (request, part, current) => {
    if (!request.session?.userId || current.kind !== 'none') {
      part.file.resume();
      return current;
    }
    await fs.promises.mkdir(where.folder, { recursive: true, mode: 0o700 });
    const folder = await fs.promises.mkdtemp(path.join(where.folder, where.folderPrefix));
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

const problemCount = (count: number, word: string) => `${count.toLocaleString('en-GB')} ${count === 1 ? word : `${word}s`}`;

/**
 * A file's problems as the error summary and the file box show them: the first
 * `maximumListed` in the summary, each linking to the file box, with how many more there are;
 * the box shows the only problem, or how many there are.
 */
export function uploadFileErrors(problems: readonly string[], total: number, fileField: string, maximumListed: number): FormErrors {
  const listed = problems.slice(0, maximumListed);
  const summary = listed.map((text) => ({ text, href: `#${fileField}` }));
  if (total > listed.length) {
    summary.push({ text: `There are ${problemCount(total - listed.length, 'more problem')} not listed here. Fix these first and upload the file again`, href: `#${fileField}` });
  }
  const inline = total === 1 ? (problems[0] as string) : `The selected file has ${problemCount(total, 'problem')}, listed at the top of the page. Nothing has been imported`;
  return { fields: { [fileField]: { text: inline } }, summary };
}
