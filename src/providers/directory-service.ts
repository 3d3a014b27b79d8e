import { excel } from '../platform/tabular/excel.js';
import type { Kysely } from 'kysely';
import { findPersonByEmail, invitationExpiry, invitationLink, invitationValidDays, newInvitationToken } from '../accounts/index.js';
import { recordAudit } from '../platform/audit/audit.js';
import type { Database } from '../platform/db/schema.js';
import { emailOutcome, type Messenger, screenMessenger } from '../platform/messages.js';
import { penceToPounds } from '../platform/values/money.js';
import { type Actor, conflictMessage, type Outcome } from '../platform/values/outcome.js';
import { csvCell, writeCsv } from '../platform/tabular/csv-write.js';
import { cellText, type ColumnKind, excelDate, excelDateTime, excelFormats, styleHeadingRow } from '../platform/tabular/xlsx-write.js';
import * as directory from './directory-repository.js';
import * as invitations from './invitation-repository.js';
import { approachLabels, regulatorRatingTags, serviceKindLabels, specialismLabels } from './labels.js';

/** Changes to the shared directory, each in one transaction with its audit entry (no partnership). */

const short = (text: string, length = 80) => (text.length > length ? `${text.slice(0, length - 1)}…` : text);

export type ProviderAccountResult =
  | { ok: true; invited: false; displayName: string; email: string }
  | { ok: true; invited: true; displayName: string; email: string; link: string; emailed: boolean; emailFailed: boolean }
  | { ok: false; field: string; problem: string };

export interface DirectoryDependencies {
  db: Kysely<Database>;
  now: () => Date;
  /** How invitation links are e-mailed; on screen only (the administrator passes the link on) when not given. */
  messenger?: Messenger;
  /** Where invitation links point; falls back to the address the administrator is using. */
  publicUrl?: string | undefined;
}

