import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { growMemoryFilesByDoubling } from './connect.js';

interface MemoryNode {
  contents: Uint8Array | null;
  usedBytes: number;
}
type Expand = (node: MemoryNode, capacity: number) => void;

let pglite: PGlite;
let expand: Expand;
beforeAll(async () => {
  pglite = await PGlite.create();
  expect(growMemoryFilesByDoubling(pglite)).toBe(true);
  const memfs = (pglite as unknown as { Module: { FS: { filesystems: { MEMFS: { expandFileStorage: Expand } } } } }).Module.FS.filesystems.MEMFS;
  expand = (node, capacity) => memfs.expandFileStorage(node, capacity);
});
afterAll(async () => {
  await pglite.close();
});

it('grows a large in-memory file to twice its size, keeping what it holds', () => {
  const held = new Uint8Array(4 * 1024 * 1024);
  for (let index = 0; index < held.length; index += 4096) held[index] = 1 + (index % 251);
  const node: MemoryNode = { contents: held, usedBytes: held.length };
  expand(node, held.length + 8192);
  expect(node.contents?.length).toBe(2 * held.length);
  expect(Buffer.compare(node.contents?.subarray(0, held.length) ?? new Uint8Array(), held)).toBe(0);
  // A file with room enough already is left as it is.
  const before = node.contents;
  expand(node, held.length + 16384);
  expect(node.contents).toBe(before);
});

it('grows a file by more than twice when more is asked for at once', () => {
  const node: MemoryNode = { contents: new Uint8Array(2 * 1024 * 1024), usedBytes: 2 * 1024 * 1024 };
  expand(node, 10 * 1024 * 1024);
  expect(node.contents?.length).toBe(10 * 1024 * 1024);
});

it('keeps every row of a table that grows to many megabytes', async () => {
  await pglite.exec(`CREATE TABLE growing AS SELECT n, md5(n::text) AS hash FROM generate_series(1, 200000) AS n`);
  const result = await pglite.query<{ rows: number; total: string; last: string }>(`SELECT count(*)::int AS rows, sum(n)::text AS total, max(hash) AS last FROM growing`);
  const expected = await pglite.query<{ last: string }>(`SELECT max(md5(n::text)) AS last FROM generate_series(1, 200000) AS n`);
  expect(result.rows[0]).toEqual({ rows: 200000, total: String((200000 * 200001) / 2), last: expected.rows[0]?.last });
});
