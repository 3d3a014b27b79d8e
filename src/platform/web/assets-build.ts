import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { govukFrontendRoot, projectRoot, sourceRoot } from '../paths.js';

/**
 * The static files the service serves under /assets/: govuk-frontend's fonts, images, styles
 * and scripts, and the service's own. The build copies them into one folder with brotli and
 * gzip copies beside each text file, so a compiled service sends a compressed file without
 * compressing it on every request.
 */

/** Where the files come from, in the order a name is looked for. */
export const assetSourceRoots = [path.join(govukFrontendRoot, 'govuk', 'assets'), path.join(govukFrontendRoot, 'govuk'), path.join(sourceRoot, 'platform', 'web', 'assets')];

export const builtAssetsFolder = path.join(projectRoot, 'dist', 'assets');

export function isServedAsset(pathName: string): boolean {
  return /\.(css|mjs|woff2?|png|svg|ico|json)$/.test(pathName) || pathName.endsWith('.min.js');
}

/** Text files shrink; fonts and images are compressed already. */
const compressible = (name: string) => /\.(css|mjs|js|svg|json)$/.test(name);

/**
 * The built folder, when this is the compiled service and the build made it. Under tsx and in
 * tests the files are served from their sources, so a change shows at once.
 */
export function builtAssets(): string | null {
  const compiled = fileURLToPath(import.meta.url).startsWith(path.join(projectRoot, 'dist') + path.sep);
  return compiled && fs.existsSync(builtAssetsFolder) ? builtAssetsFolder : null;
}

function filesUnder(root: string, folder = ''): string[] {
  const here = path.join(root, folder);
  if (!fs.existsSync(here)) return [];
  return fs.readdirSync(here, { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(folder, entry.name);
    return entry.isDirectory() ? filesUnder(root, relative) : [relative];
  });
}

/** Copies every served file into one folder (the first root with a name wins, as when serving) with .br and .gz copies of text files. */
export function buildAssets(roots: readonly string[] = assetSourceRoots, into: string = builtAssetsFolder): { files: number; compressed: number } {
  fs.rmSync(into, { recursive: true, force: true });
  let files = 0;
  let compressed = 0;
  for (const root of roots) {
    for (const relative of filesUnder(root)) {
      const target = path.join(into, relative);
      if (!isServedAsset(relative.split(path.sep).join('/')) || fs.existsSync(target)) continue;
      fs.mkdirSync(path.dirname(target), { recursive: true });
      const content = fs.readFileSync(path.join(root, relative));
      fs.writeFileSync(target, content);
      files += 1;
      if (!compressible(relative)) continue;
      fs.writeFileSync(`${target}.br`, zlib.brotliCompressSync(content, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: content.length } }));
      fs.writeFileSync(`${target}.gz`, zlib.gzipSync(content, { level: 9 }));
      compressed += 1;
    }
  }
  return { files, compressed };
}
