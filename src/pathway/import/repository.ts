import { randomUUID } from 'node:crypto';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { copyCsvInto, copyCsvRow } from '../../platform/db/copy.js';
import type { Executor } from '../../platform/db/executor.js';
import type { Database, ReferralStage } from '../../platform/db/schema.js';
import type { ImportedReferral } from './row-reader.js';
import type { ServiceChoice } from './service-finder.js';
import { dischargeOutcomeLabels } from '../labels.js';
import { followUpDates, reviewSchedule, type ScheduledReview, splitByWhenRecorded } from '../rules/reviews.js';

/**
 * The SQL behind the referral import. A file's rows are first staged, a batch at a time, each
 * batch its own short statement; then one statement in one short transaction moves them all into
 * referrals with their timelines (an entry for every stage with a date) and the reviews still to
 * come, so a file is stored whole or not at all.
 */

/** Every service in the directory, with its provider, for matching the file's service names. */
export async function servicesForImport(db: Executor): Promise<ServiceChoice[]> {
  const rows = await db
    .selectFrom('services')
    .innerJoin('providers', 'providers.id', 'services.provider_id')
    .select(['services.id', 'services.name', 'providers.name as providerName', 'services.weekly_cost_pence as weeklyCostPence'])
    .execute();
  return rows;
}

/** The references the partnership already uses. */
export async function existingReferences(db: Executor, partnershipId: string): Promise<string[]> {
  const rows = await db.selectFrom('referrals').select('local_reference').where('partnership_id', '=', partnershipId).execute();
  return rows.map((row) => row.local_reference);
}

/** The event types on the timeline, as the referral pages write them: the first stage, then each one after. */
export const createdEventType = 'created';
export const stageEventType = 'stage_changed';
const importedNote = ' (imported from a file).';

/**
 * The reviews still to come for an imported referral: in-stay reviews for someone in a placement
 * now, and follow-ups for someone discharged and not yet closed. Past ones are not made up (the
 * file does not say whether they happened): splitByWhenRecorded, the rule the stage forms use too,
 * leaves them out; an import does not store them.
 */
export function reviewsToCome(referral: ImportedReferral, today: string): ScheduledReview[] {
  let reviews: ScheduledReview[] = [];
  if (referral.stage === 'admitted' && referral.admittedOn && referral.plannedWeeks) reviews = reviewSchedule(referral.admittedOn, referral.plannedWeeks);
  else if ((referral.stage === 'discharged' || referral.stage === 'aftercare') && referral.dischargedOn) reviews = followUpDates(referral.dischargedOn);
  return splitByWhenRecorded(reviews, today).toCome;
}

/** One imported referral as a row of the referrals table. */
function referralRow(partnershipId: string, userId: string, referral: ImportedReferral) {
  return {
    partnership_id: partnershipId,
    local_reference: referral.localReference,
    stage: referral.stage,
    identified_via: referral.identifiedVia,
    referring_service: referral.referringService,
    keyworker_role: referral.keyworkerRole,
    age_band: referral.ageBand,
    sex: referral.sex,
    ethnicity_group: referral.ethnicityGroup,
    disability: referral.disability,
    pregnant: referral.pregnant,
    parental_responsibility: referral.parentalResponsibility,
    main_substance: referral.mainSubstance,
    complexity: referral.complexity,
    eligibility_information_given: referral.eligibilityInformationGiven,
    identified_on: referral.identifiedOn,
    referred_on: referral.referredOn,
    assessed_on: referral.assessedOn,
    eligibility_decision: referral.eligibilityDecision,
    eligibility_reasons: referral.eligibilityReasons,
    preparing_on: referral.preparingOn,
    preparation_group: referral.preparationGroup,
    information_pack_given: referral.informationPackGiven,
    service_visit: referral.serviceVisit,
    detox_arranged: referral.detoxArranged,
    service_id: referral.serviceId,
    funding_requested_on: referral.fundingRequestedOn,
    funding_route: referral.fundingRoute,
    funding_decision: referral.fundingDecision,
    funding_decided_by: referral.fundingDecidedBy,
    funding_decision_reason: referral.fundingDecisionReason,
    funding_decided_on: referral.fundingDecidedOn,
    waiting_since: referral.waitingSince,
    aftercare_plan_agreed_on: referral.aftercarePlanAgreedOn,
    admitted_without_aftercare_reason: referral.admittedWithoutAftercareReason,
    admitted_on: referral.admittedOn,
    planned_weeks: referral.plannedWeeks,
    detox_included: referral.detoxIncluded,
    weekly_cost_pence: referral.weeklyCostPence,
    discharged_on: referral.dischargedOn,
    discharge_outcome: referral.dischargeOutcome,
    risk_assessment_summary: referral.riskAssessmentSummary,
    referrer_notified_at: referral.referrerNotifiedAt?.toISOString() ?? null,
    aftercare_started_on: referral.aftercareStartedOn,
    closed_on: referral.closedOn,
    withdrawn_on: referral.withdrawnOn,
    withdrawn_from_stage: referral.withdrawnFromStage,
    withdrawn_reason: referral.withdrawnReason,
    created_by: userId,
  };
}

