import type { ReferralStage } from '../../platform/db/schema.js';
import { type ColumnSpec as ColumnSpecOf, type HeadingsOutcome as HeadingsOutcomeOf, matchHeadings } from '../../platform/tabular/columns.js';

/** The columns of a file of referral histories: what each is called, and what it is for. */

export const maximumReferralRows = 100_000;
export const referralsPerBatch = 1_000;

export const limits = {
  reference: 40,
  shortText: 200,
  longText: 2000,
  plannedWeeks: 104,
  weeklyCostPounds: 50_000,
};

export type ColumnKey =
  | 'reference'
  | 'stage'
  | 'identifiedVia'
  | 'referringService'
  | 'keyworkerRole'
  | 'ageBand'
  | 'sex'
  | 'ethnicity'
  | 'disability'
  | 'pregnant'
  | 'parentalResponsibility'
  | 'mainSubstance'
  | 'complexity'
  | 'eligibilityInformationGiven'
  | 'identifiedOn'
  | 'referredOn'
  | 'assessedOn'
  | 'eligibilityDecision'
  | 'eligibilityReasons'
  | 'preparingOn'
  | 'preparationGroup'
  | 'informationPackGiven'
  | 'serviceVisit'
  | 'detoxArranged'
  | 'service'
  | 'provider'
  | 'fundingRequestedOn'
  | 'fundingRoute'
  | 'fundingDecision'
  | 'fundingDecidedBy'
  | 'fundingDecisionReason'
  | 'fundingDecidedOn'
  | 'waitingSince'
  | 'aftercarePlanAgreedOn'
  | 'admittedWithoutAftercareReason'
  | 'admittedOn'
  | 'plannedWeeks'
  | 'detoxIncluded'
  | 'weeklyCost'
  | 'dischargedOn'
  | 'dischargeOutcome'
  | 'riskAssessmentSummary'
  | 'referrerToldAt'
  | 'aftercareStartedOn'
  | 'closedOn'
  | 'withdrawnOn'
  | 'withdrawnReason';

export type ColumnSpec = ColumnSpecOf<ColumnKey>;

