import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { requireRole } from '../../platform/auth/context.js';
import type { Database } from '../../platform/db/schema.js';
import { notFound, recordId } from '../../platform/web/errors.js';
import { datePartsOf } from '../../platform/web/fields.js';
import { formErrors, validateForm } from '../../platform/web/forms.js';
import { roundForRequest } from '../access.js';
import { deleteForm, meetingEditForm, meetingForm } from '../forms/plan.js';
import { actionStatusTags, overdueTag } from '../labels.js';
import { assessmentPaths as paths, meetingPaths } from '../paths.js';
import * as meetingRepository from '../plan-meetings-repository.js';
import { offTrackFirst, paragraphs, shorten, splitMeetings, storedFigureThen, targetSummary, textLines, tickedValues } from '../plan-rules.js';
import { type PlanService, roundActions } from '../plan-service.js';
import type { Round } from '../repository.js';
import { canManagePlan, nextMeeting } from '../rules.js';
import { ukToday } from '../../platform/values/calendar.js';
import { conflictMessage } from '../../platform/values/outcome.js';

type Values = Record<string, unknown>;


const planView = (name: string) => `assessment/views/plan/${name}.njk`;

const notDraftProblem = 'Review meetings can be planned once the round is open for responses.';

/** Review meetings: scheduled by the lead commissioner, readable by everyone in the partnership. */
export function reviewRoutes(app: FastifyInstance, db: Kysely<Database>, planService: PlanService, now: () => Date) {
  const leadOnly = requireRole('lead_commissioner');

  app.get('/assessments/:roundId/reviews', async (request, reply) => {
    const { round, membership } = await roundForRequest(db, request);
    const today = ukToday(now());
    const meetings = (await meetingRepository.listMeetings(db, membership.partnershipId, round.id)).map((meeting) => ({
      ...meeting,
      href: paths.review(round.id, meeting.id),
      attendeeCount: textLines(meeting.attendees).length,
      actionCount: Number(meeting.action_count ?? 0),
    }));
    const { upcoming, past } = splitMeetings(meetings, today);
    return reply.render(planView('reviews'), {
      pageTitle: 'Review meetings',
      round,
      next: nextMeeting(meetings, today),
      upcoming,
      past,
      canManage: canManagePlan(round.status, membership.role),
      isLead: membership.role === 'lead_commissioner',
      isDraft: round.status === 'draft',
      paths,
      meetingPaths,
    });
  });

  // The form to schedule or change a meeting -----------------------------------------------------

  async function formPage(partnershipId: string, round: Round, values: Values, extra: Values = {}) {
    const actions = await roundActions(db, partnershipId, round.id, ukToday(now()));
    const ticked = new Set(tickedValues(values.actionIds));
    return {
      round,
      values,
      actionOptions: actions.map((action, index) => ({
        value: action.id,
        id: index === 0 ? 'actionIds' : `actionIds-${index + 1}`,
        text: shorten(action.description),
        hint: {
          text: `Lead: ${action.lead_person}. Status now: ${actionStatusTags[action.status].text.toLowerCase()}${action.overdue ? ' (overdue)' : ''}.${action.measure ? ' Has a measure: its figure is recorded with the meeting.' : ''}`,
        },
        checked: ticked.has(action.id),
      })),
      paths,
      meetingPaths,
      ...extra,
    };
  }

  const refuseInDraft = (request: FastifyRequest, round: Round, role: Parameters<typeof canManagePlan>[1]) => {
    if (canManagePlan(round.status, role)) return false;
    request.session.problem = notDraftProblem;
    return true;
  };

  app.get('/assessments/:roundId/reviews/new', { preHandler: leadOnly }, async (request, reply) => {
    const { round, membership } = await roundForRequest(db, request);
    if (refuseInDraft(request, round, membership.role)) return reply.redirect(paths.reviews(round.id));
    return reply.render(planView('review-form'), await formPage(membership.partnershipId, round, {}, { pageTitle: 'Schedule a review meeting' }));
  });

  app.post('/assessments/:roundId/reviews/new', { preHandler: leadOnly }, async (request, reply) => {
    const { round, membership, userId } = await roundForRequest(db, request);
    if (refuseInDraft(request, round, membership.role)) return reply.redirect(paths.reviews(round.id));
    const form = validateForm(meetingForm, request.body);
    const page = async (extra: Values) => formPage(membership.partnershipId, round, form.values, { pageTitle: 'Schedule a review meeting', ...extra });
    if (!form.ok) return reply.code(400).render(planView('review-form'), await page({ errors: form.errors }));
    const result = await planService.scheduleMeeting(membership.partnershipId, { userId, requestId: request.id }, round.id, form.data);
    if (!result.ok) return reply.code(400).render(planView('review-form'), await page({ errors: formErrors([[result.field, result.problem]]) }));
    request.session.flash = 'The review meeting has been saved.';
    return reply.redirect(paths.review(round.id, result.meetingId));
  });

  // One meeting ----------------------------------------------------------------------------------

  async function loadMeeting(request: FastifyRequest) {
    const access = await roundForRequest(db, request);
    const meetingId = recordId((request.params as Values).meetingId);
    const meeting = await meetingRepository.findMeeting(db, access.membership.partnershipId, meetingId);
    if (!meeting || meeting.round_id !== access.round.id) throw notFound();
    return { ...access, meeting };
  }

  type LoadedMeeting = Awaited<ReturnType<typeof loadMeeting>>;

  app.get('/assessments/:roundId/reviews/:meetingId', async (request, reply) => {
    const { round, membership, meeting } = await loadMeeting(request);
    const reviewed = await meetingRepository.meetingActions(db, membership.partnershipId, meeting.id);
    const today = ukToday(now());
    return reply.render(planView('review'), {
      pageTitle: 'Review meeting',
      round,
      meeting: {
        ...meeting,
        attendeeLines: textLines(meeting.attendees),
        noteParagraphs: paragraphs(meeting.notes),
        upcoming: meeting.meets_on >= today,
      },
      // Each figure as the meeting saw it, judged on the day it was worked out against the
      // baseline and target the action had then; off-track actions first.
      reviewed: offTrackFirst(
        reviewed.map((action) => {
          const then = storedFigureThen(action.figure_then);
          return {
            ...action,
            href: paths.action(round.id, action.id),
            summary: shorten(action.description),
            thenTag: actionStatusTags[action.status_then],
            nowTag: actionStatusTags[action.status],
            overdue: action.status !== 'done' && action.due_on < today,
            target: then ? { ...targetSummary({ measure: then.measure, ...then.judgedAgainst }, then.value, then.to), judgedOn: then.to } : null,
          };
        }),
      ),
      overdueTag,
      canManage: canManagePlan(round.status, membership.role),
      paths,
      meetingPaths,
    });
  });

  const editPage = async (loaded: LoadedMeeting, values: Values, extra: Values = {}) =>
    formPage(loaded.membership.partnershipId, loaded.round, values, { pageTitle: 'Change a review meeting', meeting: loaded.meeting, ...extra });

  app.get('/assessments/:roundId/reviews/:meetingId/edit', { preHandler: leadOnly }, async (request, reply) => {
    const loaded = await loadMeeting(request);
    if (refuseInDraft(request, loaded.round, loaded.membership.role)) return reply.redirect(paths.review(loaded.round.id, loaded.meeting.id));
    const reviewed = await meetingRepository.meetingActions(db, loaded.membership.partnershipId, loaded.meeting.id);
    const { meeting } = loaded;
    return reply.render(
      planView('review-form'),
      await editPage(loaded, {
        meetsOn: datePartsOf(meeting.meets_on),
        attendees: meeting.attendees,
        notes: meeting.notes,
        actionIds: reviewed.map((action) => action.id),
        version: meeting.version,
      }),
    );
  });

  app.post('/assessments/:roundId/reviews/:meetingId/edit', { preHandler: leadOnly }, async (request, reply) => {
    const loaded = await loadMeeting(request);
    if (refuseInDraft(request, loaded.round, loaded.membership.role)) return reply.redirect(paths.review(loaded.round.id, loaded.meeting.id));
    const form = validateForm(meetingEditForm, request.body);
    if (!form.ok) return reply.code(400).render(planView('review-form'), await editPage(loaded, form.values, { errors: form.errors }));
    const { version, ...details } = form.data;
    const result = await planService.updateMeeting(loaded.membership.partnershipId, { userId: loaded.userId, requestId: request.id }, loaded.round.id, loaded.meeting.id, version, details);
    if (!result.ok && result.problem === conflictMessage()) {
      const latest = await loadMeeting(request);
      return reply.code(409).render(
        planView('review-form'),
        await editPage(latest, { ...form.values, version: latest.meeting.version }, {
          errors: formErrors([[result.field, result.problem]], new Set(['meetsOn'])),
          saved: { ...latest.meeting, attendeeLines: textLines(latest.meeting.attendees) },
        }),
      );
    }
    if (!result.ok) return reply.code(400).render(planView('review-form'), await editPage(loaded, form.values, { errors: formErrors([[result.field, result.problem]]) }));
    request.session.flash = 'The review meeting has been saved.';
    return reply.redirect(paths.review(loaded.round.id, loaded.meeting.id));
  });

  // Deleting a meeting ---------------------------------------------------------------------------

  const deletePage = (loaded: LoadedMeeting, version: number, extra: Values = {}) => ({
    pageTitle: 'Delete a review meeting',
    round: loaded.round,
    heading: 'Are you sure you want to delete this review meeting?',
    meetsOn: loaded.meeting.meets_on,
    explanation: 'Its attendees, notes and the record of which actions were reviewed are deleted. The actions themselves are kept.',
    action: meetingPaths.delete(loaded.round.id, loaded.meeting.id),
    buttonText: 'Delete meeting',
    cancel: paths.review(loaded.round.id, loaded.meeting.id),
    version,
    ...extra,
  });

  app.get('/assessments/:roundId/reviews/:meetingId/delete', { preHandler: leadOnly }, async (request, reply) => {
    const loaded = await loadMeeting(request);
    if (refuseInDraft(request, loaded.round, loaded.membership.role)) return reply.redirect(paths.review(loaded.round.id, loaded.meeting.id));
    return reply.render(planView('delete'), deletePage(loaded, loaded.meeting.version));
  });

  app.post('/assessments/:roundId/reviews/:meetingId/delete', { preHandler: leadOnly }, async (request, reply) => {
    const loaded = await loadMeeting(request);
    if (refuseInDraft(request, loaded.round, loaded.membership.role)) return reply.redirect(paths.review(loaded.round.id, loaded.meeting.id));
    const form = validateForm(deleteForm, request.body);
    const result = form.ok
      ? await planService.deleteMeeting(loaded.membership.partnershipId, { userId: loaded.userId, requestId: request.id }, loaded.meeting.id, form.data.version)
      : { ok: false as const, problem: conflictMessage() };
    if (!result.ok) {
      const latest = await loadMeeting(request);
      return reply.code(409).render(planView('delete'), deletePage(latest, latest.meeting.version, { errors: formErrors([['delete', result.problem]]) }));
    }
    request.session.flash = 'The review meeting has been deleted.';
    return reply.redirect(paths.reviews(loaded.round.id));
  });
}
