import { type AgeBand, type IdentifiedVia, type mainSubstances, type ReferralStage, referralStages } from '../../platform/db/schema.js';
import { cleanText, orList } from '../../platform/tabular/cells.js';
import { longDate } from '../../platform/values/calendar.js';
import { stageTags } from '../labels.js';
import { newReferralState, type ReferralState, type StageDetails } from '../rules/referral-state.js';
import { allowedNextStages, currentStageDate, isFinal, nextStages, stageNames } from '../rules/stages.js';
import { applyTransition, transitionProblems } from '../rules/transitions.js';
import { fromForm } from './cell-values.js';
import { type ColumnKey, headingOf, stageDateKey } from './columns.js';
import type { ImportedReferral, RowCells, RowValues } from './row-reader.js';

/**
 * The checks across a row, once each cell has been read: answers need the date of their stage,
 * and the dates must make a journey the referral could have taken through the same rules as
 * the forms.
 */

/** The stages a row's dates can take a referral through, in order; withdrawal comes last. */
const journeyStages = referralStages.filter((stage): stage is Exclude<ReferralStage, 'identified'> => stage !== 'identified');

/** Answers without the date of the stage they belong to. */
export function checkAnswersHaveTheirDates({ cell, complain }: RowCells, values: RowValues): void {
  const orphan = (key: ColumnKey, dateKey: ColumnKey, message: string) => {
    if (cleanText(cell(key)) && !cleanText(cell(dateKey))) complain(dateKey, message);
  };
  orphan('eligibilityDecision', 'assessedOn', 'enter the date of the assessment that made the eligibility decision');
  orphan('fundingDecision', 'fundingDecidedOn', 'enter the date of the funding decision');
  orphan('dischargeOutcome', 'dischargedOn', 'enter the date of the discharge');
  orphan('withdrawnReason', 'withdrawnOn', 'enter the date the referral was withdrawn, or leave the reason empty');
  if (values.referrerTold && !values.dischargedOn && !cleanText(cell('dischargedOn'))) {
    complain('referrerToldAt', 'the referrer is told about a discharge: fill in Discharged on as well, or leave this empty');
  }
}

/** An aftercare plan the admission can count: one agreed on or before the admission date. */
function planBeforeAdmission({ aftercarePlanAgreedOn, admittedOn }: RowValues): string | null {
  return aftercarePlanAgreedOn && admittedOn && aftercarePlanAgreedOn <= admittedOn ? aftercarePlanAgreedOn : null;
}

/** What the row records for each stage, as the stage forms would give it. */
function stageDetailsOf(values: RowValues): Record<Exclude<ReferralStage, 'identified'>, StageDetails> {
  const serviceId = values.service?.id ?? null;
  return {
    referred: { date: values.referredOn },
    assessed: { date: values.assessedOn, eligibilityDecision: values.eligibilityDecision, eligibilityReasons: values.eligibilityReasons },
    preparing: {
      date: values.preparingOn,
      preparationGroup: values.preparationGroup,
      informationPackGiven: values.informationPackGiven,
      serviceVisit: values.serviceVisit,
      detoxArranged: values.detoxArranged,
      serviceId,
    },
    funding_requested: { date: values.fundingRequestedOn, fundingRoute: values.fundingRoute, serviceId },
    funding_decided: {
      date: values.fundingDecidedOn,
      fundingDecision: values.fundingDecision,
      fundingDecidedBy: values.fundingDecidedBy,
      fundingDecisionReason: values.fundingDecisionReason,
    },
    waiting: { date: values.waitingSince },
    admitted: {
      date: values.admittedOn,
      serviceId,
      plannedWeeks: values.plannedWeeks,
      detoxIncluded: values.detoxIncluded,
      weeklyCostPence: values.weeklyCost ?? values.service?.weeklyCostPence ?? null,
      aftercarePlanAgreedOn: planBeforeAdmission(values),
      noAftercarePlanReason: values.admittedWithoutAftercareReason,
    },
    discharged: {
      date: values.dischargedOn,
      dischargeOutcome: values.dischargeOutcome,
      riskAssessmentSummary: values.riskAssessmentSummary,
      referrerNotifiedAt: values.referrerTold?.moment ?? null,
      referrerNotYetTold: !values.referrerTold,
    },
    aftercare: { date: values.aftercareStartedOn },
    closed: { date: values.closedOn },
    withdrawn: { date: values.withdrawnOn, withdrawnReason: values.withdrawnReason },
  };
}

