import type { Insertable, Transaction } from 'kysely';
import { textArray } from '../platform/db/arrays.js';
import type {
  AgeBand,
  ComplexityIndicator,
  Database,
  DischargeOutcome,
  IdentifiedVia,
  ReferralReviewKind,
  ReferralStage,
  ReferralTable,
  ServiceKind,
} from '../platform/db/schema.js';
import { formatDate, formatDateTime } from '../platform/web/dates.js';
import { dischargeOutcomeLabels, fundingRouteLabels, identifiedViaLabels, reviewKindLabels, unplannedOutcomes } from '../pathway/labels.js';
import { followUpDates, referrerNotificationDeadline, reviewSchedule } from '../pathway/stage-rules.js';
import { addDays, ukDateOf, ukLocalToInstant, workingDaysBetween } from '../platform/values/calendar.js';
import { isoDaysFrom, seededRandom } from './random.js';

/**
 * About 300 invented referrals for the demo partnership (Northmoor) over the last two years,
 * following a realistic funnel: many people identified, fewer referred, some found not eligible,
 * some declined funding, most of the rest admitted to the demo directory's services (often the
 * demo provider's, Hillside), about half of them completing. Some drop out early, a few leave
 * unplanned and the referrer hears late, a few are admitted without an aftercare plan; people
 * wait, are contacted while waiting, and are reviewed during the stay and followed up after it,
 * with some reviews overdue. Every person is a local reference like NM-2025-0412: no names,
 * and every team and service is invented. The same `today` always gives the same data.
 */

export const demoReferralCount = 300;

const notAfter = (isoDate: string, latest: string) => (isoDate > latest ? latest : isoDate);

export interface DemoServiceRef {
  id: string;
  name: string;
  kind: ServiceKind;
  weeklyCostPence: number | null;
  typicalWeeks: number | null;
  providerName: string;
}

type Actor = 'staff' | 'provider';

export interface PlannedEvent {
  on: string;
  type: string;
  stage: ReferralStage | null;
  summary: string;
  by: Actor;
}

export interface PlannedReferral {
  values: Omit<Insertable<ReferralTable>, 'partnership_id' | 'complexity' | 'created_by'> & { complexity: ComplexityIndicator[] };
  serviceName: string | null;
  events: PlannedEvent[];
  contacts: Array<{ on: string; note: string }>;
  reviews: Array<{ kind: ReferralReviewKind; dueOn: string; completedOn: string | null; notes: string; by: Actor }>;
}

// Words --------------------------------------------------------------------------------------------

const referringServices: Record<IdentifiedVia, string[]> = {
  presentation: ['Northmoor Community Recovery Service (demo)', 'Northmoor Women’s Recovery Hub (demo)'],
  care_plan_review: ['Northmoor Community Recovery Service (demo)', 'Northmoor Shared Care (demo)', 'Northmoor Women’s Recovery Hub (demo)'],
  treatment_exit: ['Northmoor Community Recovery Service (demo)'],
  prison: ['HMP Northmoor treatment team (demo)'],
  hospital: ['Northmoor Hospitals Trust alcohol care team (demo)'],
  self_referral: ['Northmoor Community Recovery Service (demo)'],
  other: ['Northmoor Housing Trust outreach team (demo)', 'Northmoor Probation Delivery Unit (demo)'],
};

const keyworkerRoles: Record<IdentifiedVia, string[]> = {
  presentation: ['Recovery worker, drugs team', 'Recovery worker, alcohol team', 'Women’s team keyworker'],
  care_plan_review: ['Care coordinator, drugs team', 'Recovery worker, alcohol team', 'Shared care nurse', 'Women’s team keyworker'],
  treatment_exit: ['Care coordinator, drugs team'],
  prison: ['Prison healthcare substance misuse worker', 'Criminal justice team keyworker'],
  hospital: ['Alcohol liaison nurse'],
  self_referral: ['Duty worker, community recovery service'],
  other: ['Housing outreach worker', 'Probation drug and alcohol lead'],
};

