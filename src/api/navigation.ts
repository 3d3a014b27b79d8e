import type { AuthContext } from '../platform/auth/context.js';
import type { NavigationLink } from '../platform/web/navigation.js';

export function apiNavigation(auth: AuthContext): NavigationLink[] {
  return auth.current?.role === 'lead_commissioner' ? [{ href: '/api-tokens', text: 'API tokens', order: 85 }] : [];
}
