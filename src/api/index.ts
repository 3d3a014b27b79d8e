// What the composition root may use of the JSON API: its routes (in their own context, without
// sessions), the lead commissioner's token pages (with the other pages), its navigation link and
// its token service.
export { apiNavigation } from './navigation.js';
export { apiRoutes } from './routes/index.js';
export { apiTokenPages } from './routes/tokens.js';
export { type ApiTokenService, createApiTokenService } from './token-service.js';
