import type { Role } from '../db/schema.js';

export const roleLabels: Record<Role, string> = {
  lead_commissioner: 'Lead commissioner',
  contributor: 'Contributor',
  peer_reviewer: 'Peer reviewer',
  viewer: 'Viewer',
  pathway_staff: 'Pathway staff',
};

export const roleHints: Record<Role, string> = {
  lead_commissioner: 'Runs the partnership’s workspace: invites people, runs assessments and owns the action plan.',
  contributor: 'Works for a partner organisation: answers assessments, comments and owns actions.',
  peer_reviewer: 'A commissioner from another area who reviews the partnership’s answers and signs them off.',
  viewer: 'Can read the partnership’s work but not change it.',
  pathway_staff: 'A keyworker, care manager or panel member who records referrals and moves them along the pathway.',
};

export function roleLabel(role: string): string {
  return roleLabels[role as Role] ?? role;
}
