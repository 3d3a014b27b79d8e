import type { AuthContext } from '../platform/auth/context.js';
import type { NavigationLink } from '../platform/web/navigation.js';
import { assessmentPaths } from './paths.js';

export function assessmentNavigation(auth: AuthContext): NavigationLink[] {
  const links: NavigationLink[] = [];
  if (auth.current) links.push({ href: assessmentPaths.list(), text: 'Self-assessments', order: 30 });
  if (auth.user.isAdmin) links.push({ href: assessmentPaths.templates(), text: 'Question banks', order: 120 });
  return links;
}
