import { readsFigures, worksRecords } from '../pathway/index.js';
import type { AuthContext } from '../platform/auth/context.js';
import type { NavigationLink } from '../platform/web/navigation.js';
import { insightPaths } from './paths.js';

/** People who work records reach the figures from the referrals pages; the others from here. */
export function insightNavigation(auth: AuthContext): NavigationLink[] {
  const role = auth.current?.role;
  const links: NavigationLink[] = readsFigures(role) && !worksRecords(role) ? [{ href: insightPaths.summary(), text: 'Pathway summary', order: 20 }] : [];
  // Published figures are imported by lead commissioners (their own area) and administrators (any area).
  if (auth.user.isAdmin || role === 'lead_commissioner') links.push({ href: insightPaths.publishedFigures(), text: 'Published figures', order: 25 });
  return links;
}
