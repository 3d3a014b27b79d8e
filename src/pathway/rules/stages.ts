import type { ReferralStage } from '../../platform/db/schema.js';
import { referralStages } from '../../platform/db/schema.js';
import type { ReferralState } from './referral-state.js';

/**
 * The referral's stages as a small state machine. This folder holds it and the safety rules
 * around it as plain functions: the routes, the provider pages, the CSV import of referral
 * histories and the demo data all move referrals through these, so a rule is written (and
 * tested) once.
 *
 * Choices made here (each one a place where the pathway could otherwise go wrong):
 * - The usual order is identified → referred → assessed → preparing → funding requested →
 *   funding decided → waiting → admitted → discharged → aftercare → closed.
 * - Preparation may be skipped (assessed → funding requested): the alcohol guidelines warn that
 *   preparation must not become a barrier, so it is recorded when it happens, not enforced.
 * - "Not eligible" at assessment goes straight to closed; "eligible" goes on to preparation or a
 *   funding request.
 * - An approved funding decision (or one made through "another agreed route", such as NHS or
 *   other funding) goes on to waiting, or straight to admission when a bed is free at once.
 *   A declined decision goes back to preparing (to prepare and ask again; the earlier request and
 *   decision are cleared from the record, and stay on the timeline) or to closed.
 * - A discharge may be followed by aftercare or, when there is none (for example the person moved
 *   away or said no), by closing the referral.
 * - Withdrawn is possible from every open stage except "admitted": someone in a placement leaves
 *   it by a discharge, so the outcome, the risk assessment and telling the referrer cannot be
 *   skipped by withdrawing instead. Closed and withdrawn are final.
 */

/** Stages in their usual order (withdrawn last). */
export const stageOrder: readonly ReferralStage[] = referralStages;

const forward: Record<ReferralStage, readonly ReferralStage[]> = {
  identified: ['referred'],
  referred: ['assessed'],
  assessed: ['preparing', 'funding_requested', 'closed'],
  preparing: ['funding_requested'],
  funding_requested: ['funding_decided'],
  funding_decided: ['waiting', 'admitted', 'preparing', 'closed'],
  waiting: ['admitted'],
  admitted: ['discharged'],
  discharged: ['aftercare', 'closed'],
  aftercare: ['closed'],
  closed: [],
  withdrawn: [],
};

/** Closed and withdrawn referrals cannot move again. */
export function isFinal(stage: ReferralStage): boolean {
  return stage === 'closed' || stage === 'withdrawn';
}

/** Every stage a referral at this stage could move to, whatever was decided on the way. */
export function nextStages(stage: ReferralStage): ReferralStage[] {
  const moves = [...forward[stage]];
  if (!isFinal(stage) && stage !== 'admitted') moves.push('withdrawn');
  return moves;
}

/** Funding is in place: approved, or agreed through another route (such as NHS funding). */
export function fundingInPlace(referral: Pick<ReferralState, 'funding_decision' | 'funding_route'>): boolean {
  return referral.funding_decision === 'approved' || (referral.funding_route === 'other_route' && referral.funding_decision !== null);
}

/** Why a move this referral cannot make is refused, or null when the stage allows it now. */
export function moveRefusal(referral: ReferralState, to: ReferralStage): string | null {
  const from = referral.stage;
  if (isFinal(from)) return 'This referral is closed. It cannot move to another stage.';
  if (!nextStages(from).includes(to)) {
    if (to === 'withdrawn' && from === 'admitted') return 'Someone in a placement cannot be withdrawn. Record their discharge instead.';
    if (to === 'discharged') return 'You cannot record a discharge for someone who has not been admitted.';
    if (to === 'admitted') return 'You cannot record an admission until funding has been decided.';
    const allowed = nextStages(from).map((stage) => stageNames[stage]);
    return `A referral that is ${stageNames[from]} cannot be moved to ${stageNames[to]}. It can be moved to ${joinOr(allowed)}.`;
  }
  if (from === 'assessed') {
    if ((to === 'preparing' || to === 'funding_requested') && referral.eligibility_decision !== 'eligible') {
      return 'This person was assessed as not eligible, so the referral can only be closed or withdrawn.';
    }
    if (to === 'closed' && referral.eligibility_decision !== 'not_eligible') {
      return 'This person was assessed as eligible. To stop the referral, withdraw it and give the reason.';
    }
  }
  if (from === 'funding_decided') {
    if ((to === 'waiting' || to === 'admitted') && !fundingInPlace(referral)) {
      return 'You cannot record an admission or a wait for a bed until funding has been approved or another funding route has been agreed.';
    }
    if ((to === 'preparing' || to === 'closed') && referral.funding_decision !== 'declined') {
      return 'Funding was approved. Record that the person is waiting for a bed or has been admitted, or withdraw the referral.';
    }
  }
  return null;
}