const eligibleReasons = [
  'Several community treatment attempts have not lasted; housing is at risk.',
  'Needs a safe place away from current contacts to stop using.',
  'Liver function getting worse; medically managed detox then rehab advised.',
  'Repeated hospital admissions; community detox not safe at home.',
  'Leaving custody with no stable address; high risk of overdose on release.',
];
const notEligibleReasons = [
  'Needs can be met safely with more intensive community support for now.',
  'Physical health needs nursing care the services cannot provide; referred to the hospital team.',
  'Not ready to stop using; agreed to look again at the next care-plan review.',
];
const declineReasons = ['Panel asked for 8 weeks of stability in community treatment first.', 'Out-of-area placement not agreed; a local service was offered instead.'];
const contactNotes = [
  'Phoned to check in; still keen to go.',
  'Met at the community hub; attending groups.',
  'Text reminder about the visit to the service.',
  'Keyworker visit; detox plan confirmed.',
  'Missed an appointment; reached by phone the next day.',
];
const stayReviewNotes = ['Settling in; taking part in groups.', 'Care plan updated; family contact agreed.', 'Risk reviewed: no new concerns.', 'Cravings discussed; relapse prevention plan updated.'];
const followUpNotes = ['Still abstinent; going to mutual aid.', 'Lapsed once; back in touch with the community team.', 'In a work placement and doing well.', 'Could not be reached after 3 tries.'];
const riskSummaries: Record<'left_early' | 'asked_to_leave', string[]> = {
  left_early: [
    'Left after a disagreement with another resident. Overdose risk explained; naloxone given; community team asked to see them within 24 hours.',
    'Left during the first week saying they missed home. Risk assessed before leaving; naloxone given; family aware.',
  ],
  asked_to_leave: ['Asked to leave after using on site. Risk assessment done before leaving; naloxone given; taxi to a family address arranged.'],
};
const noAftercareReasons = [
  'Urgent admission from hospital; aftercare plan to be agreed in the first week.',
  'Bed came up at short notice; community team to agree the plan during the stay.',
];

// The people --------------------------------------------------------------------------------------------

/** Repeatable random choices from one seed. */
function randomTools(seed: number) {
  const random = seededRandom(seed);
  const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  const chance = (probability: number) => random() < probability;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  function weighted<T>(options: ReadonlyArray<readonly [T, number]>): T {
    const total = options.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = random() * total;
    for (const [value, weight] of options) {
      if (roll < weight) return value;
      roll -= weight;
    }
    return (options.at(-1) as readonly [T, number])[0];
  }
  return { random, between, chance, pick, weighted };
}

