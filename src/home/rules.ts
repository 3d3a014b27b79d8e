import type { MembershipSummary } from '../platform/auth/context.js';
import type { Role } from '../platform/db/schema.js';
import { type HomeTask, homeTaskUrgencies } from '../platform/web/home-tasks.js';

/**
 * Which lines each person's home page has, and in what order: the rules of the home page as
 * plain functions (tested in rules.test.ts). Each person sees only work they can act on.
 */

export interface HomeAudience {
  /** The pathway's safety items: pathway staff, and the lead commissioner in summary. */
  pathway: boolean;
  /** The self-assessment lines for this role in the current partnership (lead, contributor, viewer), or null. */
  assessmentRole: Role | null;
  /** Contract and preferred-list alerts: the lead commissioner, who runs commissioning. */
  commissioning: boolean;
  /** Ways in to the partnership's figures: viewers, who read but do not change. */
  figures: boolean;
  /** Partnerships where the person is a peer reviewer, whichever one they are working in now. */
  peerReviewPartnerships: Array<{ id: string; name: string }>;
  /** The service administrator's lines. */
  admin: boolean;
  /** Providers whose placements this person records (a provider account). */
  providerIds: string[];
}

interface Person {
  user: { isAdmin: boolean };
  current: Pick<MembershipSummary, 'role'> | null;
  memberships: ReadonlyArray<Pick<MembershipSummary, 'role' | 'partnershipId' | 'partnershipName'>>;
  providerIds: readonly string[];
}

export function homeAudience(person: Person): HomeAudience {
  const role = person.current?.role ?? null;
  return {
    pathway: role === 'pathway_staff' || role === 'lead_commissioner',
    assessmentRole: role === 'lead_commissioner' || role === 'contributor' || role === 'viewer' ? role : null,
    commissioning: role === 'lead_commissioner',
    figures: role === 'viewer',
    peerReviewPartnerships: person.memberships
      .filter((membership) => membership.role === 'peer_reviewer')
      .map((membership) => ({ id: membership.partnershipId, name: membership.partnershipName })),
    admin: person.user.isAdmin,
    providerIds: [...person.providerIds],
  };
}

const rank = (task: HomeTask) => homeTaskUrgencies.indexOf(task.urgency);

/**
 * The lines to show, most urgent first (a risk to someone's safety, then what is late, then what
 * is due soon, then ways in); lines of the same urgency keep the order they were given in. A
 * count of nothing is not shown at all.
 */
export function orderTasks(tasks: readonly HomeTask[]): HomeTask[] {
  return tasks
    .filter((task) => task.count !== 0)
    .map((task, index) => ({ task, index }))
    .sort((a, b) => rank(a.task) - rank(b.task) || a.index - b.index)
    .map(({ task }) => task);
}

/** A viewer's ways in to the latest figures. */
export function figureTasks(): HomeTask[] {
  return [
    {
      key: 'figures.where-you-stand',
      label: 'Latest figures: where your partnership stands against its target, region and England',
      count: null,
      href: '/insight',
      urgency: 'information',
    },
    { key: 'figures.pathway-summary', label: 'Pathway summary: every pathway measure in detailed tables', count: null, href: '/pathway/summary', urgency: 'information' },
  ];
}
