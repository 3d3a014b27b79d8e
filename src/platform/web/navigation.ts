import type { AuthContext } from '../auth/context.js';

/** One link in the service navigation; `order` places it among every capability's links. */
export interface NavigationLink {
  href: string;
  text: string;
  order: number;
}

/** What a capability adds to the service navigation for the signed-in person. */
export type NavigationContribution = (auth: AuthContext) => NavigationLink[];

export interface NavigationItem {
  href: string;
  text: string;
  active: boolean;
}

export function navigationItems(contributions: readonly NavigationContribution[], auth: AuthContext | null, url: string): NavigationItem[] {
  if (!auth) return [];
  const pathOnly = url.split('?')[0] ?? '/';
  return contributions
    .flatMap((contribution) => contribution(auth))
    .sort((a, b) => a.order - b.order)
    .map(({ href, text }) => ({ href, text, active: href === '/' ? pathOnly === '/' : pathOnly.startsWith(href) }));
}