export function createDirectoryService({ db, now, messenger = screenMessenger(), publicUrl }: DirectoryDependencies) {
  const audit = (trx: Parameters<typeof recordAudit>[0], actor: Actor, action: string, recordType: string, recordId: string, summary: string) =>
    recordAudit(trx, { partnershipId: null, actorUserId: actor.userId, action, recordType, recordId, summary, requestId: actor.requestId });

  const duplicateName = 'A provider with this name is already in the directory';

  // Providers ------------------------------------------------------------------------------------

  async function addProvider(actor: Actor, details: directory.ProviderDetails): Promise<Outcome<{ providerId: string }>> {
    return db.transaction().execute(async (trx) => {
      if (await directory.findProviderByName(trx, details.name)) return { ok: false as const, field: 'name', problem: duplicateName };
      const created = await directory.insertProvider(trx, details, now());
      await audit(trx, actor, 'provider_added', 'provider', created.id, `Added the provider “${short(details.name)}” to the directory`);
      return { ok: true as const, providerId: created.id };
    });
  }

  async function updateProvider(actor: Actor, providerId: string, expectedVersion: number, details: directory.ProviderDetails): Promise<Outcome> {
    return db.transaction().execute(async (trx) => {
      const sameName = await directory.findProviderByName(trx, details.name);
      if (sameName && sameName.id !== providerId) return { ok: false as const, field: 'name', problem: duplicateName };
      if (!(await directory.updateProvider(trx, providerId, expectedVersion, details, now()))) {
        return { ok: false as const, field: 'name', problem: conflictMessage() };
      }
      await audit(trx, actor, 'provider_updated', 'provider', providerId, `Changed the provider “${short(details.name)}”`);
      return { ok: true as const };
    });
  }

  // Services --------------------------------------------------------------------------------------

  async function addService(actor: Actor, providerId: string, details: directory.ServiceDetails): Promise<Outcome<{ serviceId: string }>> {
    return db.transaction().execute(async (trx) => {
      const provider = await directory.findProvider(trx, providerId);
      if (!provider) return { ok: false as const, field: 'providerId', problem: 'Select the provider from the list' };
      const created = await directory.insertService(trx, providerId, details, now());
      await audit(trx, actor, 'service_added', 'service', created.id, `Added the service “${short(details.name)}” for ${short(provider.name)}`);
      return { ok: true as const, serviceId: created.id };
    });
  }

  async function updateService(actor: Actor, serviceId: string, expectedVersion: number, details: directory.ServiceDetails): Promise<Outcome> {
    return db.transaction().execute(async (trx) => {
      if (!(await directory.updateService(trx, serviceId, expectedVersion, details, now()))) {
        return { ok: false as const, field: 'name', problem: conflictMessage() };
      }
      const waiting = details.waitingWeeks === null ? 'not known' : `${details.waitingWeeks} weeks, checked ${details.waitingUpdatedOn}`;
      await audit(trx, actor, 'service_updated', 'service', serviceId, `Changed the service “${short(details.name)}” (waiting time ${waiting})`);
      return { ok: true as const };
    });
  }

  // Information packs ---------------------------------------------------------------------------------

  async function addPack(actor: Actor, serviceId: string, details: directory.PackDetails): Promise<Outcome<{ packId: string }>> {
    return db.transaction().execute(async (trx) => {
      const created = await directory.insertPack(trx, serviceId, details, now());
      await audit(trx, actor, 'information_pack_added', 'information_pack', created.id, `Added the information pack “${short(details.title)}”, review due ${details.reviewOn}`);
      return { ok: true as const, packId: created.id };
    });
  }

  async function updatePack(actor: Actor, serviceId: string, packId: string, expectedVersion: number, details: directory.PackDetails): Promise<Outcome> {
    return db.transaction().execute(async (trx) => {
      if (!(await directory.updatePack(trx, serviceId, packId, expectedVersion, details, now()))) {
        return { ok: false as const, field: 'title', problem: conflictMessage() };
      }
      await audit(trx, actor, 'information_pack_updated', 'information_pack', packId, `Changed the information pack “${short(details.title)}”, review due ${details.reviewOn}`);
      return { ok: true as const };
    });
  }

  async function deletePack(actor: Actor, serviceId: string, packId: string, expectedVersion: number): Promise<Outcome> {
    return db.transaction().execute(async (trx) => {
      const pack = await directory.findPack(trx, serviceId, packId);
      if (!pack || !(await directory.deletePack(trx, serviceId, packId, expectedVersion))) {
        return { ok: false as const, field: 'delete', problem: conflictMessage() };
      }
      await audit(trx, actor, 'information_pack_deleted', 'information_pack', packId, `Deleted the information pack “${short(pack.title)}”`);
      return { ok: true as const };
    });
  }

  // Provider accounts -------------------------------------------------------------------------------

  /**
   * Gives a person an account for a provider. Someone who already has an account simply gains
   * the provider; anyone else is invited by a link that works once and expires, and chooses
   * their own password when they accept it. No password is made for them.
   */
  async function addProviderAccount(actor: Actor, providerId: string, person: { name: string; email: string }, linkBase: string): Promise<ProviderAccountResult> {
    const { token, hash } = newInvitationToken();
    const outcome = await db.transaction().execute(async (trx) => {
      const provider = await directory.findProvider(trx, providerId);
      if (!provider) return { ok: false as const, field: 'email', problem: 'This provider is no longer in the directory' };
      const user = await findPersonByEmail(trx, person.email);
      if (user) {
        if (await directory.findProviderAccount(trx, providerId, user.id)) {
          return { ok: false as const, field: 'email', problem: `${user.displayName} already has an account for ${provider.name}` };
        }
        await directory.insertProviderAccount(trx, providerId, user.id, now());
        await audit(trx, actor, 'provider_account_added', 'provider', providerId, `Gave ${short(user.displayName)} a provider account for ${short(provider.name)}`);
        return { ok: true as const, invited: false as const, displayName: user.displayName, email: user.email };
      }
      const waiting = await invitations.findPendingProviderInvitation(trx, providerId, person.email, now());
      if (waiting) {
        return { ok: false as const, field: 'email', problem: `${waiting.display_name} has already been invited to ${provider.name}. Withdraw that invitation first to send a new one` };
      }
      const invitation = await invitations.insertProviderInvitation(trx, {
        providerId,
        email: person.email,
        displayName: person.name,
        tokenHash: hash,
        expiresAt: invitationExpiry(now()),
        createdBy: actor.userId,
        now: now(),
      });
      await audit(trx, actor, 'provider_invitation_created', 'provider', providerId, `Invited ${short(person.name)} to keep ${short(provider.name)}’s services up to date`);
      return { ok: true as const, invited: true as const, invitationId: invitation.id, providerName: provider.name };
    });
    if (!outcome.ok || !outcome.invited) return outcome;
    const link = invitationLink(publicUrl ?? linkBase, token);
    const sent = await sendInvitation(person.email, outcome.providerName, link);
    return { ok: true, invited: true, displayName: person.name, email: person.email.toLowerCase(), link, ...sent };
  }

  async function sendInvitation(to: string, providerName: string, link: string) {
    const result = await messenger.send({
      template: 'invitation',
      to,
      personalisation: {
        subject: `You have been invited to keep ${providerName}’s services up to date on Residential Pathways`,
        invitation: `You have been invited to keep ${providerName}’s services and information packs up to date in the Residential Pathways directory.`,
        action: 'create your account',
        link,
        expires_in_days: invitationValidDays,
      },
    });
    return emailOutcome(result);
  }

  async function withdrawProviderInvitation(actor: Actor, providerId: string, invitationId: string): Promise<Outcome> {
    return db.transaction().execute(async (trx) => {
      const invitation = await invitations.findProviderInvitation(trx, providerId, invitationId);
      const provider = await directory.findProvider(trx, providerId);
      if (!invitation || !provider || !(await invitations.markProviderInvitationWithdrawn(trx, providerId, invitationId, now()))) {
        return { ok: false as const, field: 'withdraw', problem: 'This invitation has already been used or withdrawn' };
      }
      await audit(trx, actor, 'provider_invitation_withdrawn', 'provider', providerId, `Withdrew the invitation for ${short(invitation.display_name)} to ${short(provider.name)}`);
      return { ok: true as const };
    });
  }

  async function removeProviderAccount(actor: Actor, providerId: string, userId: string): Promise<Outcome> {
    return db.transaction().execute(async (trx) => {
      const account = await directory.findProviderAccount(trx, providerId, userId);
      const provider = await directory.findProvider(trx, providerId);
      if (!account || !provider || !(await directory.deleteProviderAccount(trx, providerId, userId))) {
        return { ok: false as const, field: 'remove', problem: 'This account has already been removed' };
      }
      await audit(trx, actor, 'provider_account_removed', 'provider', providerId, `Removed ${short(account.display_name)}’s provider account for ${short(provider.name)}`);
      return { ok: true as const };
    });
  }

  return { addProvider, updateProvider, addService, updateService, addPack, updatePack, deletePack, addProviderAccount, withdrawProviderInvitation, removeProviderAccount };
}

