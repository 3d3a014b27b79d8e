import { requireRole } from '../../platform/auth/context.js';

/** What the action plan's pages (priorities, actions) share. */
export const planView = (name: string) => `assessment/views/plan/${name}.njk`;
export const notDraftProblem = 'The action plan can be changed once the round is open for responses.';
export const leadOnly = requireRole('lead_commissioner');
