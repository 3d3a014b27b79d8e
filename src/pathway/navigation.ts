import type { AuthContext } from '../platform/auth/context.js';
import type { NavigationLink } from '../platform/web/navigation.js';
import { worksRecords } from './access.js';
import { pathwayPaths, placementRequestPaths } from './paths.js';

export function pathwayNavigation(auth: AuthContext): NavigationLink[] {
  const links: NavigationLink[] = [];
  const role = auth.current?.role;
  if (worksRecords(role)) links.push({ href: pathwayPaths.referrals(), text: 'Referrals', order: 20 });
  if (auth.providerIds.length) links.push({ href: pathwayPaths.providerPlacements(), text: 'Your placements', order: 70 });
  if (auth.providerIds.length) links.push({ href: placementRequestPaths.providerRequests(), text: 'Placement requests', order: 71 });
  return links;
}
