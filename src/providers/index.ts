// What other capabilities, the composition root and the demo data may use of the directory and commissioning.
export { type BedService, createBedService } from './bed-service.js';
export { type CommissioningService, createCommissioningService } from './commissioning-service.js';
export { type DirectoryService, createDirectoryService } from './directory-service.js';
export { searchServices, serviceValues } from './directory-repository.js';
export { providerInvitationStore } from './invitation-repository.js';
export { providerNavigation } from './navigation.js';
export { providerRoutes } from './routes/index.js';
export { commissioningHomeTasks, directoryAdminHomeTasks } from './home-tasks.js';
