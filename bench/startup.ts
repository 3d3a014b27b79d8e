import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../src/platform/paths.js';
import { prepareDatabase } from '../src/prepare-database.js';
import { openBenchDatabase } from './databases.js';
import { summarise } from './summary.js';

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

/** A start's limits; a limit left out is not a target for that start. */
interface Limits {
  maxSeconds?: number;
  maxIdleMb?: number;
}

/** What the compiled service needs to start with production settings (it then seeds no demo data). */
function productionSettings(port: number): NodeJS.ProcessEnv {
  return { NODE_ENV: 'production', SESSION_SECRET: crypto.randomBytes(32).toString('hex'), PUBLIC_URL: `http://127.0.0.1:${port}` };
}

export async function measureStartup(postgresUrl: string | undefined): Promise<boolean> {
  if (!fs.existsSync(path.join(projectRoot, 'dist', 'src', 'server.js'))) throw new Error('Run npm run build first');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rp-bench-start-'));
  const results: Array<StartResult & Limits & { database: string }> = [];
  try {
    // The first start is a laptop's `npm start`: it creates the folder and loads the demo data.
    results.push({
      ...(await startOnce('Embedded database, first start (create, migrate, demo data)', { DATA_DIR: dataDir }, 3901)),
      database: 'embedded database',
      maxSeconds: 30,
      maxIdleMb: 1200,
    });
    // Later starts are a deployment's: production settings, a database that already exists.
    results.push({
      ...(await startOnce('Embedded database, later start (production settings)', { DATA_DIR: dataDir, ...productionSettings(3902) }, 3902)),
      database: 'embedded database',
      maxSeconds: 2,
      maxIdleMb: 600,
    });
    if (postgresUrl) {
      const database = await openBenchDatabase(postgresUrl);
      try {
        await prepareDatabase(database.db);
        results.push({
          ...(await startOnce('PostgreSQL, later start (already migrated, production settings)', { DATABASE_URL: database.url, ...productionSettings(3903) }, 3903)),
          database: 'PostgreSQL',
          maxSeconds: 5,
          maxIdleMb: 150,
        });
      } finally {
        await database.close();
      }
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  console.log('\nStart-up and memory (compiled service, as npm start runs it; idle RSS 3 s after /health first answers)');
  console.log(`${'start'.padEnd(66)} ${'healthy'.padStart(8)} ${'target'.padStart(8)} ${'idle RSS'.padStart(9)} ${'target'.padStart(9)} ${'peak RSS'.padStart(9)}  ok`);
  let met = true;
  for (const result of results) {
    const fastEnough = result.maxSeconds === undefined || result.secondsToHealthy < result.maxSeconds;
    const smallEnough = result.maxIdleMb === undefined || result.idleRssMb < result.maxIdleMb;
    met &&= fastEnough && smallEnough;
    console.log(
      `${result.label.padEnd(66)} ${result.secondsToHealthy.toFixed(2).padStart(7)}s ${(result.maxSeconds === undefined ? '-' : `< ${result.maxSeconds} s`).padStart(8)} ${result.idleRssMb
        .toFixed(0)
        .padStart(6)} MB ${(result.maxIdleMb === undefined ? '-' : `< ${result.maxIdleMb} MB`).padStart(9)} ${result.peakRssMb.toFixed(0).padStart(6)} MB  ${
        fastEnough && smallEnough ? 'yes' : 'NO'
      }`,
    );
    if (result.label.includes('later start')) {
      summarise({ measure: `Later start, ${result.database}`, figure: `${result.secondsToHealthy.toFixed(2)} s`, target: `< ${result.maxSeconds} s`, met: fastEnough });
      summarise({ measure: `Idle memory (RSS), ${result.database}`, figure: `${result.idleRssMb.toFixed(0)} MB`, target: `< ${result.maxIdleMb} MB`, met: smallEnough });
    }
  }
  return met;
}
