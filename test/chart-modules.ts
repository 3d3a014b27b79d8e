import { loadChartModules } from '../src/insight/charts/modules.js';

// Unit tests draw charts directly, without the pages that load the chart modules first.
await loadChartModules();
