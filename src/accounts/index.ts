// What other capabilities, the composition root and the demo data may use of accounts.
export { accountNavigation } from './navigation.js';
export { type PartnerType, partnerTypeLabel, partnerTypeOptions, partnerTypes, partnerTypeValues } from './partner-types.js';
export { createProviderUser, findPersonByEmail, newOneTimePassword, type PersonAccount } from './provider-users.js';
export { type Region, regions } from './regions.js';
export { findUserByEmail, insertMembership, insertPartnership, insertUser } from './repository.js';
export { accountsRoutes } from './routes/index.js';
export { oneTimePasswordExpiry, oneTimePasswordValidDays } from './rules.js';
export { type AccountsService, createAccountsService } from './service.js';
