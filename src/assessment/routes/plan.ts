import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { requireRole } from '../../platform/auth/context.js';
import type { ActionPurpose, ActionStatus, Database, Judgement } from '../../platform/db/schema.js';
import { notFound, recordId } from '../../platform/web/errors.js';
import { datePartsOf } from '../../platform/web/fields.js';
import { fieldId, formErrors, validateForm } from '../../platform/web/forms.js';
import { roundForRequest } from '../access.js';
import { actionEditForm, actionFilterQuery, actionForm, deleteForm, progressUpdateForm } from '../forms/plan.js';
import { actionPurposeLabels, actionStatusTags, overdueTag } from '../labels.js';
import { assessmentPaths as paths, planPaths } from '../paths.js';
import * as meetingRepository from '../plan-meetings-repository.js';
import * as plan from '../plan-repository.js';
import {
  actionPlanCsvRows,
  actionTargetOf,
  canRecordProgress,
  csvFileName,
  filterActions,
  leadPeople,
  offTrackFirst,
  shorten,
  storedFigure,
  storedNumber,
  targetSummary,
  tickedValues,
  updateDateProblem,
} from '../plan-rules.js';
import { liveFigures, type PlanService, roundActions } from '../plan-service.js';
import { type EvidenceMeasureKey, evidenceMeasure, evidenceMeasures, valueText } from '../../insight/index.js';
import * as repository from '../repository.js';
import { canManagePlan, isOverdue } from '../rules.js';
import { leadOnly, notDraftProblem, planView } from './plan-shared.js';
import { priorityRoutes } from './priorities.js';
import { ukToday } from '../../platform/values/calendar.js';
import { conflictMessage } from '../../platform/values/outcome.js';
import { writeCsv } from '../../platform/tabular/csv-write.js';
import { reviewRoutes } from './reviews.js';



type Request = FastifyRequest;
type Values = Record<string, unknown>;


const purposeHints: Record<ActionPurpose, string> = {
  address_concern: 'It fixes something the assessment found is not working well enough',
  maintain_strength: 'It keeps something that works well from slipping',
};

const judgementHints: Partial<Record<Judgement, string>> = {
  strength: 'Agreed as a strength',
  concern: 'Agreed as a concern',
};

function statusOptions(selected: unknown) {
  return (Object.keys(actionStatusTags) as ActionStatus[]).map((status) => ({ value: status, text: actionStatusTags[status].text, checked: status === selected }));
}

function purposeOptions(selected: unknown) {
  return (Object.keys(actionPurposeLabels) as ActionPurpose[]).map((purpose) => ({
    value: purpose,
    text: actionPurposeLabels[purpose],
    hint: { text: purposeHints[purpose] },
    checked: purpose === selected,
  }));
}

/** The action plan (priorities, actions, progress, CSV) and its review meetings. */
export function actionPlanRoutes(app: FastifyInstance, db: Kysely<Database>, planService: PlanService, now: () => Date) {
  priorityRoutes(app, db, planService);
  actionRoutes(app, db, planService, now);
  reviewRoutes(app, db, planService, now);
}


// Actions ----------------------------------------------------------------------------------------

