import { roleHints, roleLabel, roleLabels } from '../../platform/auth/roles.js';
import type { Role } from '../../platform/db/schema.js';
import { regions } from '../regions.js';

export function roleOptions(selected: unknown) {
  return (Object.keys(roleLabels) as Role[]).map((role) => ({
    value: role,
    text: roleLabels[role],
    hint: { text: roleHints[role] },
    checked: role === selected,
  }));
}

export function regionOptions(selected: unknown) {
  return [{ value: '', text: 'Select a region' }, ...regions.map((region) => ({ value: region, text: region, selected: region === selected }))];
}

/** England or one region: what an analyst compares. */
export function analystScopeOptions(selected: unknown) {
  return [
    { value: 'England', text: 'England', hint: { text: 'Every partnership that shares its figures.' }, checked: selected === 'England' },
    { divider: 'or one region' },
    ...regions.map((region) => ({ value: region, text: region, checked: region === selected })),
  ];
}

/** The page showing a new invitation's link, for the lead commissioner's and the administrators' invitations alike. */
export function invitationSentPage(invited: { email: string; role: Role }, result: { link: string; emailed: boolean; emailFailed: boolean }, extra: Record<string, unknown> = {}) {
  return {
    pageTitle: 'Invitation created',
    email: invited.email,
    roleLabel: roleLabel(invited.role),
    link: result.link,
    emailed: result.emailed,
    emailFailed: result.emailFailed,
    ...extra,
  };
}
