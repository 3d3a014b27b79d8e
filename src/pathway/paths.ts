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

/** Addresses of the referral record's smaller pages; templates get them as `referralPaths`. */
export const referralPaths = {
  review: (referralId: string, reviewId: string) => `/referrals/${referralId}/reviews/${reviewId}`,
  aftercarePlan: (referralId: string) => `/referrals/${referralId}/aftercare-plan`,
  referrerTold: (referralId: string) => `/referrals/${referralId}/referrer-told`,
  referrerAlert: (referralId: string) => `/referrals/${referralId}/referrer-alert`,
};

/** Addresses of the import page's downloads; templates get them as `importExportPaths`. */
export const importExportPaths = {
  example: () => '/referrals/import/example.csv',
};

/** Addresses of what a provider records about a placement; templates get them as `placementPaths`. */
export const placementPaths = {
  admission: (referralId: string) => `/your-placements/${referralId}/admission`,
  discharge: (referralId: string) => `/your-placements/${referralId}/discharge`,
  referrerTold: (referralId: string) => `/your-placements/${referralId}/referrer-told`,
  review: (referralId: string, reviewId: string) => `/your-placements/${referralId}/reviews/${reviewId}`,
};

/** Placement requests: pathway staff send them from a referral; a provider account answers them. Templates get them as `placementRequestPaths`. */
export const placementRequestPaths = {
  newRequest: (referralId: string) => `/referrals/${referralId}/placement-requests/new`,
  providerRequests: () => '/placement-requests',
  providerRequest: (requestId: string) => `/placement-requests/${requestId}`,
};
