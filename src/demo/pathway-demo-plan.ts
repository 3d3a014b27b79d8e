import type { Insertable } from 'kysely';
import type {
  AgeBand,
  ComplexityIndicator,
  DischargeOutcome,
  IdentifiedVia,
  ReferralReviewKind,
  ReferralStage,
  ReferralTable,
  ServiceKind,
} from '../platform/db/schema.js';
import { formatDate, formatDateTime } from '../platform/web/dates.js';
import {
  dischargeOutcomeLabels,
  followUpDates,
  fundingRouteLabels,
  identifiedViaLabels,
  referrerNotificationDeadline,
  reviewKindLabels,
  reviewSchedule,
  unplannedOutcomes,
} from '../pathway/index.js';
import { addDays, ukDateOf, ukLocalToInstant, workingDaysBetween } from '../platform/values/calendar.js';
import {
  contactNotes,
  declineReasons,
  eligibleReasons,
  followUpNotes,
  keyworkerRoles,
  noAftercareReasons,
  notEligibleReasons,
  referringServices,
  riskSummaries,
  stayReviewNotes,
} from './pathway-demo-words.js';
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

/** Who records an event: the demo's pathway staff, or the provider account at its own services. */
export type RecordedBy = 'staff' | 'provider';

export interface PlannedEvent {
  on: string;
  type: string;
  stage: ReferralStage | null;
  summary: string;
  by: RecordedBy;
}

export interface PlannedReferral {
  values: Omit<Insertable<ReferralTable>, 'partnership_id' | 'complexity' | 'created_by'> & { complexity: ComplexityIndicator[] };
  serviceName: string | null;
  events: PlannedEvent[];
  contacts: Array<{ on: string; note: string }>;
  reviews: Array<{ kind: ReferralReviewKind; dueOn: string; completedOn: string | null; notes: string; by: RecordedBy }>;
}

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
    const event = (on: string, type: string, stage: ReferralStage | null, summary: string, by: RecordedBy = 'staff') => planned.events.push({ on, type, stage, summary, by });
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