export const referralImportColumns: ColumnSpec[] = [
  { key: 'reference', heading: 'Reference', required: true, aliases: ['local reference', 'referral reference', 'case reference'], help: 'Your local reference for the person, like NM-{year}-0412. It must include a number. Never use a name, NHS number or date of birth. Each row needs a different reference.' },
  { key: 'stage', heading: 'Stage', required: false, aliases: ['current stage', 'status'], help: 'Where the referral is now. Leave it empty to have it worked out from the latest date in the row. If you fill it in, it must agree with the dates.' },
  { key: 'identifiedVia', heading: 'Identified via', required: true, aliases: ['identified', 'how identified', 'route in', 'source'], help: 'How the person was first identified as someone who might need residential treatment, from the list below.' },
  { key: 'referringService', heading: 'Referring service', required: false, aliases: ['referrer', 'referred by'], help: 'The service or team that made the referral. Up to 200 characters.' },
  { key: 'keyworkerRole', heading: 'Keyworker role', required: false, aliases: ['keyworker', 'keyworker team', 'keyworker role or team'], help: 'The keyworker’s role or team, like ‘Criminal justice team keyworker’. Never a person’s name.' },
  { key: 'ageBand', heading: 'Age band', required: true, aliases: ['age', 'age group'], help: 'An age band from the list below, or the person’s age in years. People under 18 cannot be referred here.' },
  { key: 'sex', heading: 'Sex', required: false, aliases: ['gender'], help: 'From the list below. Empty means not stated.' },
  { key: 'ethnicity', heading: 'Ethnicity', required: false, aliases: ['ethnic group', 'ethnicity group'], help: 'The ethnic group, from the list below. Empty means not stated.' },
  { key: 'disability', heading: 'Disability', required: false, aliases: ['disabled'], help: 'Yes, no or not stated. Empty means not stated.' },
  { key: 'pregnant', heading: 'Pregnant', required: false, aliases: ['pregnancy'], help: 'Yes, no, does not apply or not stated. Empty means not stated.' },
  { key: 'parentalResponsibility', heading: 'Parental responsibility', required: false, aliases: ['parent', 'parent or carer', 'has children'], help: 'Yes, no or not stated. Empty means not stated.' },
  { key: 'mainSubstance', heading: 'Main substance', required: true, aliases: ['substance', 'primary substance'], help: 'Drugs, alcohol, or drugs and alcohol.' },
  { key: 'complexity', heading: 'Complexity', required: false, aliases: ['complexity indicators', 'complex needs'], help: 'Any of the complexity indicators below, separated by semicolons (;).' },
  { key: 'eligibilityInformationGiven', heading: 'Eligibility information given', required: false, aliases: ['given eligibility information'], help: 'Yes if the person was told who residential treatment is for and how to get it. Empty means no.' },
  { key: 'identifiedOn', heading: 'Identified on', required: true, aliases: ['date identified', 'identified date'], help: 'The date the person was identified, like 23/11/{year} or {year}-11-23.' },
  { key: 'referredOn', heading: 'Referred on', required: false, aliases: ['date referred', 'referral date'], help: 'The date of the referral.' },
  { key: 'assessedOn', heading: 'Assessed on', required: false, aliases: ['date assessed', 'assessment date'], help: 'The date eligibility was decided. Needs an eligibility decision.' },
  { key: 'eligibilityDecision', heading: 'Eligibility decision', required: false, aliases: ['eligible', 'eligibility'], help: 'Eligible or not eligible. Needs the date assessed.' },
  { key: 'eligibilityReasons', heading: 'Eligibility reasons', required: false, aliases: ['eligibility reason', 'reasons'], help: 'Why, in up to 2,000 characters.' },
  { key: 'preparingOn', heading: 'Preparing from', required: false, aliases: ['preparation started', 'preparing on', 'preparation date'], help: 'The date preparation began (a preparation group, a visit, a detox plan).' },
  { key: 'preparationGroup', heading: 'Preparation group', required: false, aliases: [], help: 'Yes or no. Empty means no.' },
  { key: 'informationPackGiven', heading: 'Information pack given', required: false, aliases: ['information pack'], help: 'Yes or no. Empty means no.' },
  { key: 'serviceVisit', heading: 'Service visit', required: false, aliases: ['visited the service', 'visit'], help: 'Yes or no. Empty means no.' },
  { key: 'detoxArranged', heading: 'Detox arranged', required: false, aliases: [], help: 'Yes or no. Empty means no.' },
  { key: 'service', heading: 'Service', required: false, aliases: ['service name', 'residential service', 'placement'], help: 'The residential service’s name as it appears in the directory. Needed for an admission.' },
  { key: 'provider', heading: 'Provider', required: false, aliases: ['provider name'], help: 'The provider that runs the service. Only needed when 2 services in the directory have the same name.' },
  { key: 'fundingRequestedOn', heading: 'Funding requested on', required: false, aliases: ['date funding requested'], help: 'The date funding was asked for.' },
  { key: 'fundingRoute', heading: 'Funding route', required: false, aliases: ['route'], help: 'The funding route, from the list below.' },
  { key: 'fundingDecision', heading: 'Funding decision', required: false, aliases: [], help: 'Approved or declined. Needs the date decided.' },
  { key: 'fundingDecidedBy', heading: 'Funding decided by', required: false, aliases: ['decided by'], help: 'Funding panel or delegated officer.' },
  { key: 'fundingDecisionReason', heading: 'Funding decision reason', required: false, aliases: ['funding reason'], help: 'Up to 2,000 characters.' },
  { key: 'fundingDecidedOn', heading: 'Funding decided on', required: false, aliases: ['date funding decided', 'funding decision date'], help: 'The date of the funding decision.' },
  { key: 'waitingSince', heading: 'Waiting since', required: false, aliases: ['waiting from', 'date waiting'], help: 'The date the person began waiting for a place. Needs funding approved.' },
  { key: 'aftercarePlanAgreedOn', heading: 'Aftercare plan agreed on', required: false, aliases: ['aftercare plan agreed', 'aftercare agreed on'], help: 'The date the aftercare and transition plan was agreed. It should be on or before the admission date.' },
  { key: 'admittedWithoutAftercareReason', heading: 'Admitted without aftercare plan because', required: false, aliases: ['no aftercare plan reason', 'reason admitted without aftercare plan'], help: 'Needed when someone was admitted before an aftercare plan was agreed.' },
  { key: 'admittedOn', heading: 'Admitted on', required: false, aliases: ['admission date', 'date admitted'], help: 'The date of admission. Needs funding approved and the service.' },
  { key: 'plannedWeeks', heading: 'Planned weeks', required: false, aliases: ['planned length', 'planned stay weeks'], help: 'The planned length of stay, as a whole number of weeks from 1 to 104.' },
  { key: 'detoxIncluded', heading: 'Detox included', required: false, aliases: [], help: 'Yes or no. Empty means no.' },
  { key: 'weeklyCost', heading: 'Weekly cost', required: false, aliases: ['cost per week', 'weekly price'], help: 'In pounds, like 1250. Empty means the service’s weekly cost in the directory.' },
  { key: 'dischargedOn', heading: 'Discharged on', required: false, aliases: ['discharge date', 'date discharged'], help: 'The date the person left. Needs the admission date and the discharge outcome.' },
  { key: 'dischargeOutcome', heading: 'Discharge outcome', required: false, aliases: ['discharge reason', 'outcome'], help: 'How the stay ended, from the list below.' },
  { key: 'riskAssessmentSummary', heading: 'Risk assessment summary', required: false, aliases: ['risk assessment'], help: 'Needed when someone left early or was asked to leave. Up to 2,000 characters.' },
  { key: 'referrerToldAt', heading: 'Referrer told at', required: false, aliases: ['referrer notified at', 'referrer notified'], help: 'The date and time (UK time) the referrer was told about an unplanned discharge, like 23/11/{year} 14:30.' },
  { key: 'aftercareStartedOn', heading: 'Aftercare started on', required: false, aliases: ['aftercare start date'], help: 'The date aftercare began after discharge.' },
  { key: 'closedOn', heading: 'Closed on', required: false, aliases: ['date closed'], help: 'The date the record was closed, after discharge.' },
  { key: 'withdrawnOn', heading: 'Withdrawn on', required: false, aliases: ['date withdrawn'], help: 'The date the referral stopped before admission. Needs the reason.' },
  { key: 'withdrawnReason', heading: 'Withdrawn reason', required: false, aliases: ['withdrawal reason', 'reason withdrawn'], help: 'Why the referral stopped. Up to 2,000 characters.' },
];