export function planDemoReferrals(today: Date, services: readonly DemoServiceRef[]): PlannedReferral[] {
  const main = randomTools(5150);
  const todayIso = isoDaysFrom(today, 0);
  const service = (name: string) => services.find((candidate) => candidate.name === name) ?? null;

  const starts = Array.from({ length: demoReferralCount }, () => main.between(0, 730)).sort((a, b) => b - a);
  const counters = new Map<string, number>();

  return starts.map((daysAgo, index) => {
    const identifiedOn = isoDaysFrom(today, -daysAgo);
    const year = identifiedOn.slice(0, 4);
    const number = (counters.get(year) ?? main.between(20, 60)) + main.between(1, 4);
    counters.set(year, number);
    // Each person's story has its own random sequence, so changing one part of the story
    // does not reshuffle everyone else's.
    const { random, between, chance, pick, weighted } = randomTools(((index + 1) * 2_654_435_761) % 2_147_483_647);

    const via = weighted<IdentifiedVia>([
      ['presentation', 22],
      ['care_plan_review', 30],
      ['treatment_exit', 8],
      ['prison', 12],
      ['hospital', 12],
      ['self_referral', 10],
      ['other', 6],
    ]);
    const sex = weighted([
      ['male', 64],
      ['female', 34],
      ['other', 1],
      ['not_stated', 1],
    ] as const);
    const ageBand = weighted<AgeBand>([
      ['18-24', 7],
      ['25-34', 24],
      ['35-44', 32],
      ['45-54', 24],
      ['55-64', 10],
      ['65+', 3],
    ]);
    const substance = via === 'hospital' ? weighted([['alcohol', 8], ['both', 2]] as const) : weighted([['drugs', 38], ['alcohol', 42], ['both', 20]] as const);
    const pregnant = sex === 'female' ? weighted([['yes', 4], ['no', 90], ['not_stated', 6]] as const) : sex === 'male' ? 'not_applicable' : 'not_stated';
    const parent = weighted([['yes', 30], ['no', 62], ['not_stated', 8]] as const);
    const complexity: ComplexityIndicator[] = [];
    if (chance(substance === 'drugs' ? 0.25 : 0.5)) complexity.push('physical_health');
    if (chance(0.55)) complexity.push('mental_health');
    if (chance(0.2)) complexity.push('unsafe_in_community');
    if (chance(0.6)) complexity.push('community_treatment_not_worked');
    if ((pregnant === 'yes' || parent === 'yes') && chance(0.7)) complexity.push('pregnant_or_parent');
    if (chance(via === 'prison' ? 0.5 : 0.22)) complexity.push('homelessness');
    if (via === 'prison' || chance(0.15)) complexity.push('criminal_justice');

    const values: PlannedReferral['values'] = {
      local_reference: `NM-${year}-${String(number).padStart(4, '0')}`,
      stage: 'identified',
      identified_via: via,
      referring_service: pick(referringServices[via]),
      keyworker_role: pick(keyworkerRoles[via]),
      age_band: ageBand,
      sex,
      ethnicity_group: weighted([['white', 86], ['asian', 4], ['black', 3], ['mixed', 3], ['other', 1], ['not_stated', 3]] as const),
      disability: weighted([['yes', 22], ['no', 70], ['not_stated', 8]] as const),
      pregnant,
      parental_responsibility: parent,
      main_substance: substance,
      complexity,
      eligibility_information_given: chance(0.85),
      identified_on: identifiedOn,
    };
    const planned: PlannedReferral = { values, serviceName: null, events: [], contacts: [], reviews: [] };
    const event = (on: string, type: string, stage: ReferralStage | null, summary: string, by: Actor = 'staff') => planned.events.push({ on, type, stage, summary, by });
    event(identifiedOn, 'created', 'identified', `Record started. Identified: ${identifiedViaLabels[via].toLowerCase()}.`);

    let cursor = identifiedOn;
    /** The date some days on, or null if that is still in the future (the story stops there). */
    const after = (days: number): string | null => {
      const next = addDays(cursor, days);
      if (next > todayIso) return null;
      cursor = next;
      return next;
    };
    const withdraw = (days: number, reason: string) => {
      const on = after(days);
      if (!on) return;
      const from = values.stage as ReferralStage;
      Object.assign(values, { stage: 'withdrawn', withdrawn_on: on, withdrawn_from_stage: from, withdrawn_reason: reason });
      event(on, 'stage_changed', 'withdrawn', `Withdrawn at the stage “${from.replace(/_/g, ' ')}”. Reason: ${reason}`);
    };
    const close = (days: number) => {
      const on = after(days);
      if (!on) return;
      Object.assign(values, { stage: 'closed', closed_on: on });
      event(on, 'stage_changed', 'closed', 'Referral closed.');
    };

    // Referred?
    if (chance(0.12)) {
      withdraw(between(7, 40), pick(['Chose to carry on with community treatment for now.', 'Moved out of the area.', 'Did not want residential treatment at this time.']));
      return planned;
    }
    const referredOn = after(between(2, 21));
    if (!referredOn) return planned;
    Object.assign(values, { stage: 'referred', referred_on: referredOn });
    event(referredOn, 'stage_changed', 'referred', 'Referred for residential treatment.');

    // Assessed.
    const assessedOn = after(between(5, 20));
    if (!assessedOn) return planned;
    if (chance(0.1)) {
      const reasons = pick(notEligibleReasons);
      Object.assign(values, { stage: 'assessed', assessed_on: assessedOn, eligibility_decision: 'not_eligible', eligibility_reasons: reasons });
      event(assessedOn, 'stage_changed', 'assessed', `Assessed as not eligible. Reasons: ${reasons}`);
      close(between(1, 7));
      return planned;
    }
    const reasons = pick(eligibleReasons);
    Object.assign(values, { stage: 'assessed', assessed_on: assessedOn, eligibility_decision: 'eligible', eligibility_reasons: reasons });
    event(assessedOn, 'stage_changed', 'assessed', `Assessed as eligible. ${reasons}`);

    // The route and the service.
    const fastTrack = substance !== 'drugs' && chance(0.18);
    let chosen: DemoServiceRef | null;
    if (fastTrack) chosen = service('Hillside Medical Detox Unit');
    else if (pregnant === 'yes' || (parent === 'yes' && chance(0.35))) chosen = service('Lowmoor Bridge Family Centre');
    else if (sex === 'female' && chance(0.5)) chosen = service('Larkspur Women’s House');
    else if (ageBand === '18-24' && substance !== 'alcohol' && chance(0.7)) chosen = service('Fenwold Grange');
    else {
      const options: Array<readonly [string, number]> = [
        ['Hillside House', 55],
        ['Sablewood House', 10],
        ['Harrowfell Lodge', 10],
        ['Marram House', 5],
      ];
      if (sex === 'male') options.push(['Kestrel House', 10]);
      if (substance === 'alcohol') options.push(['Calderwick Hall', 10]);
      chosen = service(weighted(options));
    }
    chosen ??= services.find((candidate) => candidate.kind === 'residential_rehab') ?? null;
    planned.serviceName = chosen?.name ?? null;
    const serviceText = chosen ? `${chosen.name} (${chosen.providerName})` : 'a service';
    const atHillside = Boolean(chosen?.providerName.startsWith('Hillside'));

    // Preparation.
    if (!fastTrack && chance(0.75)) {
      const preparingOn = after(between(2, 10));
      if (!preparingOn) return planned;
      const group = chance(0.7);
      const pack = chance(0.85);
      const visit = chance(0.45);
      const detox = substance !== 'drugs' && chance(0.5);
      Object.assign(values, { stage: 'preparing', preparing_on: preparingOn, preparation_group: group, information_pack_given: pack, service_visit: visit, detox_arranged: detox, service_id: chosen?.id ?? null });
      const done = [group ? 'preparation group' : null, pack ? 'information pack given' : null, visit ? 'visit to the service' : null, detox ? 'detox arranged' : null].filter(Boolean);
      event(preparingOn, 'stage_changed', 'preparing', `Preparation started.${done.length ? ` So far: ${done.join(', ')}.` : ''} Service chosen: ${serviceText}.`);
      if (chance(0.08)) {
        withdraw(between(7, 30), pick(['Stopped coming to the preparation group.', 'Decided not to go ahead after visiting the service.']));
        return planned;
      }
    }

    // Funding.
    const route = fastTrack ? 'fast_track_detox' : chance(0.9) ? 'standard' : 'other_route';
    const requestedOn = after(fastTrack ? between(1, 5) : between(7, 35));
    if (!requestedOn) return planned;
    Object.assign(values, { stage: 'funding_requested', funding_requested_on: requestedOn, funding_route: route, service_id: chosen?.id ?? null });
    event(requestedOn, 'stage_changed', 'funding_requested', `Funding asked for: ${fundingRouteLabels[route]?.toLowerCase()}, for ${serviceText}.`);
    const slow = chance(0.2);
    const decidedOn = after(fastTrack ? between(1, 4) : slow ? between(16, 35) : between(4, 15));
    if (!decidedOn) return planned;
    const decidedBy = fastTrack || chance(0.25) ? 'delegated_officer' : 'panel';
    const waited = workingDaysBetween(requestedOn, decidedOn);
    if (!fastTrack && chance(0.09)) {
      const reason = pick(declineReasons);
      Object.assign(values, { stage: 'funding_decided', funding_decided_on: decidedOn, funding_decision: 'declined', funding_decided_by: decidedBy, funding_decision_reason: reason });
      event(decidedOn, 'stage_changed', 'funding_decided', `Funding declined by the ${decidedBy === 'panel' ? 'funding panel' : 'delegated officer'} after ${waited} working days. Reason: ${reason}`);
      // The team takes a while to agree with the person whether to prepare again or stop.
      close(between(21, 75));
      return planned;
    }
    Object.assign(values, { stage: 'funding_decided', funding_decided_on: decidedOn, funding_decision: 'approved', funding_decided_by: decidedBy, funding_decision_reason: '' });
    event(decidedOn, 'stage_changed', 'funding_decided', `Funding approved by the ${decidedBy === 'panel' ? 'funding panel' : 'delegated officer'} after ${waited} working day${waited === 1 ? '' : 's'}.`);

    // Waiting, with contacts. The aftercare plan is usually agreed while waiting.
    const detoxUnit = chosen?.kind === 'inpatient_detox';
    const waits = !fastTrack || chance(0.5);
    const gap = waits ? (fastTrack ? between(1, 7) : between(5, 50)) : between(0, 3);
    const withoutPlan = chance(0.08);
    const planOn = withoutPlan ? null : addDays(decidedOn, between(-3, Math.max(-3, gap - 2)));
    if (planOn && planOn <= todayIso) values.aftercare_plan_agreed_on = planOn;
    if (waits) {
      const waitingSince = after(between(0, 2));
      if (!waitingSince) return planned;
      Object.assign(values, { stage: 'waiting', waiting_since: waitingSince });
      event(waitingSince, 'stage_changed', 'waiting', 'Waiting for admission.');
      const dropsOut = chance(0.06);
      const waitEnds = dropsOut ? between(10, 40) : gap;
      for (let day = between(5, 12); day < waitEnds; day += between(7, 14)) {
        const on = addDays(waitingSince, day);
        if (on > todayIso) break;
        planned.contacts.push({ on, note: pick(contactNotes) });
        event(on, 'contact_added', null, 'Contact while waiting recorded.');
      }
      if (dropsOut) {
        withdraw(waitEnds, pick(['Went into custody while waiting.', 'Withdrew consent while waiting for a bed.', 'Moved out of the area.']));
        return planned;
      }
    }

    // Admitted.
    const admittedOn = after(gap);
    if (!admittedOn) return planned;
    const plannedWeeks = detoxUnit ? between(1, 2) : Math.max(8, (chosen?.typicalWeeks ?? 12) + between(-2, 2));
    const plan = planOn;
    const noPlanReason = plan ? '' : pick(noAftercareReasons);
    Object.assign(values, {
      stage: 'admitted',
      admitted_on: admittedOn,
      planned_weeks: plannedWeeks,
      detox_included: detoxUnit || (substance !== 'drugs' && chance(0.4)),
      weekly_cost_pence: chosen?.weeklyCostPence ?? null,
      aftercare_plan_agreed_on: plan,
      admitted_without_aftercare_reason: noPlanReason,
    });
    event(
      admittedOn,
      'stage_changed',
      'admitted',
      `Admitted to ${serviceText} for a planned ${plannedWeeks} week${plannedWeeks === 1 ? '' : 's'}.${plan ? ` Aftercare plan agreed on ${formatDate(plan)}.` : ` Admitted without an agreed aftercare plan. Reason: ${noPlanReason}`}`,
      atHillside ? 'provider' : 'staff',
    );

    // How the stay ends.
    const outcome: DischargeOutcome = detoxUnit
      ? weighted([['completed', 80], ['left_early', 15], ['transferred', 5]] as const)
      : weighted([['completed', 42], ['left_early', 26], ['asked_to_leave', 10], ['transferred', 15], ['other', 7]] as const);
    let stayDays: number;
    if (outcome === 'completed') stayDays = plannedWeeks * 7 + between(-3, 3);
    else if (outcome === 'left_early') stayDays = chance(0.67) ? between(2, 21) : between(22, Math.max(23, plannedWeeks * 5));
    else if (outcome === 'asked_to_leave') stayDays = between(10, Math.max(11, plannedWeeks * 5));
    else stayDays = between(14, Math.max(15, plannedWeeks * 6));
    stayDays = Math.max(1, Math.min(stayDays, plannedWeeks * 7 + 3));
    const dischargedOn = addDays(admittedOn, stayDays) <= todayIso ? addDays(admittedOn, stayDays) : null;

    // Reviews during the stay: those falling after a discharge are never held.
    for (const review of reviewSchedule(admittedOn, plannedWeeks)) {
      if (dischargedOn && review.dueOn > dischargedOn) continue;
      const done = review.dueOn < todayIso && chance(dischargedOn ? 0.97 : 0.8);
      const completedOn = done ? notAfter(addDays(review.dueOn, between(0, 4)), todayIso) : null;
      planned.reviews.push({ kind: review.kind, dueOn: review.dueOn, completedOn, notes: completedOn ? pick(stayReviewNotes) : '', by: atHillside ? 'provider' : 'staff' });
    }
    if (!plan && chance(0.5)) {
      const lateOn = addDays(admittedOn, between(3, 10));
      if (lateOn <= todayIso && (!dischargedOn || lateOn <= dischargedOn)) {
        values.aftercare_plan_agreed_on = lateOn;
        event(lateOn, 'aftercare_plan_recorded', null, `Aftercare plan agreed on ${formatDate(lateOn)} (after admission).`);
      }
    }
    if (!dischargedOn) {
      addReviewEvents(planned);
      return planned;
    }

    cursor = dischargedOn;
    const unplanned = unplannedOutcomes.has(outcome);
    let risk = '';
    let toldAt: Date | null = null;
    if (unplanned) {
      risk = pick(riskSummaries[outcome as 'left_early' | 'asked_to_leave']);
      const roll = random();
      const candidate =
        roll < 0.8
          ? ukLocalToInstant(dischargedOn, `${String(between(10, 17)).padStart(2, '0')}:${String(between(0, 5) * 10).padStart(2, '0')}`)
          : roll < 0.93
            ? ukLocalToInstant(addDays(dischargedOn, between(2, 4)), '11:20')
            : null;
      toldAt = candidate && candidate.getTime() <= today.getTime() ? candidate : null;
    }
    Object.assign(values, { stage: 'discharged', discharged_on: dischargedOn, discharge_outcome: outcome, risk_assessment_summary: risk, referrer_notified_at: toldAt });
    let summary = `Discharged: ${dischargeOutcomeLabels[outcome].toLowerCase()}.`;
    const toldInTime = toldAt !== null && toldAt.getTime() < referrerNotificationDeadline(dischargedOn).getTime();
    if (unplanned) summary += ` Risk assessment: ${risk}${toldInTime ? ` Referrer told on ${formatDateTime(toldAt)}.` : ' The referrer has not been told yet.'}`;
    event(dischargedOn, 'stage_changed', 'discharged', summary, atHillside ? 'provider' : 'staff');
    if (toldAt && !toldInTime) event(ukDateOf(toldAt), 'referrer_told', null, `Referrer told of the discharge on ${formatDateTime(toldAt)}.`);

    // Follow-ups at 3, 6 and 12 months.
    for (const followUp of followUpDates(dischargedOn)) {
      const done = followUp.dueOn < todayIso && chance(0.88);
      const completedOn = done ? notAfter(addDays(followUp.dueOn, between(0, 10)), todayIso) : null;
      planned.reviews.push({ kind: followUp.kind, dueOn: followUp.dueOn, completedOn, notes: completedOn ? pick(followUpNotes) : '', by: 'staff' });
    }

    // Aftercare, and the record closed after the 12-month follow-up.
    if (chance(outcome === 'completed' || outcome === 'transferred' ? 0.8 : 0.55)) {
      const aftercareOn = after(between(0, 21));
      if (aftercareOn) {
        Object.assign(values, { stage: 'aftercare', aftercare_started_on: aftercareOn });
        event(aftercareOn, 'stage_changed', 'aftercare', 'Aftercare started.');
        const closeOn = addDays(dischargedOn, between(370, 400));
        if (closeOn <= todayIso) {
          cursor = closeOn;
          Object.assign(values, { stage: 'closed', closed_on: closeOn });
          event(closeOn, 'stage_changed', 'closed', 'Referral closed.');
        }
      }
    } else {
      close(between(14, 60));
    }
    addReviewEvents(planned);
    return planned;
  });
}

