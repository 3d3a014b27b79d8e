/** Every address of insight, built in one place. */
export const insightPaths = {
  summary: () => '/pathway/summary',
};
