import { z } from 'zod';
import { regions } from '../accounts/index.js';
import {
  ageBands,
  dischargeOutcomes,
  eligibilityDecisions,
  ethnicityGroups,
  fundingDeciders,
  fundingDecisions,
  fundingRoutes,
  identifiedVia,
  mainSubstances,
  referralStages,
  regulatorRatings,
  serviceKinds,
  sexes,
  yesNoNotStated,
} from '../platform/db/schema.js';
import { defaultPageSize, maximumPageSize } from './paging-rules.js';
import { idempotencyKeyPattern } from './idempotency-rules.js';

/**
 * The API's requests and responses, as zod schemas. The routes validate with them and the
 * OpenAPI document is generated from them (fastify-type-provider-zod), so the document cannot
 * drift from what the service does. Schemas with an `id` appear under components.schemas.
 */

const isoDate = z.iso.date().describe('A date, YYYY-MM-DD');
const nullableDate = isoDate.nullable();
const moment = z.iso.datetime({ offset: true }).describe('A moment, ISO 8601 with a time zone');

// Problems (RFC 9457) ---------------------------------------------------------------------------

export const problemSchema = z
  .object({
    type: z.string().describe('A URI reference naming the kind of problem; the reference page explains each'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z
      .array(z.object({ field: z.string(), detail: z.string() }))
      .optional()
      .describe('Each field that was refused and why'),
  })
  .meta({ id: 'Problem', description: 'An error, as RFC 9457 problem details (application/problem+json)' });

/** A response of problem details, described for one operation. */
export const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: problemSchema } } });
const problem = problemResponse;

export const problemResponses = {
  400: problem('The request does not fit this operation'),
  401: problem('No token, or one that is unknown, expired or revoked'),
  403: problem('The token does not have the scope this operation needs'),
  429: problem('Too many requests with this token; wait for the number of seconds in Retry-After'),
  500: problem('Something went wrong on our side'),
  503: problem('The service is busy; wait for the number of seconds in Retry-After'),
};

// Paging ------------------------------------------------------------------------------------------

const pageQuery = {
  cursor: z.string().max(400).optional().describe('The `nextCursor` of the previous page'),
  limit: z.coerce.number().int().min(1).max(maximumPageSize).default(defaultPageSize).describe(`How many to return (at most ${maximumPageSize})`),
};

// Referrals ------------------------------------------------------------------------------------

export const referralSchema = z
  .object({
    id: z.uuid(),
    localReference: z.string().describe('The partnership’s own pseudonymised reference; never a name or NHS number'),
    stage: z.enum(referralStages),
    identifiedVia: z.enum(identifiedVia),
    ageBand: z.enum(ageBands),
    sex: z.enum(sexes),
    ethnicityGroup: z.enum(ethnicityGroups),
    disability: z.enum(yesNoNotStated),
    mainSubstance: z.enum(mainSubstances),
    identifiedOn: isoDate,
    referredOn: nullableDate,
    assessedOn: nullableDate,
    eligibilityDecision: z.enum(eligibilityDecisions).nullable(),
    preparingOn: nullableDate,
    serviceId: z.uuid().nullable().describe('The service in the directory the referral is for, once chosen'),
    fundingRequestedOn: nullableDate,
    fundingRoute: z.enum(fundingRoutes).nullable(),
    fundingDecision: z.enum(fundingDecisions).nullable(),
    fundingDecidedOn: nullableDate,
    waitingSince: nullableDate,
    aftercarePlanAgreedOn: nullableDate,
    admittedOn: nullableDate,
    plannedWeeks: z.number().int().nullable(),
    dischargedOn: nullableDate,
    dischargeOutcome: z.enum(dischargeOutcomes).nullable(),
    aftercareStartedOn: nullableDate,
    closedOn: nullableDate,
    withdrawnOn: nullableDate,
    version: z.number().int().describe('Goes up by one with every change; send it as expectedVersion to refuse a change made on out-of-date information'),
    changedAt: z.string().describe('When the record last changed (UTC, to the microsecond)'),
  })
  .meta({ id: 'Referral', description: 'A pseudonymised referral: coded fields and dates only, no free text' });

export const referralListQuery = z.object({
  changedSince: z
    .union([moment, isoDate])
    .optional()
    .describe('Only referrals changed at or after this moment (a date means its start, UK time)'),
  ...pageQuery,
});

export const referralListSchema = z
  .object({
    referrals: z.array(referralSchema),
    nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page'),
  })
  .meta({ id: 'ReferralList' });

export const referralParams = z.object({ referralId: z.uuid() });

export const timelineEventSchema = z
  .object({
    id: z.number().int(),
    occurredAt: moment.describe('When it was recorded'),
    eventOn: isoDate.describe('The day it happened'),
    eventType: z.string().describe('created, stage_changed, details_changed, contact_added, review_done and others'),
    stage: z.enum(referralStages).nullable().describe('The stage moved to, for a stage change'),
    summary: z.string(),
  })
  .meta({ id: 'TimelineEvent' });

export const timelineSchema = z.object({ referralId: z.uuid(), events: z.array(timelineEventSchema) }).meta({ id: 'Timeline' });

// Referral events ------------------------------------------------------------------------------

const shortText = (maximum: number) => z.string().max(maximum).optional();

