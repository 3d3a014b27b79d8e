// What the composition root may use of the regional capability: analysts' pages and the sharing setting.
// Regional reads insight and the self-assessment through their index; neither may import regional.
export { regionalNavigation } from './navigation.js';
export { regionalPaths } from './paths.js';
export { applyFigureSharing, changeFigureSharing } from './service.js';
export { regionalRoutes } from './routes/index.js';
