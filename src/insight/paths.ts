/** Every address of insight, built in one place. */
export const insightPaths = {
  summary: () => '/pathway/summary',
  // Published figures (NDTMS-style aggregate statistics) and their imports.
  publishedFigures: () => '/insight/published-figures',
  publishedFiguresExample: () => '/insight/published-figures/example.csv',
  publishedFiguresImport: (id = ':importId') => `/insight/published-figures/imports/${id}`,
};