/** A plan agreed after admission is kept, as the referral page would record it later. */
const planAgreedAfterAdmission = (values: RowValues) => Boolean(values.aftercarePlanAgreedOn && !planBeforeAdmission(values));

/** The column a stage form's field comes from in the row; the stage's date when it has no column of its own. */
function columnOfField(stage: ReferralStage, field: string, values: RowValues): ColumnKey {
  const byField: Record<string, ColumnKey> = {
    eligibilityDecision: 'eligibilityDecision',
    eligibilityReasons: 'eligibilityReasons',
    serviceId: 'service',
    fundingRoute: 'fundingRoute',
    fundingDecision: 'fundingDecision',
    fundingDecidedBy: 'fundingDecidedBy',
    fundingDecisionReason: 'fundingDecisionReason',
    plannedWeeks: 'plannedWeeks',
    weeklyCost: 'weeklyCost',
    aftercarePlanAgreedOn: planAgreedAfterAdmission(values) ? 'admittedWithoutAftercareReason' : 'aftercarePlanAgreedOn',
    dischargeOutcome: 'dischargeOutcome',
    riskAssessmentSummary: 'riskAssessmentSummary',
    referrerNotifiedOn: 'referrerToldAt',
    withdrawnReason: 'withdrawnReason',
  };
  return byField[field] ?? stageDateKey[stage];
}

/** Why the referral, at `walking`, cannot go on to `stage` as the row's next date says. */
function missingStepMessage(walking: ReferralState, stage: ReferralStage): string {
  if (isFinal(walking.stage)) {
    return `the referral was ${stageNames[walking.stage]} on ${longDate(currentStageDate(walking).date)}, so it cannot reach a later stage. Remove this date, or the date it was ${stageNames[walking.stage]}`;
  }
  const missing = allowedNextStages(walking)
    .filter((next) => next !== 'withdrawn' && next !== 'closed')
    .map((next) => headingOf(stageDateKey[next]));
  return missing.length
    ? `the row has no date for the stage before this one. Fill in ${orList(missing)} as well, or remove this date`
    : `a referral that is ${stageNames[walking.stage]} cannot go on to be ${stageNames[stage]}. Remove this date`;
}

/**
 * The referral's journey, stage by stage through the same rules as the forms, and where it ends.
 * Only a row whose values all read cleanly is walked: otherwise the messages already given are
 * the ones to act on first. Null when the row has problems.
 */
export function walkJourney({ problems, complain }: RowCells, values: RowValues, today: string): ReferralState | null {
  if (problems.length || !values.identifiedOn) return null;
  const details = stageDetailsOf(values);
  const walking: ReferralState = newReferralState(values.identifiedOn);
  for (const stage of journeyStages) {
    const stageDetails = details[stage];
    if (!stageDetails.date) continue;
    if (!nextStages(walking.stage).includes(stage) && (isFinal(walking.stage) || stage !== 'withdrawn')) {
      complain(stageDateKey[stage], missingStepMessage(walking, stage));
      break;
    }
    const found = transitionProblems(walking, stage, stageDetails, today);
    if (found.length) {
      for (const [field, message] of found) {
        const laterPlan = field === 'aftercarePlanAgreedOn' && planAgreedAfterAdmission(values);
        complain(columnOfField(stage, field, values), laterPlan ? 'the aftercare plan was agreed after admission. Say why the person was admitted without one' : fromForm(message));
      }
      break;
    }
    // The walk's own copy of the state, changed in place: a new copy for each of a file's stages cost more than the checks.
    Object.assign(walking, applyTransition(walking, stage, stageDetails));
  }
  return problems.length ? null : walking;
}

