import type { AuthContext } from '../platform/auth/context.js';
import type { NavigationLink } from '../platform/web/navigation.js';
import { pathwayPaths } from './paths.js';

export function pathwayNavigation(auth: AuthContext): NavigationLink[] {
  const links: NavigationLink[] = [];
  // Peer reviewers come from another area and never see this partnership's records.
  if (auth.current && auth.current.role !== 'peer_reviewer') links.push({ href: pathwayPaths.referrals(), text: 'Referrals', order: 20 });
  if (auth.providerIds.length) links.push({ href: pathwayPaths.providerPlacements(), text: 'Your placements', order: 70 });
  return links;
}
