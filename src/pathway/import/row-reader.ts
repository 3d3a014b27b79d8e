import type { DischargeOutcome, eligibilityDecisions, fundingDeciders, fundingDecisions, fundingRoutes, ReferralStage } from '../../platform/db/schema.js';
import { type ChoiceList, cleanText, orList, quoted, readChoiceList, readDate, readPounds, readWholeNumber, readYesNo } from '../../platform/tabular/cells.js';
import { type RowProblem, rowReader } from '../../platform/tabular/columns.js';
import { ageBandLabels, identifiedViaLabels } from '../labels.js';
import type { ReferralDetails } from '../rules/referral-details.js';
import { readAgeBand, readDateTime, referenceProblem, roleProblem } from './cell-values.js';
import { choiceLists } from './choice-lists.js';
import { type ColumnKey, headingOf, limits } from './columns.js';
import { checkAftercarePlanDate, checkAnswersHaveTheirDates, checkGivenStage, importedReferral, walkJourney } from './row-checks.js';
import type { ServiceFinder } from './service-finder.js';

/**
 * Reading one row of a file of referral histories: one row per referral, with its details and
 * the date (and outcome) of every stage it reached. Pure functions: no database, no web, no
 * files. Every problem names the row (as a spreadsheet numbers it: the headings are row 1) and
 * the column, and says what to change. The columns are read in the file's order, a group at a
 * time, so the problems come out in that order too.
 */

export interface RowContext {
  /** 'YYYY-MM-DD', UK time: no date may be later. */
  today: string;
  now: Date;
  services: ServiceFinder;
}

/** One referral, ready to store. Dates are 'YYYY-MM-DD'. */
export interface ImportedReferral extends ReferralDetails {
  row: number;
  stage: ReferralStage;
  referredOn: string | null;
  assessedOn: string | null;
  eligibilityDecision: (typeof eligibilityDecisions)[number] | null;
  eligibilityReasons: string;
  preparingOn: string | null;
  preparationGroup: boolean;
  informationPackGiven: boolean;
  serviceVisit: boolean;
  detoxArranged: boolean;
  serviceId: string | null;
  serviceName: string | null;
  fundingRequestedOn: string | null;
  fundingRoute: (typeof fundingRoutes)[number] | null;
  fundingDecision: (typeof fundingDecisions)[number] | null;
  fundingDecidedBy: (typeof fundingDeciders)[number] | null;
  fundingDecisionReason: string;
  fundingDecidedOn: string | null;
  waitingSince: string | null;
  aftercarePlanAgreedOn: string | null;
  admittedWithoutAftercareReason: string;
  admittedOn: string | null;
  plannedWeeks: number | null;
  detoxIncluded: boolean;
  weeklyCostPence: number | null;
  dischargedOn: string | null;
  dischargeOutcome: DischargeOutcome | null;
  riskAssessmentSummary: string;
  referrerNotifiedAt: Date | null;
  aftercareStartedOn: string | null;
  closedOn: string | null;
  withdrawnOn: string | null;
  withdrawnFromStage: ReferralStage | null;
  withdrawnReason: string;
}

export type RowOutcome = { ok: true; referral: ImportedReferral } | { ok: false; problems: RowProblem[] };


/** The row's cells, read as text, dates, yes or no, or an answer from a list; each problem is recorded against its column. */
function rowCells(cells: readonly string[], columnIndex: ReadonlyMap<ColumnKey, number>, row: number, today: string) {
  const { problems, cell, complain, take } = rowReader(cells, columnIndex, row, headingOf, { firstPerColumn: true });
  const text = (key: ColumnKey, maximum: number, multiline = false) => {
    const value = cleanText(cell(key), multiline);
    if (value.length > maximum) {
      complain(key, `must be ${maximum.toLocaleString('en-GB')} characters or fewer`);
      return value.slice(0, maximum);
    }
    return value;
  };
  const choice = <T extends string>(key: ColumnKey, list: ChoiceList<T>, what: string): T | null => {
    const raw = cleanText(cell(key));
    if (!raw) return null;
    const code = list.find(raw);
    if (code === undefined) complain(key, `${quoted(raw)} is not ${what}. Use ${orList(list.labels)}`);
    return code ?? null;
  };
  const date = (key: ColumnKey) => take(key, readDate(cell(key), today), null);
  const yesNo = (key: ColumnKey) => take(key, readYesNo(cell(key)), false);
  return { problems, cell, complain, take, text, choice, date, yesNo };
}