/** A timeline entry for every review done, in date order with the rest of the timeline. */
function addReviewEvents(planned: PlannedReferral) {
  for (const review of planned.reviews) {
    if (!review.completedOn) continue;
    planned.events.push({
      on: review.completedOn,
      type: 'review_done',
      stage: null,
      summary: `${reviewKindLabels[review.kind]} (due ${formatDate(review.dueOn)}) done.`,
      by: review.by,
    });
  }
  // Stable: events on the same day keep the order they happened in.
  planned.events = planned.events.map((event, index) => ({ event, index })).sort((a, b) => (a.event.on < b.event.on ? -1 : a.event.on > b.event.on ? 1 : a.index - b.index)).map(({ event }) => event);
}

// Writing it --------------------------------------------------------------------------------------------

const demoServiceNames = [
  'Hillside House',
  'Hillside Medical Detox Unit',
  'Larkspur Women’s House',
  'Lowmoor Bridge Family Centre',
  'Fenwold Grange',
  'Sablewood House',
  'Harrowfell Lodge',
  'Marram House',
  'Kestrel House',
  'Calderwick Hall',
];

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

interface DemoPathwayPeople {
  partnershipId: string;
  /** Who records the referrals: the demo's pathway staff account. */
  staffUserId: string;
  /** The demo provider account, which records admissions, reviews and discharges at Hillside. */
  providerUserId: string | null;
}

