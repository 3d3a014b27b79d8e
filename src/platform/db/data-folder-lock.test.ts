import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmbeddedDatabase, DataFolderInUseError, lockStaleMs } from './connect.js';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
});

function emptyFolder() {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'rp-stale-lock-'));
  folders.push(folder);
  return folder;
}

/** Leaves the folder as a process that crashed a moment ago would: a fresh lock and its owner. */
function leaveLock(folder: string, owner: { pid: number; hostname: string } | null) {
  fs.mkdirSync(path.join(folder, 'residential-pathways.lock'));
  if (owner) fs.writeFileSync(path.join(folder, 'residential-pathways.lock.owner'), JSON.stringify(owner));
}

/** The id of a process that has certainly ended. */
function endedProcessId(): number {
  return Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }));
}

describe('a lock left on the data folder', () => {
  it('is cleared at once when the process that held it is gone', async () => {
    const folder = emptyFolder();
    leaveLock(folder, { pid: endedProcessId(), hostname: os.hostname() });
    const database = await createEmbeddedDatabase(folder);
    try {
      const owner = JSON.parse(fs.readFileSync(path.join(folder, 'residential-pathways.lock.owner'), 'utf8'));
      expect(owner).toEqual({ pid: process.pid, hostname: os.hostname() });
    } finally {
      await database.close();
    }
    expect(fs.existsSync(path.join(folder, 'residential-pathways.lock.owner'))).toBe(false);
  }, 60_000);

  it('names the running process that holds it', async () => {
    const folder = emptyFolder();
    leaveLock(folder, { pid: process.pid === 1 ? 2 : 1, hostname: os.hostname() });
    const opening = createEmbeddedDatabase(folder);
    await expect(opening).rejects.toThrow(DataFolderInUseError);
    await expect(opening).rejects.toThrow(/process 1 on this computer/);
  });

  it('says how long until it clears when it cannot tell whether the holder is running', async () => {
    const folder = emptyFolder();
    leaveLock(folder, { pid: endedProcessId(), hostname: 'another-computer' });
    const opening = createEmbeddedDatabase(folder);
    await expect(opening).rejects.toThrow(/process \d+ on another-computer/);
    const seconds = Number(/clears itself within (\d+) seconds/.exec(await opening.then(() => '', (error: Error) => error.message))?.[1]);
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(lockStaleMs / 1000);

    const unknown = emptyFolder();
    leaveLock(unknown, null);
    await expect(createEmbeddedDatabase(unknown)).rejects.toThrow(/another process\).*stale and clears itself within \d+ seconds/);
  });
});
