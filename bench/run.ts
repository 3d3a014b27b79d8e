import { measureAssessment } from './assessment.js';
import { measureHttpRatios } from './http-ratios.js';
import { measurePathway } from './pathway.js';
import { measureProviders } from './providers.js';
import { measureSoak } from './soak.js';
import { measureStartup } from './startup.js';
import { printSummary } from './summary.js';

/**
 * npm run bench: speed and memory against targets. Set BENCH_DATABASE_URL (a PostgreSQL role
 * that may create databases) to measure PostgreSQL as well as the embedded database, for
 * example: bash scripts/with-postgres.sh bash -c 'BENCH_DATABASE_URL=$TEST_DATABASE_URL npm run bench'
 */
const postgresUrl = process.env.BENCH_DATABASE_URL;
let met = await measureStartup(postgresUrl);
// The service's pages beside a bare page of the same shape: ratios, measured before the big data sets load the machine.
met = (await measureHttpRatios(undefined)) && met;
if (postgresUrl) met = (await measureHttpRatios(postgresUrl)) && met;
met = (await measureAssessment(undefined)) && met;
if (postgresUrl) met = (await measureAssessment(postgresUrl)) && met;
met = (await measureProviders(undefined)) && met;
if (postgresUrl) met = (await measureProviders(postgresUrl)) && met;
met = (await measurePathway(undefined)) && met;
if (postgresUrl) met = (await measurePathway(postgresUrl)) && met;
// The soak is a multi-user load, which only PostgreSQL deployments serve.
if (postgresUrl) met = (await measureSoak(postgresUrl)) && met;
printSummary();
console.log(met ? '\nAll targets met.' : '\nSome targets were missed (marked above).');
process.exitCode = met ? 0 : 1;