/** Northmoor's referrals, their timelines, contacts while waiting, and reviews and follow-ups. */
export async function seedDemoPathway(trx: Transaction<Database>, people: DemoPathwayPeople, today: Date): Promise<number> {
  const services = await trx
    .selectFrom('services')
    .innerJoin('providers', 'providers.id', 'services.provider_id')
    .select(['services.id', 'services.name', 'services.kind', 'services.weekly_cost_pence as weeklyCostPence', 'services.typical_weeks as typicalWeeks', 'providers.name as providerName'])
    .where('services.name', 'in', demoServiceNames)
    .execute();
  const planned = planDemoReferrals(today, services);
  const actorOf = (by: Actor) => (by === 'provider' && people.providerUserId ? people.providerUserId : people.staffUserId);
  const moment = (isoDate: string, minutes: number) => {
    const at = new Date(ukLocalToInstant(isoDate, '09:00').getTime() + minutes * 60_000);
    return at.getTime() > today.getTime() ? today : at;
  };

  const ids = new Map<string, string>();
  for (const group of chunks(planned, 100)) {
    const rows = await trx
      .insertInto('referrals')
      .values(
        group.map((referral) => {
          const last = referral.events.at(-1) as PlannedEvent;
          return {
            ...referral.values,
            partnership_id: people.partnershipId,
            complexity: textArray(referral.values.complexity),
            created_by: people.staffUserId,
            created_at: moment(referral.values.identified_on as string, 0),
            updated_at: moment(last.on, referral.events.length),
            version: referral.events.length,
          };
        }),
      )
      .returning(['id', 'local_reference'])
      .execute();
    for (const row of rows) ids.set(row.local_reference, row.id);
  }
  const idOf = (referral: PlannedReferral) => ids.get(referral.values.local_reference as string) as string;

  const events = planned.flatMap((referral) =>
    referral.events.map((event, index) => ({
      partnership_id: people.partnershipId,
      referral_id: idOf(referral),
      occurred_at: moment(event.on, index),
      event_on: event.on,
      event_type: event.type,
      stage: event.stage,
      summary: event.summary,
      actor_user_id: actorOf(event.by),
    })),
  );
  for (const group of chunks(events, 500)) await trx.insertInto('referral_events').values(group).execute();

  const contacts = planned.flatMap((referral) =>
    referral.contacts.map((contact, index) => ({
      partnership_id: people.partnershipId,
      referral_id: idOf(referral),
      contacted_on: contact.on,
      note: contact.note,
      created_by: people.staffUserId,
      created_at: moment(contact.on, 30 + index),
    })),
  );
  for (const group of chunks(contacts, 500)) await trx.insertInto('referral_contacts').values(group).execute();

  const reviews = planned.flatMap((referral) =>
    referral.reviews.map((review) => ({
      partnership_id: people.partnershipId,
      referral_id: idOf(referral),
      kind: review.kind,
      due_on: review.dueOn,
      completed_on: review.completedOn,
      notes: review.notes,
      created_at: moment(referral.values.admitted_on ?? (referral.values.identified_on as string), 5),
      updated_at: moment(review.completedOn ?? referral.values.admitted_on ?? (referral.values.identified_on as string), 5),
      version: review.completedOn ? 2 : 1,
    })),
  );
  for (const group of chunks(reviews, 500)) await trx.insertInto('referral_reviews').values(group).execute();
  return planned.length;
}