export type RowCells = ReturnType<typeof rowCells>;

function readIdentification({ cell, complain, choice, text }: RowCells) {
  const localReference = cleanText(cell('reference'));
  const referenceIssue = referenceProblem(localReference);
  if (referenceIssue) complain('reference', referenceIssue);
  const givenStage = choice('stage', choiceLists.stage, 'a stage');
  const via = choice('identifiedVia', choiceLists.identifiedVia, 'a way of being identified');
  if (!via && !cleanText(cell('identifiedVia'))) complain('identifiedVia', `enter how the person was identified, like ${identifiedViaLabels.care_plan_review}`);
  const referringService = text('referringService', limits.shortText);
  const keyworkerRole = text('keyworkerRole', limits.shortText);
  const roleIssue = keyworkerRole ? roleProblem(keyworkerRole) : null;
  if (roleIssue) complain('keyworkerRole', roleIssue);
  return { localReference, givenStage, via, referringService, keyworkerRole };
}

function readEqualityFields({ cell, complain, take, choice }: RowCells) {
  const ageBand = take('ageBand', readAgeBand(cell('ageBand')), null);
  if (!ageBand && !cleanText(cell('ageBand'))) complain('ageBand', `enter the age band, like ${ageBandLabels['25-34']}`);
  const sex = choice('sex', choiceLists.sex, 'in the list of answers for sex') ?? 'not_stated';
  const ethnicityGroup = choice('ethnicity', choiceLists.ethnicity, 'an ethnic group') ?? 'not_stated';
  const disability = choice('disability', choiceLists.yesNoNotStated, 'an answer for disability') ?? 'not_stated';
  const pregnant = choice('pregnant', choiceLists.pregnant, 'an answer for pregnancy') ?? 'not_stated';
  const parentalResponsibility = choice('parentalResponsibility', choiceLists.yesNoNotStated, 'an answer for parental responsibility') ?? 'not_stated';
  return { ageBand, sex, ethnicityGroup, disability, pregnant, parentalResponsibility };
}

function readNeeds({ cell, complain, take, choice, yesNo }: RowCells) {
  const mainSubstance = choice('mainSubstance', choiceLists.mainSubstance, 'a main substance');
  if (!mainSubstance && !cleanText(cell('mainSubstance'))) complain('mainSubstance', 'enter the main substance: drugs, alcohol, or drugs and alcohol');
  const complexity = take('complexity', readChoiceList(cell('complexity'), choiceLists.complexity, 'complexity indicators'), []);
  const eligibilityInformationGiven = yesNo('eligibilityInformationGiven');
  return { mainSubstance, complexity, eligibilityInformationGiven };
}

function readReferralAndAssessment({ cell, complain, choice, date, text }: RowCells) {
  const identifiedOn = date('identifiedOn');
  if (!identifiedOn && !cleanText(cell('identifiedOn'))) complain('identifiedOn', 'enter the date the person was identified');
  const referredOn = date('referredOn');
  const assessedOn = date('assessedOn');
  const eligibilityDecision = choice('eligibilityDecision', choiceLists.eligibilityDecision, 'an eligibility decision');
  const eligibilityReasons = text('eligibilityReasons', limits.longText, true);
  return { identifiedOn, referredOn, assessedOn, eligibilityDecision, eligibilityReasons };
}

function readPreparation({ cell, complain, take, date, yesNo }: RowCells, services: ServiceFinder) {
  const preparingOn = date('preparingOn');
  const preparationGroup = yesNo('preparationGroup');
  const informationPackGiven = yesNo('informationPackGiven');
  const serviceVisit = yesNo('serviceVisit');
  const detoxArranged = yesNo('detoxArranged');
  const serviceName = cleanText(cell('service'));
  const providerName = cleanText(cell('provider'));
  const service = serviceName ? take('service', services.find(serviceName, providerName), null) : null;
  if (!serviceName && providerName) complain('service', 'enter the service’s name as well as its provider');
  return { preparingOn, preparationGroup, informationPackGiven, serviceVisit, detoxArranged, service };
}

