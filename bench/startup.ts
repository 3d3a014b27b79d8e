import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../src/platform/paths.js';
import { prepareDatabase } from '../src/prepare-database.js';
import { openBenchDatabase } from './databases.js';

interface StartResult {
  label: string;
  secondsToHealthy: number;
  idleRssMb: number;
  peakRssMb: number;
}

function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

async function waitForHealth(port: number, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the service did not become healthy in time');
}

/** Starts the compiled service as `npm start` does and times it until /health answers. */
async function startOnce(label: string, environment: NodeJS.ProcessEnv, port: number): Promise<StartResult> {
  const started = Date.now();
  const child = spawn(process.execPath, [path.join(projectRoot, 'dist', 'src', 'server.js')], {
    env: { ...process.env, ...environment, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitForHealth(port, started + 120_000);
    const secondsToHealthy = (Date.now() - started) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 3000)); // settle to idle
    const memory = memoryOf(child.pid as number);
    return { label, secondsToHealthy, idleRssMb: memory.rssMb, peakRssMb: memory.peakMb };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

export async function measureStartup(postgresUrl: string | undefined): Promise<boolean> {
  if (!fs.existsSync(path.join(projectRoot, 'dist', 'src', 'server.js'))) throw new Error('Run npm run build first');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rp-bench-start-'));
  const results: StartResult[] = [];
  try {
    results.push(await startOnce('Embedded database, first start (create, migrate, demo data)', { DATA_DIR: dataDir }, 3901));
    results.push(await startOnce('Embedded database, later start', { DATA_DIR: dataDir }, 3902));
    if (postgresUrl) {
      const database = await openBenchDatabase(postgresUrl);
      try {
        await prepareDatabase(database.db);
        results.push(await startOnce('PostgreSQL (already migrated)', { DATABASE_URL: database.url }, 3903));
      } finally {
        await database.close();
      }
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  console.log('\nStart-up and memory (compiled service, as npm start runs it)');
  console.log(`${'start'.padEnd(62)} ${'healthy'.padStart(8)} ${'idle RSS'.padStart(9)} ${'peak RSS'.padStart(9)}`);
  let met = true;
  for (const result of results) {
    // Targets: a later start within 5 s and under 600 MB at idle; the first start may initialise PGlite.
    const first = result.label.includes('first start');
    const ok = result.secondsToHealthy <= (first ? 30 : 5) && result.idleRssMb <= (first ? 1200 : 600);
    met &&= ok;
    console.log(
      `${result.label.padEnd(62)} ${result.secondsToHealthy.toFixed(2).padStart(7)}s ${result.idleRssMb.toFixed(0).padStart(6)} MB ${result.peakRssMb
        .toFixed(0)
        .padStart(6)} MB  ${ok ? 'ok' : 'OVER TARGET'}`,
    );
  }
  return met;
}
