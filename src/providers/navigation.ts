import type { AuthContext } from '../platform/auth/context.js';
import type { NavigationLink } from '../platform/web/navigation.js';
import { providerPaths } from './paths.js';

export function providerNavigation(auth: AuthContext): NavigationLink[] {
  const links: NavigationLink[] = [{ href: providerPaths.search(), text: 'Services', order: 40 }];
  // Commissioning is the partnership's own business, so peer reviewers from another area do not see it.
  if (auth.current && auth.current.role !== 'peer_reviewer') links.push({ href: providerPaths.contracts(), text: 'Commissioning', order: 50 });
  if (auth.providerIds.length) links.push({ href: providerPaths.yourServices(), text: 'Your services', order: 60 });
  if (auth.user.isAdmin) links.push({ href: providerPaths.providers(), text: 'Providers', order: 110 });
  return links;
}
