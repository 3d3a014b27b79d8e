// What the composition root may use of insight: the partnership's figures, read from the pathway through its index.
export { insightNavigation } from './navigation.js';
export { insightRoutes } from './routes/index.js';