export type DirectoryService = ReturnType<typeof createDirectoryService>;

// Search result downloads ----------------------------------------------------------------------------

type ExportValue = string | number | Date | null;

interface ExportColumn {
  header: string;
  width: number;
  kind: ColumnKind;
  value: (service: directory.ServiceRow) => ExportValue;
}

const yesNo = (value: boolean) => (value ? 'Yes' : 'No');

/** The columns of both downloads, in order: everything the directory holds about a service. */
export const searchExportColumns: ExportColumn[] = [
  { header: 'Service', width: 36, kind: 'text', value: (s) => s.name },
  { header: 'Provider', width: 30, kind: 'text', value: (s) => s.provider_name },
  { header: 'Kind of service', width: 26, kind: 'text', value: (s) => serviceKindLabels[s.kind] },
  { header: 'Treatment approaches', width: 30, kind: 'text', value: (s) => s.approaches.map((item) => approachLabels[item] ?? item).join('; ') },
  { header: 'Groups served', width: 40, kind: 'text', value: (s) => s.specialisms.map((item) => specialismLabels[item] ?? item).join('; ') },
  { header: 'Detox on site', width: 12, kind: 'text', value: (s) => yesNo(s.detox_on_site) },
  { header: 'Address', width: 30, kind: 'text', value: (s) => s.address },
  { header: 'Town or city', width: 18, kind: 'text', value: (s) => s.town },
  { header: 'Postcode', width: 11, kind: 'text', value: (s) => s.postcode },
  { header: 'Region', width: 22, kind: 'text', value: (s) => s.region },
  { header: 'Beds', width: 8, kind: 'number', value: (s) => s.beds },
  { header: 'Weekly cost (£)', width: 14, kind: 'money', value: (s) => penceToPounds(s.weekly_cost_pence) },
  { header: 'Minimum programme (weeks)', width: 14, kind: 'number', value: (s) => s.minimum_weeks },
  { header: 'Typical programme (weeks)', width: 14, kind: 'number', value: (s) => s.typical_weeks },
  { header: 'Waiting time (weeks)', width: 12, kind: 'number', value: (s) => s.waiting_weeks },
  { header: 'Waiting time checked on', width: 14, kind: 'date', value: (s) => s.waiting_updated_on },
  { header: 'Regulator rating', width: 20, kind: 'text', value: (s) => (s.regulator_rating ? regulatorRatingTags[s.regulator_rating].text : '') },
  { header: 'Rating date', width: 14, kind: 'date', value: (s) => s.rating_date },
  { header: 'Eligibility criteria', width: 50, kind: 'text', value: (s) => s.eligibility },
  { header: 'Exclusion criteria', width: 50, kind: 'text', value: (s) => s.exclusions },
  { header: 'Step-free access', width: 12, kind: 'text', value: (s) => yesNo(s.step_free_access) },
  { header: 'Adapted rooms', width: 12, kind: 'text', value: (s) => yesNo(s.adapted_rooms) },
  { header: 'Languages', width: 24, kind: 'text', value: (s) => s.languages.join('; ') },
  { header: 'Last updated', width: 18, kind: 'dateTime', value: (s) => s.updated_at },
];

