import type { AuthContext } from '../platform/auth/context.js';
import type { NavigationLink } from '../platform/web/navigation.js';

export function accountNavigation(auth: AuthContext): NavigationLink[] {
  const links: NavigationLink[] = [];
  if (auth.current?.role === 'lead_commissioner') {
    links.push({ href: '/people', text: 'People', order: 80 }, { href: '/audit', text: 'Audit log', order: 90 });
  }
  if (auth.user.isAdmin) links.push({ href: '/admin/partnerships', text: 'Partnerships', order: 100 }, { href: '/admin/analysts', text: 'Analysts', order: 105 });
  return links;
}
