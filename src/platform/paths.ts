import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findProjectRoot(start: string): string {
  let directory = start;
  while (!fs.existsSync(path.join(directory, 'package.json'))) {
    const parent = path.dirname(directory);
    if (parent === directory) throw new Error(`No package.json above ${start}`);
    directory = parent;
  }
  return directory;
}

/** The project folder, whether running from src/ (tsx, vitest) or dist/ (compiled). */
export const projectRoot = findProjectRoot(path.dirname(fileURLToPath(import.meta.url)));
export const sourceRoot = path.join(projectRoot, 'src');
export const govukFrontendRoot = path.join(projectRoot, 'node_modules', 'govuk-frontend', 'dist');