function csvValue(column: ExportColumn, value: ExportValue): string {
  if (value === null) return '';
  if (value instanceof Date) return value.toISOString();
  if (column.kind === 'money' && typeof value === 'number') return value.toFixed(2);
  return csvCell(value);
}

/** The search result as CSV. */
export function searchCsv(rows: readonly directory.ServiceRow[]): string {
  const table = [
    searchExportColumns.map((column) => csvCell(column.header)),
    ...rows.map((row) => searchExportColumns.map((column) => csvValue(column, column.value(row)))),
  ];
  return writeCsv(table);
}

/** The search result as a workbook: one sheet, a bold header row frozen at the top. */
export async function searchWorkbook(rows: readonly directory.ServiceRow[], createdAt: Date): Promise<Buffer> {
  const workbook = new (await excel()).Workbook();
  workbook.creator = 'Residential Pathways';
  workbook.created = createdAt;
  const sheet = workbook.addWorksheet('Services', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = searchExportColumns.map((column) => ({ header: column.header, width: column.width }));
  styleHeadingRow(sheet.getRow(1));
  for (const row of rows) {
    const added = sheet.addRow(
      searchExportColumns.map((column) => {
        const value = column.value(row);
        if (column.kind === 'date') return excelDate(typeof value === 'string' ? value : null);
        if (column.kind === 'dateTime') return excelDateTime(value instanceof Date ? value : value ? new Date(value) : null);
        return typeof value === 'string' ? cellText(value) : value;
      }),
    );
    searchExportColumns.forEach((column, index) => {
      const format = excelFormats[column.kind];
      if (format) added.getCell(index + 1).numFmt = format;
    });
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: searchExportColumns.length } };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
