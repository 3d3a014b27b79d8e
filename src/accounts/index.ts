// What other capabilities, the composition root and the demo data may use of accounts.
export { accountNavigation } from './navigation.js';
export { type PartnerType, partnerTypeLabel, partnerTypeOptions, partnerTypes, partnerTypeValues } from './partner-types.js';
export { type ProviderInvitation, type ProviderInvitationStore } from './provider-invitations.js';
export { findPersonByEmail, type PersonAccount } from './provider-users.js';
export { type Region, regions } from './regions.js';
export { findUserByEmail, insertAnalystScope, insertMembership, insertPartnership, insertUser } from './repository.js';
export { linkBase } from './routes/account.js';
export { accountsRoutes } from './routes/index.js';
export { invitationExpiry, invitationLink, invitationValidDays, newInvitationToken, oneTimePasswordExpiry, oneTimePasswordValidDays } from './rules.js';
export { type AccountsService, createAccountsService } from './service.js';
export { adminHomeTasks } from './home-tasks.js';
