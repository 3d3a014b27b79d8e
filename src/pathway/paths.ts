/** Every address in the pathway tracker, built in one place. */
export const pathwayPaths = {
  referrals: () => '/referrals',
  newReferral: () => '/referrals/new',
  referral: (referralId: string) => `/referrals/${referralId}`,
  editReferral: (referralId: string) => `/referrals/${referralId}/edit`,
  stage: (referralId: string, stage: string) => `/referrals/${referralId}/stages/${stage}`,
  withdraw: (referralId: string) => `/referrals/${referralId}/withdraw`,
  contacts: (referralId: string) => `/referrals/${referralId}/contacts`,
  reviews: (referralId: string) => `/referrals/${referralId}/reviews`,
  queues: () => '/pathway/queues',
  /** The partnership's figures, served by insight. */
  summary: () => '/pathway/summary',
  settings: () => '/pathway/settings',
  importReferrals: () => '/referrals/import',
  exportCsv: () => '/referrals/export.csv',
  exportXlsx: () => '/referrals/export.xlsx',
  providerPlacements: () => '/your-placements',
  providerPlacement: (referralId: string) => `/your-placements/${referralId}`,
};
