import type { InsertObject } from 'kysely';
import { textArray } from '../src/platform/db/arrays.js';
import type { Database } from '../src/platform/db/schema.js';

type ReferralValues = InsertObject<Database, 'referrals'>;

/** A referral row for setting up a test: someone identified and nothing more, unless `values` say so. */
export function referralRow(partnershipId: string, localReference: string, values: Partial<ReferralValues> = {}): ReferralValues {
  return {
    partnership_id: partnershipId,
    local_reference: localReference,
    identified_via: 'care_plan_review',
    age_band: '35-44',
    sex: 'female',
    ethnicity_group: 'white',
    disability: 'no',
    pregnant: 'no',
    parental_responsibility: 'no',
    main_substance: 'alcohol',
    complexity: textArray([]),
    identified_on: '2026-06-01',
    ...values,
  };
}

/** The columns of a referral found eligible and funded, now waiting for a place at the service. */
export function waitingForAdmission(serviceId: string): Partial<ReferralValues> {
  return {
    stage: 'waiting',
    service_id: serviceId,
    referred_on: '2026-06-05',
    assessed_on: '2026-06-20',
    eligibility_decision: 'eligible',
    funding_requested_on: '2026-07-01',
    funding_route: 'standard',
    funding_decision: 'approved',
    funding_decided_by: 'panel',
    funding_decided_on: '2026-07-10',
    waiting_since: '2026-07-10',
  };
}
