import { addDays, ukNumericDate, ukToday } from '../../platform/values/calendar.js';
import { writeCsv } from '../../platform/tabular/csv-write.js';
import { type ColumnKey, referralImportColumns } from './columns.js';
import { ageBandLabels, complexityLabels, dischargeOutcomeLabels, fundingDeciderLabels, fundingRouteLabels, identifiedViaLabels } from '../labels.js';

/**
 * A short file in the layout the import reads, with invented referrals, to download and copy.
 * `service` is a service from the directory, so the example's admissions import as they are.
 */
export function exampleReferralsCsv(now: Date, service: { name: string; providerName: string } | null): string {
  const today = ukToday(now);
  const date = (daysAgo: number) => ukNumericDate(addDays(today, -daysAgo));
  const referenceYear = Number(today.slice(0, 4)) - 1;
  const rows: Array<Partial<Record<ColumnKey, string>>> = [
    {
      reference: `EX-${referenceYear}-0001`,
      identifiedVia: identifiedViaLabels.care_plan_review,
      referringService: 'Example Community Recovery Service',
      keyworkerRole: 'Recovery worker, alcohol team',
      ageBand: ageBandLabels['45-54'],
      sex: 'Female',
      ethnicity: 'White',
      disability: 'No',
      pregnant: 'Does not apply',
      parentalResponsibility: 'Yes',
      mainSubstance: 'Alcohol',
      complexity: `${complexityLabels.physical_health}; ${complexityLabels.community_treatment_not_worked}`,
      eligibilityInformationGiven: 'Yes',
      identifiedOn: date(300),
      referredOn: date(290),
      assessedOn: date(280),
      eligibilityDecision: 'Eligible',
      eligibilityReasons: 'Two community detoxes have not lasted; liver function is getting worse.',
      preparingOn: date(275),
      preparationGroup: 'Yes',
      informationPackGiven: 'Yes',
      serviceVisit: 'Yes',
      detoxArranged: 'Yes',
      service: service?.name ?? '',
      provider: service?.providerName ?? '',
      fundingRequestedOn: date(260),
      fundingRoute: fundingRouteLabels.standard,
      fundingDecision: 'Approved',
      fundingDecidedBy: fundingDeciderLabels.panel,
      fundingDecidedOn: date(252),
      waitingSince: date(252),
      aftercarePlanAgreedOn: date(240),
      admittedOn: date(230),
      plannedWeeks: '12',
      detoxIncluded: 'Yes',
      dischargedOn: date(146),
      dischargeOutcome: dischargeOutcomeLabels.completed,
      aftercareStartedOn: date(145),
    },
    {
      reference: `EX-${referenceYear}-0002`,
      identifiedVia: 'prison',
      referringService: 'Example Prison healthcare team',
      keyworkerRole: 'Criminal justice team keyworker',
      ageBand: '29',
      sex: 'male',
      ethnicity: 'mixed',
      mainSubstance: 'both',
      complexity: 'homelessness; criminal_justice',
      identifiedOn: date(200),
      referredOn: date(196),
      assessedOn: date(185),
      eligibilityDecision: 'eligible',
      service: service?.name ?? '',
      provider: service?.providerName ?? '',
      fundingRequestedOn: date(180),
      fundingRoute: 'standard',
      fundingDecision: 'approved',
      fundingDecidedBy: 'delegated_officer',
      fundingDecidedOn: date(170),
      aftercarePlanAgreedOn: date(168),
      admittedOn: date(160),
      plannedWeeks: '16',
      dischargedOn: date(150),
      dischargeOutcome: dischargeOutcomeLabels.left_early,
      riskAssessmentSummary: 'Left after 10 days. Overdose risk explained; naloxone given; community team to contact within 24 hours.',
      referrerToldAt: `${date(150)} 16:20`,
    },
    {
      reference: `EX-${referenceYear + 1}-0003`,
      identifiedVia: identifiedViaLabels.presentation,
      referringService: 'Example Community Recovery Service',
      keyworkerRole: 'Care coordinator',
      ageBand: ageBandLabels['25-34'],
      mainSubstance: 'Drugs',
      identifiedOn: date(40),
      referredOn: date(35),
      withdrawnOn: date(20),
      withdrawnReason: 'Chose to carry on with community treatment for now.',
    },
  ];
  const usable = service ? rows : rows.filter((row) => !row.admittedOn);
  return writeCsv([referralImportColumns.map((column) => column.heading), ...usable.map((row) => referralImportColumns.map((column) => row[column.key] ?? ''))]);
}