function readFunding({ choice, date, text }: RowCells) {
  const fundingRequestedOn = date('fundingRequestedOn');
  const fundingRoute = choice('fundingRoute', choiceLists.fundingRoute, 'a funding route');
  const fundingDecision = choice('fundingDecision', choiceLists.fundingDecision, 'a funding decision');
  const fundingDecidedBy = choice('fundingDecidedBy', choiceLists.fundingDecidedBy, 'who decides funding');
  const fundingDecisionReason = text('fundingDecisionReason', limits.longText, true);
  const fundingDecidedOn = date('fundingDecidedOn');
  const waitingSince = date('waitingSince');
  return { fundingRequestedOn, fundingRoute, fundingDecision, fundingDecidedBy, fundingDecisionReason, fundingDecidedOn, waitingSince };
}

function readAdmission({ cell, complain, take, date, text, yesNo }: RowCells) {
  const aftercarePlanAgreedOn = date('aftercarePlanAgreedOn');
  const admittedWithoutAftercareReason = text('admittedWithoutAftercareReason', limits.longText, true);
  const admittedOn = date('admittedOn');
  const plannedWeeks = take('plannedWeeks', readWholeNumber(cell('plannedWeeks'), limits.plannedWeeks, { example: '12', noun: 'weeks' }), null);
  if (plannedWeeks === 0) complain('plannedWeeks', 'enter at least 1 week');
  const detoxIncluded = yesNo('detoxIncluded');
  const weeklyCost = take('weeklyCost', readPounds(cell('weeklyCost'), limits.weeklyCostPounds), null);
  return { aftercarePlanAgreedOn, admittedWithoutAftercareReason, admittedOn, plannedWeeks, detoxIncluded, weeklyCost };
}

function readDischarge({ cell, take, choice, date, text }: RowCells, context: RowContext) {
  const dischargedOn = date('dischargedOn');
  const dischargeOutcome = choice('dischargeOutcome', choiceLists.dischargeOutcome, 'a discharge outcome');
  const riskAssessmentSummary = text('riskAssessmentSummary', limits.longText, true);
  const referrerTold = take('referrerToldAt', readDateTime(cell('referrerToldAt'), context.today, context.now), null);
  const aftercareStartedOn = date('aftercareStartedOn');
  const closedOn = date('closedOn');
  return { dischargedOn, dischargeOutcome, riskAssessmentSummary, referrerTold, aftercareStartedOn, closedOn };
}

function readWithdrawal({ date, text }: RowCells) {
  const withdrawnOn = date('withdrawnOn');
  const withdrawnReason = text('withdrawnReason', limits.longText, true);
  return { withdrawnOn, withdrawnReason };
}

/** Every value in the row, as read from its cells (before the checks across the row). */
export type RowValues = ReturnType<typeof readIdentification> &
  ReturnType<typeof readEqualityFields> &
  ReturnType<typeof readNeeds> &
  ReturnType<typeof readReferralAndAssessment> &
  ReturnType<typeof readPreparation> &
  ReturnType<typeof readFunding> &
  ReturnType<typeof readAdmission> &
  ReturnType<typeof readDischarge> &
  ReturnType<typeof readWithdrawal>;

/**
 * Reads and checks one row. `cells` are the row's values; `columnIndex` says which cell holds
 * which column; `row` is its number in the file (the headings are row 1).
 */
export function readReferralRow(cells: readonly string[], columnIndex: ReadonlyMap<ColumnKey, number>, row: number, context: RowContext): RowOutcome {
  const reader = rowCells(cells, columnIndex, row, context.today);
  const values: RowValues = Object.assign(
    readIdentification(reader),
    readEqualityFields(reader),
    readNeeds(reader),
    readReferralAndAssessment(reader),
    readPreparation(reader, context.services),
    readFunding(reader),
    readAdmission(reader),
    readDischarge(reader, context),
    readWithdrawal(reader),
  );
  checkAnswersHaveTheirDates(reader, values);
  const state = walkJourney(reader, values, context.today);
  checkAftercarePlanDate(reader, values);
  checkGivenStage(reader, values.givenStage, state);
  if (reader.problems.length) return { ok: false, problems: reader.problems };
  return { ok: true, referral: importedReferral(row, values, state) };
}
