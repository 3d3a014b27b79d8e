export { homeNavigation } from './navigation.js';
export { homeRoutes } from './routes/index.js';
