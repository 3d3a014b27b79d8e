/**
 * Starts the compiled service exactly as `npm start` does, on a new embedded database, and
 * checks what a newcomer sees: the demo sign-ins on the console, the sign-in page, a healthy
 * database, a second process refused on the same data folder, and a clean stop on SIGTERM.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rp-smoke-'));
const port = 3917;
const environment = { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'development' };
const server = path.join(root, 'dist', 'src', 'server.js');

function fail(message: string): never {
  console.error(`Start-up check failed: ${message}`);
  process.exit(1);
}

const first = spawn(process.execPath, [server], { env: environment });
let output = '';
first.stdout.on('data', (chunk) => (output += chunk));
first.stderr.on('data', (chunk) => (output += chunk));

const deadline = Date.now() + 120_000;
let healthy = false;
while (!healthy && Date.now() < deadline) {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/health`);
    healthy = response.status === 200 && ((await response.json()) as { database: string }).database === 'up';
  } catch {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
if (!healthy) fail(`the service did not become healthy.\n${output}`);
const signIn = await (await fetch(`http://127.0.0.1:${port}/sign-in`)).text();
if (!signIn.includes('Sign in to Residential Pathways')) fail('the sign-in page is missing');
if (!output.includes('lead@northmoor.example') || !output.includes('demo-lead-password')) fail(`the demo sign-ins were not printed.\n${output}`);

const second = spawn(process.execPath, [server], { env: { ...environment, PORT: String(port + 1) } });
let secondOutput = '';
second.stderr.on('data', (chunk) => (secondOutput += chunk));
const secondExit = await new Promise<number | null>((resolve) => second.once('exit', resolve));
if (secondExit === 0 || !secondOutput.includes('already in use')) fail(`a second process was not refused the data folder (exit ${secondExit}).\n${secondOutput}`);

first.kill('SIGTERM');
const firstExit = await new Promise<number | null>((resolve) => first.once('exit', resolve));
if (firstExit !== 0) fail(`the service did not stop cleanly on SIGTERM (exit ${firstExit}).\n${output}`);
fs.rmSync(dataDir, { recursive: true, force: true });
console.log('Start-up check passed: npm start serves the sign-in page with demo sign-ins, refuses a second process, and stops cleanly.');
