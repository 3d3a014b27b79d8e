import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export const roles = ['lead_commissioner', 'contributor', 'peer_reviewer', 'viewer'] as const;
export type Role = (typeof roles)[number];

export interface PartnershipTable {
  id: Generated<string>;
  name: string;
  ons_code: string | null;
  region: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface UserTable {
  id: Generated<string>;
  email: string;
  display_name: string;
  password_hash: string;
  is_admin: Generated<boolean>;
  failed_sign_ins: Generated<number>;
  locked_until: Timestamp | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface MembershipTable {
  id: Generated<string>;
  partnership_id: string;
  user_id: string;
  role: Role;
  organisation: string | null;
  partner_type: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface InvitationTable {
  id: Generated<string>;
  partnership_id: string;
  email: string;
  role: Role;
  organisation: string | null;
  partner_type: string | null;
  token_hash: string;
  invited_by: string;
  expires_at: Timestamp;
  accepted_at: Timestamp | null;
  revoked_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface SessionTable {
  sid: string;
  data: ColumnType<Record<string, unknown>, string, string>;
  expires_at: Timestamp;
}

export interface AuditEventTable {
  id: Generated<number>;
  occurred_at: CreatedAt;
  partnership_id: string | null;
  actor_user_id: string | null;
  action: string;
  record_type: string;
  record_id: string | null;
  summary: string;
  request_id: string | null;
}

export interface Database {
  partnerships: PartnershipTable;
  users: UserTable;
  memberships: MembershipTable;
  invitations: InvitationTable;
  sessions: SessionTable;
  audit_events: AuditEventTable;
}

export type Partnership = Selectable<PartnershipTable>;
export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type UserUpdate = Updateable<UserTable>;
export type Membership = Selectable<MembershipTable>;
export type Invitation = Selectable<InvitationTable>;
export type AuditEvent = Selectable<AuditEventTable>;
