/** Every address of the regional capability, built in one place. */
export const regionalPaths = {
  league: () => '/regional',
  compare: () => '/regional/compare',
  selfAssessment: () => '/regional/self-assessment',
  data: (table: string) => `/regional/data/${table}/csv`,
  sharing: () => '/regional/sharing',
};
