import { readsFigures, worksRecords } from '../pathway/index.js';
import type { AuthContext } from '../platform/auth/context.js';
import type { NavigationLink } from '../platform/web/navigation.js';
import { insightPaths } from './paths.js';

/** People who work records reach the figures from the referrals pages; the others from here. */
export function insightNavigation(auth: AuthContext): NavigationLink[] {
  const role = auth.current?.role;
  return readsFigures(role) && !worksRecords(role) ? [{ href: insightPaths.summary(), text: 'Pathway summary', order: 20 }] : [];
}
