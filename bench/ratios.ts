import { measureHttpRatios } from './http-ratios.js';
import { measureStartup } from './startup.js';
import { printSummary } from './summary.js';

/**
 * npm run bench:ratios: only start-up, idle memory and the service's pages beside the bare page
 * (the quick part of npm run bench). Needs npm run build first; BENCH_DATABASE_URL adds PostgreSQL.
 */
const postgresUrl = process.env.BENCH_DATABASE_URL;
let met = await measureStartup(postgresUrl);
met = (await measureHttpRatios(undefined)) && met;
if (postgresUrl) met = (await measureHttpRatios(postgresUrl)) && met;
printSummary();
console.log(met ? '\nAll targets met.' : '\nSome targets were missed (marked above).');
process.exitCode = met ? 0 : 1;