/** A plan agreed after admission is kept, but never one agreed before the person was identified. */
export function checkAftercarePlanDate({ complain }: RowCells, { aftercarePlanAgreedOn, identifiedOn }: RowValues): void {
  if (aftercarePlanAgreedOn && identifiedOn && aftercarePlanAgreedOn < identifiedOn) {
    complain('aftercarePlanAgreedOn', `the date is before ${headingOf('identifiedOn')} (${longDate(identifiedOn)})`);
  }
}

/** A stage filled in must agree with the one the dates show. */
export function checkGivenStage({ complain }: RowCells, givenStage: ReferralStage | null, state: ReferralState | null): void {
  const stage: ReferralStage = state?.stage ?? 'identified';
  if (state && givenStage && givenStage !== stage) {
    complain('stage', `the row says ${stageTags[givenStage].text} but its dates show ${stageTags[stage].text}. Correct the stage or the dates, or leave the stage empty`);
  }
}

/** The row as one referral ready to store, once nothing is wrong with it. */
export function importedReferral(row: number, values: RowValues, state: ReferralState | null): ImportedReferral {
  return {
    row,
    localReference: values.localReference,
    stage: state?.stage ?? 'identified',
    identifiedVia: values.via as IdentifiedVia,
    referringService: values.referringService,
    keyworkerRole: values.keyworkerRole,
    ageBand: values.ageBand as AgeBand,
    sex: values.sex,
    ethnicityGroup: values.ethnicityGroup,
    disability: values.disability,
    pregnant: values.pregnant,
    parentalResponsibility: values.parentalResponsibility,
    mainSubstance: values.mainSubstance as (typeof mainSubstances)[number],
    complexity: values.complexity,
    eligibilityInformationGiven: values.eligibilityInformationGiven,
    identifiedOn: values.identifiedOn as string,
    referredOn: values.referredOn,
    assessedOn: values.assessedOn,
    eligibilityDecision: values.eligibilityDecision,
    eligibilityReasons: values.eligibilityReasons,
    preparingOn: values.preparingOn,
    preparationGroup: values.preparationGroup,
    informationPackGiven: values.informationPackGiven,
    serviceVisit: values.serviceVisit,
    detoxArranged: values.detoxArranged,
    serviceId: values.service?.id ?? null,
    serviceName: values.service?.name ?? null,
    fundingRequestedOn: values.fundingRequestedOn,
    fundingRoute: values.fundingRoute,
    fundingDecision: values.fundingDecision,
    fundingDecidedBy: values.fundingDecidedBy,
    fundingDecisionReason: values.fundingDecisionReason,
    fundingDecidedOn: values.fundingDecidedOn,
    waitingSince: values.waitingSince,
    aftercarePlanAgreedOn: values.aftercarePlanAgreedOn,
    admittedWithoutAftercareReason: state?.aftercare_plan_agreed_on && values.admittedOn ? '' : values.admittedWithoutAftercareReason,
    admittedOn: values.admittedOn,
    plannedWeeks: values.plannedWeeks,
    detoxIncluded: values.detoxIncluded,
    weeklyCostPence: values.weeklyCost ?? (values.admittedOn ? (values.service?.weeklyCostPence ?? null) : null),
    dischargedOn: values.dischargedOn,
    dischargeOutcome: values.dischargeOutcome,
    riskAssessmentSummary: values.riskAssessmentSummary,
    referrerNotifiedAt: values.referrerTold?.moment ?? null,
    aftercareStartedOn: values.aftercareStartedOn,
    closedOn: values.closedOn,
    withdrawnOn: values.withdrawnOn,
    withdrawnFromStage: (state as ReferralState & { withdrawn_from_stage?: ReferralStage | null }).withdrawn_from_stage ?? null,
    withdrawnReason: values.withdrawnReason,
  };
}
