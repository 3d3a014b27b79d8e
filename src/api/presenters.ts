import type { ReferralStage, RegulatorRating, ServiceKind } from '../platform/db/schema.js';
import type { ApiReferralRow } from './repository.js';

/** The API's shapes, built from rows: camelCase names, dates as ISO text. */

const iso = (value: Date | string) => (value instanceof Date ? value.toISOString() : new Date(value).toISOString());

export function referralOut(row: ApiReferralRow) {
  return {
    id: row.id,
    localReference: row.local_reference,
    stage: row.stage,
    identifiedVia: row.identified_via,
    ageBand: row.age_band,
    sex: row.sex,
    ethnicityGroup: row.ethnicity_group,
    disability: row.disability,
    mainSubstance: row.main_substance,
    identifiedOn: row.identified_on,
    referredOn: row.referred_on,
    assessedOn: row.assessed_on,
    eligibilityDecision: row.eligibility_decision,
    preparingOn: row.preparing_on,
    serviceId: row.service_id,
    fundingRequestedOn: row.funding_requested_on,
    fundingRoute: row.funding_route,
    fundingDecision: row.funding_decision,
    fundingDecidedOn: row.funding_decided_on,
    waitingSince: row.waiting_since,
    aftercarePlanAgreedOn: row.aftercare_plan_agreed_on,
    admittedOn: row.admitted_on,
    plannedWeeks: row.planned_weeks,
    dischargedOn: row.discharged_on,
    dischargeOutcome: row.discharge_outcome,
    aftercareStartedOn: row.aftercare_started_on,
    closedOn: row.closed_on,
    withdrawnOn: row.withdrawn_on,
    version: row.version,
    changedAt: row.changed_at,
  };
}

export function timelineEventOut(event: { id: number | string; occurred_at: Date | string; event_on: string; event_type: string; stage: ReferralStage | null; summary: string }) {
  return {
    id: Number(event.id),
    occurredAt: iso(event.occurred_at),
    eventOn: event.event_on,
    eventType: event.event_type,
    stage: event.stage,
    summary: event.summary,
  };
}

export function serviceOut(row: {
  id: string;
  provider_id: string;
  provider_name: string;
  name: string;
  kind: ServiceKind;
  approaches: readonly string[];
  specialisms: readonly string[];
  detox_on_site: boolean;
  town: string;
  postcode: string;
  region: string;
  beds: number | null;
  weekly_cost_pence: number | null;
  minimum_weeks: number | null;
  typical_weeks: number | null;
  waiting_weeks: number | null;
  waiting_updated_on: string | null;
  regulator_rating: RegulatorRating | null;
  rating_date: string | null;
  step_free_access: boolean;
  adapted_rooms: boolean;
  languages: readonly string[];
  updated_at: Date | string;
}) {
  return {
    id: row.id,
    providerId: row.provider_id,
    providerName: row.provider_name,
    name: row.name,
    kind: row.kind,
    approaches: [...row.approaches],
    specialisms: [...row.specialisms],
    detoxOnSite: row.detox_on_site,
    town: row.town,
    postcode: row.postcode,
    region: row.region,
    beds: row.beds,
    weeklyCostPence: row.weekly_cost_pence,
    minimumWeeks: row.minimum_weeks,
    typicalWeeks: row.typical_weeks,
    waitingWeeks: row.waiting_weeks,
    waitingUpdatedOn: row.waiting_updated_on,
    regulatorRating: row.regulator_rating,
    ratingDate: row.rating_date,
    stepFreeAccess: row.step_free_access,
    adaptedRooms: row.adapted_rooms,
    languages: [...row.languages],
    updatedAt: iso(row.updated_at),
  };
}
