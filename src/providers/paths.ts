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
