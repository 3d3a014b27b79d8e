import type * as PlotModule from '@observablehq/plot';
import type * as LinkedomModule from 'linkedom';

/**
 * Observable Plot and linkedom take about half a second to load, so they are loaded when the
 * first page with a chart is asked for (the figures pages' plugins await `loadChartModules`
 * before their handlers run), not when the service starts.
 */

let modules: { plot: typeof PlotModule; linkedom: typeof LinkedomModule } | null = null;
let loading: Promise<void> | null = null;

export function loadChartModules(): Promise<void> {
  loading ??= Promise.all([import('@observablehq/plot'), import('linkedom')]).then(([plot, linkedom]) => {
    modules = { plot, linkedom };
  });
  return loading;
}

function loaded(): NonNullable<typeof modules> {
  if (!modules) throw new Error('Charts are drawn only after loadChartModules() has finished');
  return modules;
}

/** Observable Plot, once loaded. */
export function plot(): typeof PlotModule {
  return loaded().plot;
}

/** linkedom's parser, once loaded. */
export function parseHtml(markup: string): ReturnType<typeof LinkedomModule.parseHTML> {
  return loaded().linkedom.parseHTML(markup);
}
