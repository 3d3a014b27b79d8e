/** Every address of insight, built in one place. */
export const insightPaths = {
  summary: () => '/pathway/summary',
  dashboard: () => '/insight',
  dashboardData: (table: string, format: string) => `/insight/data/${table}/${format}`,
  target: () => '/insight/target',
  funnel: () => '/insight/funnel',
  funnelData: (table: string, format: string) => `/insight/funnel/data/${table}/${format}`,
  comparisons: () => '/insight/comparisons',
  comparisonsData: (table: string, format: string) => `/insight/comparisons/data/${table}/${format}`,
  comparators: () => '/insight/comparisons/areas',
  // Published figures (NDTMS-style aggregate statistics) and their imports.
  publishedFigures: () => '/insight/published-figures',
  publishedFiguresExample: () => '/insight/published-figures/example.csv',
  publishedFiguresImport: (id = ':importId') => `/insight/published-figures/imports/${id}`,
};