/** The stages this referral can move to now, given what was decided at assessment and funding. */
export function allowedNextStages(referral: ReferralState): ReferralStage[] {
  return nextStages(referral.stage).filter((stage) => moveRefusal(referral, stage) === null);
}

/** Lower-case stage names for sentences. */
export const stageNames: Record<ReferralStage, string> = {
  identified: 'identified',
  referred: 'referred',
  assessed: 'assessed',
  preparing: 'preparing',
  funding_requested: 'funding requested',
  funding_decided: 'funding decided',
  waiting: 'waiting for admission',
  admitted: 'admitted',
  discharged: 'discharged',
  aftercare: 'aftercare',
  closed: 'closed',
  withdrawn: 'withdrawn',
};

function joinOr(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** The date column that records when the referral reached each stage. */
export const stageDateColumn = {
  identified: 'identified_on',
  referred: 'referred_on',
  assessed: 'assessed_on',
  preparing: 'preparing_on',
  funding_requested: 'funding_requested_on',
  funding_decided: 'funding_decided_on',
  waiting: 'waiting_since',
  admitted: 'admitted_on',
  discharged: 'discharged_on',
  aftercare: 'aftercare_started_on',
  closed: 'closed_on',
  withdrawn: 'withdrawn_on',
} as const satisfies Record<ReferralStage, keyof ReferralState>;

/** How each stage's date is named in messages ("Date of admission must be…"). */
export const stageDateNames: Record<ReferralStage, string> = {
  identified: 'Date identified',
  referred: 'Date of referral',
  assessed: 'Date of the assessment',
  preparing: 'Date preparation started',
  funding_requested: 'Date funding was asked for',
  funding_decided: 'Date of the funding decision',
  waiting: 'Date they started waiting',
  admitted: 'Date of admission',
  discharged: 'Date of discharge',
  aftercare: 'Date aftercare started',
  closed: 'Date the referral was closed',
  withdrawn: 'Date the referral was withdrawn',
};

/** What happened on each stage's date, for "must be on or after the date …" messages. */
export const stageEventNames: Record<ReferralStage, string> = {
  identified: 'the person was identified',
  referred: 'of the referral',
  assessed: 'of the assessment',
  preparing: 'preparation started',
  funding_requested: 'funding was asked for',
  funding_decided: 'of the funding decision',
  waiting: 'they started waiting',
  admitted: 'of admission',
  discharged: 'of discharge',
  aftercare: 'aftercare started',
  closed: 'the referral was closed',
  withdrawn: 'the referral was withdrawn',
};

/** The date the referral reached the stage it is at; if that is missing, the latest date known. */
export function currentStageDate(referral: ReferralState): { stage: ReferralStage; date: string } {
  const own = referral[stageDateColumn[referral.stage]];
  if (typeof own === 'string') return { stage: referral.stage, date: own };
  let latest: { stage: ReferralStage; date: string } = { stage: 'identified', date: referral.identified_on };
  for (const stage of stageOrder) {
    const date = referral[stageDateColumn[stage]];
    if (typeof date === 'string' && date > latest.date) latest = { stage, date };
  }
  return latest;
}

/** The earliest date recorded after identification, which the date identified must not pass. */
export function firstLaterDate(referral: ReferralState): string | null {
  const dates = stageOrder
    .filter((stage) => stage !== 'identified')
    .map((stage) => referral[stageDateColumn[stage]])
    .filter((date): date is string => typeof date === 'string')
    .sort();
  return dates[0] ?? null;
}
