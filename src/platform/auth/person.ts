import { sql } from 'kysely';
import type { Role } from '../db/schema.js';

export interface MembershipSummary {
  membershipId: string;
  partnershipId: string;
  partnershipName: string;
  role: Role;
  organisation: string | null;
  partnerType: string | null;
}

export interface AuthContext {
  user: { id: string; email: string; displayName: string; isAdmin: boolean; mustChangePassword: boolean };
  memberships: MembershipSummary[];
  /** The partnership the person is working in now, with their role there. */
  current: MembershipSummary | null;
  /** Providers whose services this person keeps up to date in the directory (provider accounts). */
  providerIds: string[];
  /**
   * For a regional or national analyst, the area they compare: one region, or England (null).
   * An analyst sees only aggregate figures of partnerships that share them; null for everyone else.
   */
  analystScope: { region: string | null } | null;
}

/** Everything a request needs to know about the person, as one row (see personColumns). */
export interface PersonRow {
  id: string;
  email: string;
  display_name: string;
  is_admin: boolean;
  must_change_password: boolean;
  analyst: string | null;
  analyst_region: string | null;
  memberships: MembershipSummary[];
  provider_ids: string[];
}

/**
 * The person's account, analyst scope, memberships (in partnership name order) and provider
 * accounts, as columns of a statement that has `users` and `analyst_scopes` joined: one read,
 * whether alone (loadAuthContext) or with the session (the session store).
 */
export const personColumns = sql<PersonRow>`users.id, users.email, users.display_name, users.is_admin, users.must_change_password,
  analyst_scopes.user_id AS analyst, analyst_scopes.region AS analyst_region,
  (
    SELECT coalesce(json_agg(m ORDER BY m."partnershipName", m."membershipId"), '[]'::json) FROM (
      SELECT memberships.id AS "membershipId", memberships.partnership_id AS "partnershipId", partnerships.name AS "partnershipName",
        memberships.role, memberships.organisation, memberships.partner_type AS "partnerType"
      FROM memberships JOIN partnerships ON partnerships.id = memberships.partnership_id
      WHERE memberships.user_id = users.id
    ) m
  ) AS memberships,
  (SELECT coalesce(json_agg(provider_users.provider_id ORDER BY provider_users.provider_id), '[]'::json) FROM provider_users WHERE provider_users.user_id = users.id) AS provider_ids`;

/** The tables personColumns reads: a change to any of them may change who someone is here. */
export const personTables = ['users', 'analyst_scopes', 'memberships', 'partnerships', 'provider_users'] as const;

export function authContextFrom(person: PersonRow, preferredPartnershipId: string | undefined): AuthContext {
  const rows = person.memberships;
  const current = rows.find((row) => row.partnershipId === preferredPartnershipId) ?? rows[0] ?? null;
  return {
    user: { id: person.id, email: person.email, displayName: person.display_name, isAdmin: person.is_admin, mustChangePassword: person.must_change_password },
    memberships: rows,
    current,
    providerIds: person.provider_ids,
    analystScope: person.analyst ? { region: person.analyst_region } : null,
  };
}

