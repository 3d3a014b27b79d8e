import { PassThrough, Readable } from 'node:stream';
import { excel } from '../platform/tabular/excel.js';
import type { DischargeOutcome } from '../platform/db/schema.js';
import { penceToPounds } from '../platform/values/money.js';
import { csvCell, csvWriter } from '../platform/tabular/csv-write.js';
import { cellText, type ColumnKind, excelDate, excelDateTime, excelFormats, styleHeadingRow } from '../platform/tabular/xlsx-write.js';
import { ukClock } from '../platform/values/calendar.js';
import type { ExportedReferral } from './export-repository.js';
import { choiceLists } from './import/choice-lists.js';
import { type ColumnKey, headingOf, referralImportColumns } from './import/columns.js';
import { ndtmsDischargeCodes } from './labels.js';

/**
 * The partnership's referrals as CSV or xlsx, pseudonymised as stored: the same columns the
 * import reads (so a file can be moved from one system to another and back), then the NDTMS
 * discharge reason code and exit status. Values are written as the words the service shows,
 * which the import accepts. Both files are written a row at a time as the rows arrive.
 */

/** The NDTMS discharge reason and exit status for an outcome; a completion is refined by the main substance. */
export function ndtmsDischarge(outcome: DischargeOutcome | null, mainSubstance: string): { code: string; exitStatus: 'A' | 'B' | 'C' } | null {
  if (!outcome) return null;
  if (outcome === 'completed') return { code: mainSubstance === 'alcohol' ? '81' : '80', exitStatus: 'A' };
  return ndtmsDischargeCodes[outcome];
}

type Kind = ColumnKind;
type Value = string | number | Date | null;

interface ExportColumn {
  header: string;
  kind: Kind;
  width: number;
  value: (referral: ExportedReferral) => Value;
}

const label = <T extends string>(list: { labelOf(code: T): string }, code: T | null) => (code ? list.labelOf(code) : null);
const yesNo = (value: boolean) => (value ? 'Yes' : 'No');
const words = (value: string) => value || null;

const values: Record<ColumnKey, { kind: Kind; width: number; value: (referral: ExportedReferral) => Value }> = {
  reference: { kind: 'text', width: 16, value: (r) => r.local_reference },
  stage: { kind: 'text', width: 20, value: (r) => label(choiceLists.stage, r.stage) },
  identifiedVia: { kind: 'text', width: 28, value: (r) => label(choiceLists.identifiedVia, r.identified_via) },
  referringService: { kind: 'text', width: 28, value: (r) => words(r.referring_service) },
  keyworkerRole: { kind: 'text', width: 24, value: (r) => words(r.keyworker_role) },
  ageBand: { kind: 'text', width: 12, value: (r) => label(choiceLists.ageBand, r.age_band) },
  sex: { kind: 'text', width: 12, value: (r) => label(choiceLists.sex, r.sex) },
  ethnicity: { kind: 'text', width: 24, value: (r) => label(choiceLists.ethnicity, r.ethnicity_group) },
  disability: { kind: 'text', width: 12, value: (r) => label(choiceLists.yesNoNotStated, r.disability) },
  pregnant: { kind: 'text', width: 14, value: (r) => label(choiceLists.pregnant, r.pregnant) },
  parentalResponsibility: { kind: 'text', width: 14, value: (r) => label(choiceLists.yesNoNotStated, r.parental_responsibility) },
  mainSubstance: { kind: 'text', width: 18, value: (r) => label(choiceLists.mainSubstance, r.main_substance) },
  complexity: { kind: 'text', width: 36, value: (r) => words(r.complexity.map((code) => choiceLists.complexity.labelOf(code)).join('; ')) },
  eligibilityInformationGiven: { kind: 'text', width: 12, value: (r) => yesNo(r.eligibility_information_given) },
  identifiedOn: { kind: 'date', width: 13, value: (r) => r.identified_on },
  referredOn: { kind: 'date', width: 13, value: (r) => r.referred_on },
  assessedOn: { kind: 'date', width: 13, value: (r) => r.assessed_on },
  eligibilityDecision: { kind: 'text', width: 14, value: (r) => label(choiceLists.eligibilityDecision, r.eligibility_decision) },
  eligibilityReasons: { kind: 'text', width: 36, value: (r) => words(r.eligibility_reasons) },
  preparingOn: { kind: 'date', width: 13, value: (r) => r.preparing_on },
  preparationGroup: { kind: 'text', width: 10, value: (r) => yesNo(r.preparation_group) },
  informationPackGiven: { kind: 'text', width: 10, value: (r) => yesNo(r.information_pack_given) },
  serviceVisit: { kind: 'text', width: 10, value: (r) => yesNo(r.service_visit) },
  detoxArranged: { kind: 'text', width: 10, value: (r) => yesNo(r.detox_arranged) },
  service: { kind: 'text', width: 28, value: (r) => r.serviceName },
  provider: { kind: 'text', width: 28, value: (r) => r.providerName },
  fundingRequestedOn: { kind: 'date', width: 13, value: (r) => r.funding_requested_on },
  fundingRoute: { kind: 'text', width: 20, value: (r) => label(choiceLists.fundingRoute, r.funding_route) },
  fundingDecision: { kind: 'text', width: 12, value: (r) => label(choiceLists.fundingDecision, r.funding_decision) },
  fundingDecidedBy: { kind: 'text', width: 18, value: (r) => label(choiceLists.fundingDecidedBy, r.funding_decided_by) },
  fundingDecisionReason: { kind: 'text', width: 36, value: (r) => words(r.funding_decision_reason) },
  fundingDecidedOn: { kind: 'date', width: 13, value: (r) => r.funding_decided_on },
  waitingSince: { kind: 'date', width: 13, value: (r) => r.waiting_since },
  aftercarePlanAgreedOn: { kind: 'date', width: 13, value: (r) => r.aftercare_plan_agreed_on },
  admittedWithoutAftercareReason: { kind: 'text', width: 36, value: (r) => words(r.admitted_without_aftercare_reason) },
  admittedOn: { kind: 'date', width: 13, value: (r) => r.admitted_on },
  plannedWeeks: { kind: 'number', width: 10, value: (r) => r.planned_weeks },
  detoxIncluded: { kind: 'text', width: 10, value: (r) => yesNo(r.detox_included) },
  weeklyCost: { kind: 'money', width: 12, value: (r) => penceToPounds(r.weekly_cost_pence) },
  dischargedOn: { kind: 'date', width: 13, value: (r) => r.discharged_on },
  dischargeOutcome: { kind: 'text', width: 26, value: (r) => label(choiceLists.dischargeOutcome, r.discharge_outcome) },
  riskAssessmentSummary: { kind: 'text', width: 36, value: (r) => words(r.risk_assessment_summary) },
  referrerToldAt: { kind: 'dateTime', width: 18, value: (r) => r.referrer_notified_at },
  aftercareStartedOn: { kind: 'date', width: 13, value: (r) => r.aftercare_started_on },
  closedOn: { kind: 'date', width: 13, value: (r) => r.closed_on },
  withdrawnOn: { kind: 'date', width: 13, value: (r) => r.withdrawn_on },
  withdrawnReason: { kind: 'text', width: 36, value: (r) => words(r.withdrawn_reason) },
};