export const stageChangeSchema = z
  .object({
    type: z.literal('stage_changed'),
    stage: z.enum(referralStages).describe('The stage to move to; the same rules as the referral pages decide which moves are allowed'),
    date: nullableDate.describe('The day of the move (for waiting, the day waiting started; for a funding decision, the day it was made)'),
    expectedVersion: z.number().int().min(1).optional().describe('When given, the change is refused (409) if the referral has changed since'),
    eligibilityDecision: z.enum(eligibilityDecisions).nullable().optional(),
    eligibilityReasons: shortText(2000),
    preparationGroup: z.boolean().optional(),
    informationPackGiven: z.boolean().optional(),
    serviceVisit: z.boolean().optional(),
    detoxArranged: z.boolean().optional(),
    serviceId: z.uuid().nullable().optional(),
    fundingRoute: z.enum(fundingRoutes).nullable().optional(),
    fundingDecision: z.enum(fundingDecisions).nullable().optional(),
    fundingDecidedBy: z.enum(fundingDeciders).nullable().optional(),
    fundingDecisionReason: shortText(2000),
    plannedWeeks: z.number().int().min(1).max(104).nullable().optional(),
    detoxIncluded: z.boolean().optional(),
    weeklyCostPence: z.number().int().min(0).max(100_000_000).nullable().optional(),
    aftercarePlanAgreedOn: nullableDate.optional(),
    noAftercarePlanReason: shortText(2000),
    dischargeOutcome: z.enum(dischargeOutcomes).nullable().optional(),
    riskAssessmentSummary: shortText(2000),
    referrerNotifiedAt: moment.nullable().optional(),
    referrerNotYetTold: z.boolean().optional(),
    withdrawnReason: shortText(2000),
  })
  .strict()
  .meta({ id: 'StageChange', description: 'A move of a referral to another stage, with what that stage asks for' });

export const idempotencyHeaders = z.looseObject({
  'idempotency-key': z
    .string()
    .regex(idempotencyKeyPattern)
    .describe('A key of your own for this change (a UUID, say); send the same key when you retry and the change is recorded once'),
});

export const recordedEventSchema = z
  .object({ referral: referralSchema, event: timelineEventSchema.nullable() })
  .meta({ id: 'RecordedEvent', description: 'The referral after the change, and the timeline entry it made' });

// Figures --------------------------------------------------------------------------------------

export const shownCountSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('count'), value: z.number().int() }),
    z.object({ kind: z.literal('suppressed'), reason: z.enum(['small', 'secondary']).describe('small: 1 to 4; secondary: hidden so another cannot be worked out') }),
  ])
  .meta({ id: 'ShownCount', description: 'A count, or why it is hidden' });

export const shownRateSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('rate'), percent: z.number() }),
    z.object({ kind: z.literal('withheld') }),
    z.object({ kind: z.literal('none') }),
  ])
  .meta({ id: 'ShownRate', description: 'A percentage; withheld when built on a count below 5; none when there is nothing to divide by' });

const waitSchema = z.object({ cases: shownCountSchema, medianDays: z.number().nullable().describe('Null when the cases are hidden or there are none') });

export const figuresQuery = z.object({
  from: isoDate.describe('First day of the period'),
  to: isoDate.describe('Last day of the period'),
  basis: z.enum(['referral', 'admission']).default('referral').describe('Count people by the day they were referred, or admitted'),
});

export const figuresSchema = z
  .object({
    from: isoDate,
    to: isoDate,
    basis: z.enum(['referral', 'admission']),
    disclosureThreshold: z.number().int().describe('Counts from 1 to one less than this are hidden'),
    overall: z.object({
      people: shownCountSchema,
      admitted: shownCountSchema,
      discharged: shownCountSchema,
      completion: shownRateSchema.describe('Discharges completed as planned'),
      earlyDropOut: shownRateSchema.describe('Unplanned discharges in the first 28 days'),
      aftercareBeforeAdmission: shownRateSchema.describe('Admissions with an aftercare plan agreed beforehand'),
      daysToFundingDecision: waitSchema,
      daysToAdmission: waitSchema,
    }),
    byGroup: z.array(
      z.object({
        dimension: z.string().describe('age_band, sex, ethnicity_group, disability or main_substance'),
        groups: z.array(z.object({ value: z.string(), people: shownCountSchema })),
      }),
    ),
  })
  .meta({ id: 'Figures', description: 'The partnership’s pathway figures, disclosure controlled: they leave the partnership' });

// Directory ------------------------------------------------------------------------------------

export const serviceSchema = z
  .object({
    id: z.uuid(),
    providerId: z.uuid(),
    providerName: z.string(),
    name: z.string(),
    kind: z.enum(serviceKinds),
    approaches: z.array(z.string()),
    specialisms: z.array(z.string()),
    detoxOnSite: z.boolean(),
    town: z.string(),
    postcode: z.string(),
    region: z.string(),
    beds: z.number().int().nullable(),
    weeklyCostPence: z.number().int().nullable(),
    minimumWeeks: z.number().int().nullable(),
    typicalWeeks: z.number().int().nullable(),
    waitingWeeks: z.number().int().nullable(),
    waitingUpdatedOn: nullableDate,
    regulatorRating: z.enum(regulatorRatings).nullable(),
    ratingDate: nullableDate,
    stepFreeAccess: z.boolean(),
    adaptedRooms: z.boolean(),
    languages: z.array(z.string()),
    updatedAt: moment,
  })
  .meta({ id: 'Service', description: 'A residential service in the shared directory' });

export const serviceListQuery = z.object({
  kind: z.enum(serviceKinds).optional(),
  region: z.enum(regions).optional(),
  ...pageQuery,
});

export const serviceListSchema = z
  .object({ services: z.array(serviceSchema), total: z.number().int(), nextCursor: z.string().nullable() })
  .meta({ id: 'ServiceList' });