/**
 * The referrals columns an import fills in, in referralRow's order; the rest keep their defaults.
 * The id is chosen when the row is staged, so the reviews can be written from the staging table
 * without looking each referral up again by its reference.
 */
const importedColumns = ['id', ...Object.keys(referralRow('', '', {} as ImportedReferral))];

/** A referral on its way in: its referrals row, and the reviews still to come. */
export interface StagedReferral {
  referral: ReturnType<typeof referralRow> & { id: string };
  reviews: Array<{ kind: ScheduledReview['kind']; due_on: string }>;
}

export function stagedReferral(partnershipId: string, userId: string, referral: ImportedReferral, today: string): StagedReferral {
  return {
    referral: { id: randomUUID(), ...referralRow(partnershipId, userId, referral) },
    reviews: reviewsToCome(referral, today).map((review) => ({ kind: review.kind, due_on: review.dueOn })),
  };
}

/** One value as COPY's CSV reads it into a column of its type; null is NULL. */
function copyValue(value: string | number | boolean | null | readonly string[]): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') return String(value);
  return arrayLiteral(value);
}

/** A text[] (or date[]) literal, every element quoted, so commas, braces and quotes in it are kept. */
function arrayLiteral(items: readonly string[]): string {
  let literal = '{';
  for (let index = 0; index < items.length; index += 1) {
    if (index > 0) literal += ',';
    literal += `"${(items[index] as string).replace(/[\\"]/g, (character) => `\\${character}`)}"`;
  }
  return `${literal}}`;
}

/**
 * Writes one batch of an import's rows to the staging table, numbered on from `firstPosition`,
 * with one COPY: each row is a line of CSV (copyCsvRow quotes every value, so commas, quotes, line
 * breaks and backslashes in free text arrive as they were), a value for each of the referral's
 * columns, which the staging table has in referrals' own types, then the reviews still to come as
 * two arrays. Its own short statement, outside any transaction: on the embedded database other
 * requests get their turn between batches.
 */
export async function stageReferralBatch(db: Kysely<Database>, importId: string, firstPosition: number, batch: readonly StagedReferral[]): Promise<number> {
  if (batch.length === 0) return 0;
  let csv = '';
  const values: Array<string | null> = new Array(stagingColumns.length);
  values[0] = importId;
  for (let index = 0; index < batch.length; index += 1) {
    const staged = batch[index] as StagedReferral;
    const referral = staged.referral as Record<string, string | number | boolean | null | string[]>;
    values[1] = String(firstPosition + index + 1);
    for (let column = 0; column < importedColumns.length; column += 1) values[column + 2] = copyValue(referral[importedColumns[column] as string] ?? null);
    values[importedColumns.length + 2] = arrayLiteral(staged.reviews.map((review) => review.kind));
    values[importedColumns.length + 3] = arrayLiteral(staged.reviews.map((review) => review.due_on));
    csv += copyCsvRow(values);
  }
  return copyCsvInto(db, 'referral_import_rows', stagingColumns, csv);
}

const stagingColumns = ['import_id', 'position', ...importedColumns, 'review_kinds', 'review_due_on'] as const;

