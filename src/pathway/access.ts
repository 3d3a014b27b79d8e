import type { Role } from '../platform/db/schema.js';

/**
 * Who may do what in the pathway tracker (docs/role-matrix.md; every cell is tested in
 * test/role-matrix.test.ts). Records about people, and downloads of them, are only for the
 * roles that work them; partners answering the self-assessment and viewers see figures.
 * Peer reviewers come from another area and see neither. A provider account sees its own
 * services' placements through its own pages.
 */
export const recordWorkers: readonly Role[] = ['lead_commissioner', 'pathway_staff'];
export const figureReaders: readonly Role[] = ['lead_commissioner', 'pathway_staff', 'contributor', 'viewer'];

export const worksRecords = (role: Role | undefined) => role !== undefined && recordWorkers.includes(role);
export const readsFigures = (role: Role | undefined) => role !== undefined && figureReaders.includes(role);