/** Columns the export adds that the import recognises but does not read back. */
export const exportOnlyHeadings = ['NDTMS discharge reason', 'NDTMS exit status', 'Partnership'];

const columnByKey = new Map(referralImportColumns.map((column) => [column.key, column]));
export const headingOf = (key: ColumnKey) => (columnByKey.get(key) as ColumnSpec).heading;

export type HeadingsOutcome = HeadingsOutcomeOf<ColumnKey>;

/** Which column holds what, from the heading row; the columns only the export writes are passed over. */
export function readHeadings(headings: string[]): HeadingsOutcome {
  return matchHeadings(headings, referralImportColumns, exportOnlyHeadings);
}

/** The stages with a date of their own, in the order a referral passes through them. */
export const datedStages: Array<{ stage: Exclude<ReferralStage, 'withdrawn'>; key: ColumnKey }> = [
  { stage: 'identified', key: 'identifiedOn' },
  { stage: 'referred', key: 'referredOn' },
  { stage: 'assessed', key: 'assessedOn' },
  { stage: 'preparing', key: 'preparingOn' },
  { stage: 'funding_requested', key: 'fundingRequestedOn' },
  { stage: 'funding_decided', key: 'fundingDecidedOn' },
  { stage: 'waiting', key: 'waitingSince' },
  { stage: 'admitted', key: 'admittedOn' },
  { stage: 'discharged', key: 'dischargedOn' },
  { stage: 'aftercare', key: 'aftercareStartedOn' },
  { stage: 'closed', key: 'closedOn' },
];

/** The column holding each stage's date; a withdrawal's date has no place in the usual order. */
export const stageDateKey: Record<ReferralStage, ColumnKey> = {
  ...(Object.fromEntries(datedStages.map(({ stage, key }) => [stage, key])) as Record<Exclude<ReferralStage, 'withdrawn'>, ColumnKey>),
  withdrawn: 'withdrawnOn',
};
