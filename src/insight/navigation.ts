import { readsFigures } from '../pathway/index.js';
import type { AuthContext } from '../platform/auth/context.js';
import type { NavigationLink } from '../platform/web/navigation.js';
import { insightPaths } from './paths.js';

/** Everyone who reads the partnership's figures, and its peer reviewers, reach the dashboard from here. */
export function insightNavigation(auth: AuthContext): NavigationLink[] {
  const role = auth.current?.role;
  const links: NavigationLink[] = readsFigures(role) || role === 'peer_reviewer' ? [{ href: insightPaths.dashboard(), text: 'Figures', order: 20 }] : [];
  // Published figures are imported by lead commissioners (their own area) and administrators (any area).
  if (auth.user.isAdmin || role === 'lead_commissioner') links.push({ href: insightPaths.publishedFigures(), text: 'Published figures', order: 25 });
  return links;
}
