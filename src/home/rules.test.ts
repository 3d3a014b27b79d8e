import { describe, expect, it } from 'vitest';
import type { HomeTask } from '../platform/web/home-tasks.js';
import { homeAudience, orderTasks } from './rules.js';
import { homeTaskLists } from './view-model.js';

const task = (key: string, urgency: HomeTask['urgency'], count: number | null = 1, partnership?: HomeTask['partnership']): HomeTask => ({
  key,
  label: key,
  count,
  href: `/${key}`,
  urgency,
  ...(partnership ? { partnership } : {}),
});

const person = (role: 'lead_commissioner' | 'contributor' | 'peer_reviewer' | 'viewer' | 'pathway_staff' | null, extra: Partial<Parameters<typeof homeAudience>[0]> = {}) => ({
  user: { isAdmin: false },
  current: role ? { role } : null,
  memberships: role ? [{ role, partnershipId: 'p1', partnershipName: 'Northmoor' }] : [],
  providerIds: [],
  ...extra,
});

describe('orderTasks', () => {
  it('puts safety first, then overdue, then due soon, then ways in, keeping the given order within each', () => {
    const ordered = orderTasks([task('info', 'information', null), task('due-a', 'due'), task('late', 'overdue'), task('due-b', 'due'), task('safe', 'safety')]);
    expect(ordered.map((line) => line.key)).toEqual(['safe', 'late', 'due-a', 'due-b', 'info']);
  });

  it('leaves out a line with nothing in it, but keeps ways in that have no count', () => {
    expect(orderTasks([task('none', 'overdue', 0), task('way-in', 'information', null)]).map((line) => line.key)).toEqual(['way-in']);
  });
});

describe('homeAudience', () => {
  it('gives the pathway’s safety items to pathway staff and the lead, and to nobody else', () => {
    expect(homeAudience(person('pathway_staff')).pathway).toBe(true);
    expect(homeAudience(person('lead_commissioner')).pathway).toBe(true);
    for (const role of ['contributor', 'viewer', 'peer_reviewer'] as const) expect(homeAudience(person(role)).pathway, role).toBe(false);
  });

  it('gives commissioning alerts to the lead only, figures to viewers only, and assessment lines to lead, contributor and viewer', () => {
    expect(homeAudience(person('lead_commissioner')).commissioning).toBe(true);
    expect(homeAudience(person('viewer')).commissioning).toBe(false);
    expect(homeAudience(person('viewer')).figures).toBe(true);
    expect(homeAudience(person('contributor')).figures).toBe(false);
    expect(homeAudience(person('contributor')).assessmentRole).toBe('contributor');
    expect(homeAudience(person('pathway_staff')).assessmentRole).toBeNull();
    expect(homeAudience(person('peer_reviewer')).assessmentRole).toBeNull();
  });

  it('finds every partnership where the person is a peer reviewer, whichever one they are working in', () => {
    const audience = homeAudience({
      user: { isAdmin: false },
      current: { role: 'lead_commissioner' },
      memberships: [
        { role: 'lead_commissioner', partnershipId: 'east', partnershipName: 'Eastfield' },
        { role: 'peer_reviewer', partnershipId: 'north', partnershipName: 'Northmoor' },
      ],
      providerIds: [],
    });
    expect(audience.peerReviewPartnerships).toEqual([{ id: 'north', name: 'Northmoor' }]);
    expect(audience.commissioning).toBe(true);
  });

  it('gives administrators and provider accounts their own lines without a partnership', () => {
    expect(homeAudience(person(null, { user: { isAdmin: true } })).admin).toBe(true);
    expect(homeAudience(person(null, { providerIds: ['prov'] })).providerIds).toEqual(['prov']);
    expect(homeAudience(person(null)).assessmentRole).toBeNull();
  });
});

describe('homeTaskLists', () => {
  it('splits work from ways in, tags each by urgency, and offers a change of partnership instead of a link that would not work', () => {
    const lists = homeTaskLists(
      [task('here', 'due', 1, { id: 'north', name: 'Northmoor' }), task('there', 'due', 1, { id: 'west', name: 'Westvale' }), task('info', 'information', null), task('risk', 'safety')],
      'north',
    );
    expect(lists.urgent.map((line) => line.key)).toEqual(['risk', 'here', 'there']);
    expect(lists.urgent[0]?.tag?.text).toBe('Urgent');
    expect(lists.urgent[1]).toMatchObject({ href: '/here', switchTo: null, tag: { text: 'Due soon' } });
    expect(lists.urgent[2]).toMatchObject({ href: null, switchTo: { id: 'west', name: 'Westvale' } });
    expect(lists.waysIn).toEqual([expect.objectContaining({ key: 'info', tag: null })]);
  });
});