export const referralExportColumns: ExportColumn[] = [
  ...referralImportColumns.map((column) => ({ header: headingOf(column.key), ...values[column.key] })),
  { header: 'NDTMS discharge reason', kind: 'text', width: 12, value: (r) => ndtmsDischarge(r.discharge_outcome, r.main_substance)?.code ?? null },
  { header: 'NDTMS exit status', kind: 'text', width: 10, value: (r) => ndtmsDischarge(r.discharge_outcome, r.main_substance)?.exitStatus ?? null },
];

/** A moment as UK time, like 2025-11-23 14:30, which the import reads back. */
export function ukDateTime(moment: Date): string {
  const clock = ukClock(moment);
  const two = (value: number) => String(value).padStart(2, '0');
  return `${clock.year}-${two(clock.month)}-${two(clock.day)} ${two(clock.hour)}:${two(clock.minute)}`;
}

/** One row of the CSV file: text never starts a formula. */
export function csvRow(referral: ExportedReferral): string[] {
  return referralExportColumns.map((column) => {
    const value = column.value(referral);
    if (value === null || value === '') return '';
    if (value instanceof Date) return ukDateTime(value);
    if (column.kind === 'money' && typeof value === 'number') return value.toFixed(2);
    return csvCell(value);
  });
}

/** The CSV file as a stream: the headings, then a row per referral. */
export function referralsCsvStream(referrals: AsyncIterable<ExportedReferral>): Readable {
  async function* rows() {
    yield referralExportColumns.map((column) => column.header);
    for await (const referral of referrals) yield csvRow(referral);
  }
  const output = csvWriter();
  const source = Readable.from(rows());
  source.on('error', (error) => output.destroy(error));
  return source.pipe(output);
}

/** The workbook as a stream: one sheet, a bold heading row frozen at the top, real dates and amounts. */
export function referralsWorkbookStream(referrals: AsyncIterable<ExportedReferral>, createdAt: Date): Readable {
  const output = new PassThrough();
  (async () => {
    const workbook = new (await excel()).stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
    workbook.creator = 'Residential Pathways';
    workbook.created = createdAt;
    const sheet = workbook.addWorksheet('Referrals', { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = referralExportColumns.map((column) => ({ header: column.header, width: column.width }));
    const header = sheet.getRow(1);
    styleHeadingRow(header);
    header.commit();
    for await (const referral of referrals) {
      const row = sheet.addRow(
        referralExportColumns.map((column) => {
          const value = column.value(referral);
          if (column.kind === 'date') return excelDate(typeof value === 'string' ? value : null);
          if (column.kind === 'dateTime') return excelDateTime(value instanceof Date ? value : null);
          return typeof value === 'string' ? cellText(value) : value;
        }),
      );
      referralExportColumns.forEach((column, index) => {
        const format = excelFormats[column.kind];
        if (format) row.getCell(index + 1).numFmt = format;
      });
      row.commit();
    }
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: referralExportColumns.length } };
    sheet.commit();
    await workbook.commit();
  })().catch((error: unknown) => output.destroy(error as Error));
  return output;
}
