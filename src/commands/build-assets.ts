import { buildAssets, builtAssetsFolder } from '../platform/web/assets-build.js';

// Run by `npm run build`: the static files in one folder, with brotli and gzip copies.
const { files, compressed } = buildAssets();
console.log(`Built ${files} static files into ${builtAssetsFolder} (${compressed} with brotli and gzip copies).`);