/**
 * Moves every staged row of an import into referrals, in the file's order, with a timeline entry
 * for every stage each one reached and the reviews still to come: one statement, to run inside
 * the import's one short transaction. The staging table has referrals' column types, so the
 * referrals are a copy of its columns. Only the rows staged for `partnershipId` move. Returns
 * how many referrals were added.
 */
export async function insertStagedReferrals(trx: Executor, partnershipId: string, importId: string): Promise<number> {
  const result = await insertStagedReferralsStatement(partnershipId, importId).execute(trx);
  return Number(result.rows[0]?.added ?? 0);
}

/** insertStagedReferrals' one statement, on its own (the benchmark runs it under EXPLAIN ANALYZE). */
export function insertStagedReferralsStatement(partnershipId: string, importId: string): RawBuilder<{ added: string | number }> {
  const columnList = sql.join(importedColumns.map((column) => sql.ref(column)));
  const fromStaged = sql.join(importedColumns.map((column) => sql.ref(`s.${column}`)));
  // The timeline and the reviews are written from the staged rows too (their ids are already
  // chosen), by the same statement: no second look-up, no join on the reference. Their references
  // to the new referrals are checked at the end of the statement. A reference someone else added
  // meanwhile fails it with 23505. Each referral's timeline entries are numbered (by the events'
  // identity column) in stage order, and the referrals one after another in the file's order.
  return sql<{ added: string | number }>`
    WITH inserted AS (
      INSERT INTO referrals (${columnList})
      SELECT ${fromStaged}
      FROM referral_import_rows s
      WHERE s.import_id = ${importId}::uuid AND s.partnership_id = ${partnershipId}::uuid
      ORDER BY s.position
      RETURNING 1
    ), timeline AS (
      INSERT INTO referral_events (partnership_id, referral_id, event_on, event_type, stage, summary, actor_user_id)
      SELECT r.partnership_id, r.id, e.event_on, e.event_type, e.stage, e.summary, r.created_by
      -- The staged rows in the file's order first (a subquery with an ORDER BY of its own is planned
      -- apart), so only each referral's few entries are sorted (an incremental sort), not all
      -- 700,000 entries of 100,000 rows at once, which spilled to disk.
      FROM (
        SELECT * FROM referral_import_rows WHERE import_id = ${importId}::uuid AND partnership_id = ${partnershipId}::uuid ORDER BY position
      ) AS r
      CROSS JOIN LATERAL (VALUES ${stageRows()}) AS e(position, event_on, event_type, stage, summary)
      WHERE e.event_on IS NOT NULL
      ORDER BY r.position, e.position
    ), reviews AS (
      INSERT INTO referral_reviews (partnership_id, referral_id, kind, due_on)
      SELECT s.partnership_id, s.id, v.kind, v.due_on
      FROM referral_import_rows s
      CROSS JOIN LATERAL unnest(s.review_kinds, s.review_due_on) WITH ORDINALITY AS v(kind, due_on, n)
      WHERE s.import_id = ${importId}::uuid AND s.partnership_id = ${partnershipId}::uuid
      ORDER BY s.position, v.n
    )
    SELECT count(*) AS added FROM inserted
  `;
}

/**
 * What the foreign keys of insertStagedReferrals' rows would check, for the whole import at once:
 * the partnership, the user who imports and every service named. (The timeline entries and
 * reviews refer to the referrals written by the same statement.) Throws as a foreign key
 * violation would (code 23503) when one is missing.
 */
export async function checkStagedReferences(trx: Executor, partnershipId: string, userId: string, importId: string): Promise<void> {
  const result = await sql<{ missing: string | null }>`
    SELECT CASE
      WHEN NOT EXISTS (SELECT 1 FROM partnerships WHERE id = ${partnershipId}::uuid) THEN 'partnerships'
      WHEN NOT EXISTS (SELECT 1 FROM users WHERE id = ${userId}::uuid) THEN 'users'
      WHEN EXISTS (
        SELECT 1 FROM (SELECT DISTINCT service_id FROM referral_import_rows WHERE import_id = ${importId}::uuid AND partnership_id = ${partnershipId}::uuid AND service_id IS NOT NULL) AS named
        WHERE NOT EXISTS (SELECT 1 FROM services WHERE services.id = named.service_id)
      ) THEN 'services'
      WHEN EXISTS (SELECT 1 FROM referral_import_rows WHERE import_id = ${importId}::uuid AND partnership_id = ${partnershipId}::uuid AND created_by IS DISTINCT FROM ${userId}::uuid) THEN 'users'
    END AS missing
  `.execute(trx);
  const missing = result.rows[0]?.missing;
  if (missing) throw Object.assign(new Error(`insert or update on table "referrals" violates a foreign key constraint: a row of ${missing} is not present`), { code: '23503' });
}

