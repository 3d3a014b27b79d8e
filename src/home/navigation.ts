import type { NavigationLink } from '../platform/web/navigation.js';

export function homeNavigation(): NavigationLink[] {
  return [{ href: '/', text: 'Home', order: 10 }];
}
