import type { ReferralStage } from '../../platform/db/schema.js';
import { pathwayPaths as paths } from '../paths.js';

/** The words on the button or link that moves a referral to each stage. */
export const stageActions: Record<ReferralStage, string> = {
  identified: 'Record identification',
  referred: 'Record the referral',
  assessed: 'Record the assessment',
  preparing: 'Record preparation',
  funding_requested: 'Record the funding request',
  funding_decided: 'Record the funding decision',
  waiting: 'Record that they are waiting for a bed',
  admitted: 'Record the admission',
  discharged: 'Record the discharge',
  aftercare: 'Record the start of aftercare',
  closed: 'Close the referral',
  withdrawn: 'Withdraw the referral',
};

export function stageActionText(from: ReferralStage, to: ReferralStage): string {
  if (from === 'funding_decided' && to === 'preparing') return 'Go back to preparation';
  if (from === 'funding_decided' && to === 'admitted') return 'Record the admission (a bed is free now)';
  if (from === 'assessed' && to === 'funding_requested') return 'Record the funding request (no preparation needed)';
  return stageActions[to];
}

export const stagePath = (referralId: string, stage: ReferralStage) => (stage === 'withdrawn' ? paths.withdraw(referralId) : paths.stage(referralId, stage));
