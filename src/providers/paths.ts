/**
 * Every address in the provider directory and commissioning pages, built in one place.
 * The search page's query parameters: kind, approach, specialism, region, maxCost (pounds a
 * week), rating (minimum: outstanding | good | requires_improvement), maxWait (weeks),
 * detox=yes, access (step_free | adapted_rooms), sort (name | cost | wait | outcome), page.
 */
export const providerPaths = {
  search: () => '/services',
  searchCsv: () => '/services/export.csv',
  searchXlsx: () => '/services/export.xlsx',
  /** The search result in the Open Referral UK standard (JSON); `page` gives the next thousand. */
  searchOpenReferral: () => '/services/open-referral.json',
  service: (serviceId: string) => `/services/${serviceId}`,
  editService: (serviceId: string) => `/services/${serviceId}/edit`,
  newService: () => '/services/new',
  servicePacks: (serviceId: string) => `/services/${serviceId}/packs`,
  providers: () => '/admin/providers',
  provider: (providerId: string) => `/admin/providers/${providerId}`,
  yourServices: () => '/your-services',
  importServices: () => '/admin/services/import',
  contracts: () => '/commissioning/contracts',
  newContract: () => '/commissioning/contracts/new',
  contract: (contractId: string) => `/commissioning/contracts/${contractId}`,
  preferred: () => '/commissioning/preferred',
  preferredService: (preferredId: string) => `/commissioning/preferred/${preferredId}`,
  newPreferredReview: (preferredId: string) => `/commissioning/preferred/${preferredId}/reviews/new`,
};

/** Addresses of the commissioning pages beyond the ones navigation and the home page link to. */
export const commissioningPaths = {
  editContract: (contractId: string) => `/commissioning/contracts/${contractId}/edit`,
  deleteContract: (contractId: string) => `/commissioning/contracts/${contractId}/delete`,
  newPreferred: () => '/commissioning/preferred/new',
  removePreferred: (preferredId: string) => `/commissioning/preferred/${preferredId}/remove`,
  review: (preferredId: string, reviewId: string) => `/commissioning/preferred/${preferredId}/reviews/${reviewId}`,
  deleteReview: (preferredId: string, reviewId: string) => `/commissioning/preferred/${preferredId}/reviews/${reviewId}/delete`,
  /** This partnership's contracts, preferred status and notes for one service; the directory's service page links here. */
  serviceCommissioning: (serviceId: string) => `/services/${serviceId}/commissioning`,
  notes: (serviceId: string) => `/services/${serviceId}/commissioning/notes`,
  deleteNote: (serviceId: string, noteId: string) => `/services/${serviceId}/commissioning/notes/${noteId}/delete`,
};

/** Addresses of the directory's management pages; templates reach them as `adminPaths`. */
export const directoryAdminPaths = {
  newProvider: () => '/admin/providers/new',
  editProvider: (providerId: string) => `/admin/providers/${providerId}/edit`,
  newProviderAccount: (providerId: string) => `/admin/providers/${providerId}/accounts/new`,
  removeProviderAccount: (providerId: string, userId: string) => `/admin/providers/${providerId}/accounts/${userId}/remove`,
  withdrawProviderInvitation: (providerId: string, invitationId: string) => `/admin/providers/${providerId}/invitations/${invitationId}/withdraw`,
  newServiceFor: (providerId: string) => `/services/new?provider=${providerId}`,
  newPack: (serviceId: string) => `/services/${serviceId}/packs/new`,
  pack: (serviceId: string, packId: string) => `/services/${serviceId}/packs/${packId}`,
  deletePack: (serviceId: string, packId: string) => `/services/${serviceId}/packs/${packId}/delete`,
};

/** Live bed availability: a provider account's one-step form, and the commissioners' list of space today. */
export const bedPaths = {
  serviceBeds: (serviceId: string) => `/your-services/${serviceId}/beds`,
  spaceToday: () => '/commissioning/space-today',
};

export const serviceImportPaths = {
  example: () => '/admin/services/import/example.csv',
};

/** The feedback page belongs to home; the service page links to it. */
export const feedbackPath = () => '/feedback';