/** Removes an import's staged rows: once they are stored, or when the import fails. */
export async function deleteStagedReferrals(db: Executor, importId: string): Promise<void> {
  await db.deleteFrom('referral_import_rows').where('import_id', '=', importId).execute();
}

/** Removes rows a crashed import left behind: no import runs for a day. */
export async function deleteAbandonedStagedReferrals(db: Executor): Promise<void> {
  await sql`DELETE FROM referral_import_rows WHERE created_at < now() - interval '1 day'`.execute(db);
}

/** A summary that is the same for every referral, with the note that it came from a file. */
const fixed = (words: string) => sql.lit(`${words}${importedNote}`);

/** A summary chosen by a column's value, each one whole (so the database joins no text for each entry). */
function chosenBy(column: string, wordsFor: Record<string, string>, otherwise: string): RawBuilder<unknown> {
  const choices = Object.entries(wordsFor).map(([value, words]) => sql`WHEN ${sql.lit(value)} THEN ${fixed(words)}`);
  return sql`CASE r.${sql.ref(column)} ${sql.join(choices, sql` `)} ELSE ${fixed(otherwise)} END`;
}

const dischargeWords = Object.fromEntries(Object.entries(dischargeOutcomeLabels).map(([code, label]) => [code, `Discharged: ${label.toLowerCase()}`]));

/** The stages a timeline entry is written for, in order, with the words for each. */
const stageEvents: Array<{ stage: ReferralStage; date: string; summary: RawBuilder<unknown> }> = [
  { stage: 'identified', date: 'identified_on', summary: fixed('Record started') },
  { stage: 'referred', date: 'referred_on', summary: fixed('Referred') },
  { stage: 'assessed', date: 'assessed_on', summary: chosenBy('eligibility_decision', { eligible: 'Assessed as eligible', not_eligible: 'Assessed as not eligible' }, 'Assessed') },
  { stage: 'preparing', date: 'preparing_on', summary: fixed('Preparation started') },
  { stage: 'funding_requested', date: 'funding_requested_on', summary: fixed('Funding requested') },
  { stage: 'funding_decided', date: 'funding_decided_on', summary: chosenBy('funding_decision', { approved: 'Funding approved', declined: 'Funding declined' }, 'Funding decided') },
  { stage: 'waiting', date: 'waiting_since', summary: fixed('Waiting for admission') },
  {
    stage: 'admitted',
    date: 'admitted_on',
    // Looked up only for an admission (a join would lose the staged rows' order, and the timeline would need a full sort).
    summary: sql`'Admitted to ' || coalesce(CASE WHEN r.admitted_on IS NOT NULL THEN (SELECT name FROM services WHERE services.id = r.service_id) END, 'a residential service') || ${sql.lit(importedNote)}`,
  },
  { stage: 'discharged', date: 'discharged_on', summary: chosenBy('discharge_outcome', dischargeWords, 'Discharged: outcome not recorded') },
  { stage: 'aftercare', date: 'aftercare_started_on', summary: fixed('Aftercare started') },
  { stage: 'closed', date: 'closed_on', summary: fixed('Closed') },
  { stage: 'withdrawn', date: 'withdrawn_on', summary: fixed('Withdrawn') },
];

/** The VALUES list of timeline entries for one referral `r`, in stage order. */
function stageRows() {
  return sql.join(
    stageEvents.map(
      ({ stage, date, summary }, position) =>
        sql`(${sql.lit(position)}, r.${sql.ref(date)}, ${sql.lit(position === 0 ? createdEventType : stageEventType)}, ${sql.lit(stage)}, ${summary})`,
    ),
  );
}