function actionRoutes(app: FastifyInstance, db: Kysely<Database>, planService: PlanService, now: () => Date) {
  /** The list's filters, read from the address so a filtered list can be bookmarked or shared. */
  async function filteredActions(request: Request, partnershipId: string, round: repository.Round) {
    const today = ukToday(now());
    const [themes, actions] = await Promise.all([repository.templateStructure(db, round.template_id), roundActions(db, partnershipId, round.id, today, now())]);
    const query = validateForm(actionFilterQuery, request.query);
    const theme = query.ok && query.data.theme ? themes.find((candidate) => candidate.key === query.data.theme) : undefined;
    const themeProblem = query.ok && query.data.theme && !theme ? formErrors([['theme', 'Select a theme from the list']]) : null;
    const errors = query.ok ? themeProblem : query.errors;
    const filter = query.ok && !errors ? { status: query.data.status, lead: query.data.lead, themeId: theme?.id } : {};
    // Off-track actions first, so the plan page and its spreadsheet open on what needs attention.
    const shown = offTrackFirst(filterActions(actions, filter));
    return { today, themes, actions, shown, values: query.values, errors, filtered: Boolean(filter.status || filter.lead || filter.themeId) };
  }

  /** The filters as a query string, to carry them to the CSV download. */
  function filterQueryString(values: Values): string {
    const params = new URLSearchParams();
    for (const key of ['status', 'lead', 'theme']) {
      const value = values[key];
      if (typeof value === 'string' && value.trim()) params.set(key, value.trim());
    }
    const text = params.toString();
    return text ? `?${text}` : '';
  }

  app.get('/assessments/:roundId/actions', async (request, reply) => {
    const { round, membership } = await roundForRequest(db, request);
    const { themes, actions, shown, values, errors, filtered } = await filteredActions(request, membership.partnershipId, round);
    const selectedStatus = typeof values.status === 'string' ? values.status : '';
    const selectedLead = typeof values.lead === 'string' ? values.lead.trim() : '';
    const selectedTheme = typeof values.theme === 'string' ? values.theme : '';
    return reply.code(errors ? 400 : 200).render(planView('actions'), {
      pageTitle: 'Action plan',
      round,
      canManage: canManagePlan(round.status, membership.role),
      isDraft: round.status === 'draft',
      total: actions.length,
      overdueCount: actions.filter((action) => action.overdue).length,
      offTrackCount: actions.filter((action) => action.target?.progress.status === 'off_track').length,
      filtered,
      actions: shown.map((action) => ({
        ...action,
        href: paths.action(round.id, action.id),
        summary: shorten(action.description),
        purposeLabel: actionPurposeLabels[action.purpose],
        statusTag: actionStatusTags[action.status],
        priorityLabel: action.priority ? `${action.priority.rank}. ${action.priority.title}` : '',
      })),
      overdueTag,
      statusOptions: [{ value: '', text: 'Any status' }, ...statusOptions(null).map((option) => ({ value: option.value, text: option.text, selected: option.value === selectedStatus }))],
      leadOptions: [{ value: '', text: 'Anyone' }, ...leadPeople(actions).map((lead) => ({ value: lead, text: lead, selected: lead.toLowerCase() === selectedLead.toLowerCase() }))],
      themeOptions: [{ value: '', text: 'Any theme' }, ...themes.map((theme) => ({ value: theme.key, text: theme.title, selected: theme.key === selectedTheme }))],
      csvHref: paths.actionsCsv(round.id) + (errors ? '' : filterQueryString(values)),
      ...(errors ? { errors } : {}),
      paths,
      planPaths,
    });
  });

  app.get('/assessments/:roundId/actions.csv', async (request, reply) => {
    const { round, membership } = await roundForRequest(db, request);
    const { today, shown, errors } = await filteredActions(request, membership.partnershipId, round);
    if (errors) {
      // A hand-made address with a filter the list does not offer: show the list and its message.
      const search = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
      return reply.redirect(paths.actions(round.id) + search);
    }
    const csv = writeCsv(actionPlanCsvRows(shown, today));
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${csvFileName(round.title, today)}"`)
      .header('cache-control', 'no-store')
      .send(csv);
  });

  // Adding and changing actions (the lead commissioner) ------------------------------------------

  async function formContext(partnershipId: string, round: repository.Round) {
    const [themes, priorities, agreed] = await Promise.all([
      repository.templateStructure(db, round.template_id),
      plan.listPriorities(db, partnershipId, round.id),
      repository.agreedAnswers(db, partnershipId, round.id),
    ]);
    return { themes, priorities, judgements: new Map(agreed.map((answer) => [answer.statement_id, answer.judgement])) };
  }

  function formPage(round: repository.Round, context: Awaited<ReturnType<typeof formContext>>, values: Values, extra: Values = {}) {
    const selected = new Set(tickedValues(values.statementIds));
    return {
      round,
      values,
      statementGroups: context.themes.map((theme, index) => ({
        idPrefix: index === 0 ? 'statementIds' : fieldId(`statementIds-${theme.key}`),
        title: theme.title,
        items: theme.statements.map((statement) => {
          const hint = judgementHints[context.judgements.get(statement.id) ?? 'neither'];
          return { value: statement.id, text: `${statement.key}: ${statement.text}`, checked: selected.has(statement.id), ...(hint ? { hint: { text: hint } } : {}) };
        }),
      })),
      purposeOptions: purposeOptions(values.purpose),
      statusOptions: statusOptions(values.status),
      measureOptions: [
        { value: '', text: 'None' },
        ...evidenceMeasures.map((measure) => ({ value: measure.key, text: measure.label, selected: measure.key === values.measure })),
      ],
      measureHints: evidenceMeasures.map((measure) => ({ label: measure.label, description: measure.description, better: measure.better === 'lower' ? 'Lower is better.' : 'Higher is better.' })),
      priorityOptions: [
        { value: '', text: 'No priority' },
        ...context.priorities.map((priority, index) => ({ value: priority.id, text: `${index + 1}. ${priority.title}`, selected: priority.id === values.priorityId })),
      ],
      paths,
      planPaths,
      ...extra,
    };
  }

  const statementIdsOf = (context: Awaited<ReturnType<typeof formContext>>) => context.themes.flatMap((theme) => theme.statements.map((statement) => statement.id));

  app.get('/assessments/:roundId/actions/new', { preHandler: leadOnly }, async (request, reply) => {
    const { round, membership } = await roundForRequest(db, request);
    if (!canManagePlan(round.status, membership.role)) {
      request.session.problem = notDraftProblem;
      return reply.redirect(paths.actions(round.id));
    }
    const context = await formContext(membership.partnershipId, round);
    const query = request.query as Values;
    return reply.render(
      planView('action-form'),
      formPage(round, context, { status: 'not_started', priorityId: typeof query.priority === 'string' ? query.priority : '' }, { pageTitle: 'Add an action' }),
    );
  });

  app.post('/assessments/:roundId/actions/new', { preHandler: leadOnly }, async (request, reply) => {
    const { round, membership, userId } = await roundForRequest(db, request);
    if (!canManagePlan(round.status, membership.role)) {
      request.session.problem = notDraftProblem;
      return reply.redirect(paths.actions(round.id));
    }
    const context = await formContext(membership.partnershipId, round);
    const form = validateForm(actionForm(statementIdsOf(context)), request.body);
    if (!form.ok) return reply.code(400).render(planView('action-form'), formPage(round, context, form.values, { pageTitle: 'Add an action', errors: form.errors }));
    const result = await planService.createAction(membership.partnershipId, { userId, requestId: request.id }, round.id, form.data);
    if (!result.ok) {
      return reply.code(400).render(planView('action-form'), formPage(round, context, form.values, { pageTitle: 'Add an action', errors: formErrors([[result.field, result.problem]]) }));
    }
    request.session.flash = `The action has been added to the plan.${noBaselineWords(form.data.measure, result.baselineSet)}`;
    return reply.redirect(paths.action(round.id, result.actionId));
  });

  async function loadAction(request: Request) {
    const access = await roundForRequest(db, request);
    const actionId = recordId((request.params as Values).actionId);
    const action = await plan.findAction(db, access.membership.partnershipId, actionId);
    if (!action || action.round_id !== access.round.id) throw notFound();
    return { ...access, action };
  }

  type LoadedAction = Awaited<ReturnType<typeof loadAction>>;

  /** The frozen baseline of a stored action, in words, for the form and the action page. */
  function baselineOf(action: LoadedAction['action']) {
    const target = actionTargetOf(action);
    if (!target) return null;
    const measure = evidenceMeasure(target.measure);
    const figure = storedFigure(action.baseline_figure);
    return {
      measureLabel: measure.label,
      valueText: target.baseline === null ? null : valueText(target.baseline, measure.unit),
      on: target.baselineOn,
      base: figure?.base ?? null,
      from: figure?.from ?? null,
      to: figure?.to ?? null,
      tooFew: figure?.tooFew ?? false,
    };
  }

  const noBaselineWords = (measure: EvidenceMeasureKey | null, baselineSet: boolean | null) =>
    measure && baselineSet === false ? ` There is no figure yet for “${evidenceMeasure(measure).label}”, so no baseline was set.` : '';

  function storedActionValues(action: LoadedAction['action'], statementIds: string[]): Values {
    return {
      description: action.description,
      purpose: action.purpose,
      statementIds,
      leadPerson: action.lead_person,
      leadOrganisation: action.lead_organisation,
      dueOn: datePartsOf(action.due_on),
      priorityId: action.priority_id ?? '',
      status: action.status,
      measure: action.measure ?? '',
      targetValue: action.target_value === null ? '' : String(storedNumber(action.target_value)),
      targetOn: datePartsOf(action.target_on),
      version: action.version,
    };
  }

  app.get('/assessments/:roundId/actions/:actionId/edit', { preHandler: leadOnly }, async (request, reply) => {
    const loaded = await loadAction(request);
    if (!canManagePlan(loaded.round.status, loaded.membership.role)) {
      request.session.problem = notDraftProblem;
      return reply.redirect(paths.action(loaded.round.id, loaded.action.id));
    }
    const [context, linked] = await Promise.all([
      formContext(loaded.membership.partnershipId, loaded.round),
      plan.linkedStatementIds(db, loaded.membership.partnershipId, loaded.action.id),
    ]);
    return reply.render(
      planView('action-form'),
      formPage(loaded.round, context, storedActionValues(loaded.action, linked), { pageTitle: 'Change an action', action: loaded.action, baseline: baselineOf(loaded.action) }),
    );
  });

  app.post('/assessments/:roundId/actions/:actionId/edit', { preHandler: leadOnly }, async (request, reply) => {
    const loaded = await loadAction(request);
    if (!canManagePlan(loaded.round.status, loaded.membership.role)) {
      request.session.problem = notDraftProblem;
      return reply.redirect(paths.action(loaded.round.id, loaded.action.id));
    }
    const context = await formContext(loaded.membership.partnershipId, loaded.round);
    const form = validateForm(actionEditForm(statementIdsOf(context)), request.body);
    const page = (values: Values, extra: Values) => formPage(loaded.round, context, values, { pageTitle: 'Change an action', action: loaded.action, baseline: baselineOf(loaded.action), ...extra });
    if (!form.ok) return reply.code(400).render(planView('action-form'), page(form.values, { errors: form.errors }));
    const { version, ...details } = form.data;
    const result = await planService.updateAction(loaded.membership.partnershipId, { userId: loaded.userId, requestId: request.id }, loaded.round.id, loaded.action.id, version, details);
    if (!result.ok && result.problem === conflictMessage()) {
      const latest = await loadAction(request);
      return reply.code(409).render(
        planView('action-form'),
        page(
          { ...form.values, version: latest.action.version },
          {
            errors: formErrors([[result.field, result.problem]]),
            action: latest.action,
            saved: { ...latest.action, statusTag: actionStatusTags[latest.action.status], purposeLabel: actionPurposeLabels[latest.action.purpose] },
          },
        ),
      );
    }
    if (!result.ok) return reply.code(400).render(planView('action-form'), page(form.values, { errors: formErrors([[result.field, result.problem]]) }));
    request.session.flash = `The action has been saved.${noBaselineWords(form.data.measure, result.baselineSet)}`;
    return reply.redirect(paths.action(loaded.round.id, loaded.action.id));
  });

  // One action, its progress updates and the form to add one ------------------------------------

  async function actionPage(loaded: LoadedAction, values: Values, extra: Values = {}) {
    const { round, membership, action } = loaded;
    const [themes, linked, updates, meetings] = await Promise.all([
      repository.templateStructure(db, round.template_id),
      plan.linkedStatementIds(db, membership.partnershipId, action.id),
      plan.listUpdates(db, membership.partnershipId, action.id),
      meetingRepository.meetingsForAction(db, membership.partnershipId, action.id),
    ]);
    const linkedSet = new Set(linked);
    const today = ukToday(now());
    const target = actionTargetOf(action);
    const figures = await liveFigures(db, membership.partnershipId, [target?.measure ?? null], now());
    return {
      target: target ? targetSummary(target, figures.get(target.measure)?.value ?? null, today) : null,
      baseline: baselineOf(action),
      pageTitle: shorten(action.description, 60),
      round,
      action: {
        ...action,
        purposeLabel: actionPurposeLabels[action.purpose],
        statusTag: actionStatusTags[action.status],
        overdue: isOverdue(action, today),
        priorityLabel: action.priority_rank !== null ? `${action.priority_rank}. ${action.priority_title}` : null,
      },
      overdueTag,
      linkedStatements: themes.flatMap((theme) => theme.statements.filter((statement) => linkedSet.has(statement.id)).map((statement) => ({ ...statement, themeTitle: theme.title }))),
      updates: updates.map((update) => ({ ...update, statusTag: actionStatusTags[update.status] })),
      meetings: meetings.map((meeting) => ({ ...meeting, href: paths.review(round.id, meeting.id), statusTag: actionStatusTags[meeting.status_then] })),
      canManage: canManagePlan(round.status, membership.role),
      canRecord: canRecordProgress(round.status, membership.role),
      values,
      statusOptions: statusOptions(values.status),
      paths,
      planPaths,
      ...extra,
    };
  }

  app.get('/assessments/:roundId/actions/:actionId', async (request, reply) => {
    const loaded = await loadAction(request);
    const fresh = { recordedOn: datePartsOf(ukToday(now())), status: loaded.action.status };
    return reply.render(planView('action'), await actionPage(loaded, fresh));
  });

  app.post('/assessments/:roundId/actions/:actionId/updates', { preHandler: requireRole('lead_commissioner', 'contributor') }, async (request, reply) => {
    const loaded = await loadAction(request);
    if (!canRecordProgress(loaded.round.status, loaded.membership.role)) {
      request.session.problem = 'Progress can be recorded once the round is open for responses.';
      return reply.redirect(paths.action(loaded.round.id, loaded.action.id));
    }
    const form = validateForm(progressUpdateForm, request.body);
    const dateProblem = form.ok ? updateDateProblem(form.data.recordedOn, ukToday(now())) : null;
    if (!form.ok || dateProblem) {
      const errors = form.ok ? formErrors([['recordedOn', dateProblem as string]], new Set(['recordedOn'])) : form.errors;
      return reply.code(400).render(planView('action'), await actionPage(loaded, form.values, { errors }));
    }
    const result = await planService.addProgressUpdate(loaded.membership.partnershipId, { userId: loaded.userId, requestId: request.id }, loaded.action.id, form.data);
    if (!result.ok) throw notFound();
    request.session.flash = `Your update has been added. The action’s status is now: ${actionStatusTags[result.status].text.toLowerCase()}.`;
    return reply.redirect(`${paths.action(loaded.round.id, loaded.action.id)}#updates`);
  });

  // Deleting an action ---------------------------------------------------------------------------

  const deletePage = (loaded: LoadedAction, version: number, extra: Values = {}) => ({
    pageTitle: 'Delete an action',
    round: loaded.round,
    heading: 'Are you sure you want to delete this action?',
    quote: shorten(loaded.action.description, 300),
    explanation: 'Its progress updates are deleted too, and it is taken off the record of any review meeting. This cannot be undone.',
    action: planPaths.deleteAction(loaded.round.id, loaded.action.id),
    buttonText: 'Delete action',
    cancel: paths.action(loaded.round.id, loaded.action.id),
    version,
    ...extra,
  });

  app.get('/assessments/:roundId/actions/:actionId/delete', { preHandler: leadOnly }, async (request, reply) => {
    const loaded = await loadAction(request);
    if (!canManagePlan(loaded.round.status, loaded.membership.role)) {
      request.session.problem = notDraftProblem;
      return reply.redirect(paths.action(loaded.round.id, loaded.action.id));
    }
    return reply.render(planView('delete'), deletePage(loaded, loaded.action.version));
  });

  app.post('/assessments/:roundId/actions/:actionId/delete', { preHandler: leadOnly }, async (request, reply) => {
    const loaded = await loadAction(request);
    if (!canManagePlan(loaded.round.status, loaded.membership.role)) {
      request.session.problem = notDraftProblem;
      return reply.redirect(paths.action(loaded.round.id, loaded.action.id));
    }
    const form = validateForm(deleteForm, request.body);
    const result = form.ok
      ? await planService.deleteAction(loaded.membership.partnershipId, { userId: loaded.userId, requestId: request.id }, loaded.action.id, form.data.version)
      : { ok: false as const, problem: conflictMessage() };
    if (!result.ok) {
      const latest = await loadAction(request);
      return reply.code(409).render(planView('delete'), deletePage(latest, latest.action.version, { errors: formErrors([['delete', result.problem]]) }));
    }
    request.session.flash = 'The action has been deleted.';
    return reply.redirect(paths.actions(loaded.round.id));
  });
}
