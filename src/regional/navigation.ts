import type { AuthContext } from '../platform/auth/context.js';
import type { NavigationLink } from '../platform/web/navigation.js';
import { regionalPaths } from './paths.js';

/** Analysts reach their figures from here; a lead commissioner reaches the sharing setting. */
export function regionalNavigation(auth: AuthContext): NavigationLink[] {
  if (auth.analystScope) return [{ href: regionalPaths.league(), text: 'Regional figures', order: 20 }];
  if (auth.current?.role === 'lead_commissioner') return [{ href: regionalPaths.sharing(), text: 'Sharing', order: 27 }];
  return [];
}
