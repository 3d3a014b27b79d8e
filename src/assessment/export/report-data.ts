import { partnerTypeLabel } from '../../accounts/index.js';
import type { ActionPurpose, ActionStatus, Judgement, PeerDecision, Rating, RoundStatus } from '../../platform/db/schema.js';
import { actionPurposeLabels, actionStatusTags, judgementTags, overdueTag, peerDecisionTags, ratingTags, roundStatusTags } from '../labels.js';
import type { TemplateTheme } from '../repository.js';
import { isOverdue, nextMeeting, partnerCoverage, themeSummary } from '../rules.js';
import type { Tag } from '../../platform/web/tags.js';
import type { SuggestedRating } from '../../insight/index.js';
import { frozenLinkedFigures } from '../linked-figures.js';
import { type ActionTarget, type TargetSummary, targetSummary } from '../plan-rules.js';
import { figureLines, linkedFiguresView } from '../view-models/linked-figures.js';

/**
 * One round's data, gathered by export-repository.ts, turned into the plain model that both the
 * spreadsheet (workbook.ts) and the printable report (views/export/report.njk) are built from.
 * Nothing here touches the database, so it is tested with plain objects.
 */

export interface RoundExportSource {
  partnership: { name: string; region: string };
  round: {
    id: string;
    title: string;
    status: RoundStatus;
    starts_on: string;
    responses_due_on: string;
    re_evaluate_on: string | null;
    created_at: Date;
  };
  template: { key: string; version: string; title: string };
  themes: TemplateTheme[];
  participants: Array<{ name: string; organisation: string; partner_type: string; has_authority: boolean; knows_pathway: boolean }>;
  responses: Array<{
    statement_id: string;
    respondent_user_id: string;
    respondent_name: string;
    organisation: string;
    rating: Rating | null;
    evidence: string;
  }>;
  agreed: Array<{
    statement_id: string;
    rating: Rating;
    judgement: Judgement;
    rationale: string;
    suggested_rating: SuggestedRating | null;
    differs_reason: string;
    /** The linked figures frozen when the answer was agreed. */
    figures: unknown[];
  }>;
  priorities: Array<{ id: string; title: string; description: string; rank: number }>;
  actions: Array<{
    id: string;
    priority_id: string | null;
    description: string;
    purpose: ActionPurpose;
    lead_person: string;
    lead_organisation: string;
    due_on: string;
    status: ActionStatus;
    statementKeys: string[];
    latestUpdate: { recorded_on: string; status: ActionStatus; note: string } | null;
    /** The measure the action aims to move, with its frozen baseline and target. */
    target: ActionTarget | null;
  }>;
  /** The live value of each measure an action aims to move, by measure key. */
  figuresNow: Record<string, number | null>;
  meetings: Array<{ meets_on: string }>;
  comments: Array<{
    statement_id: string | null;
    reviewer_name: string;
    comment: string;
    reply: string | null;
    replied_by_name: string | null;
    replied_at: Date | null;
    created_at: Date;
  }>;
  decisions: Array<{ reviewer_name: string; decision: PeerDecision; summary: string; decided_at: Date }>;
}

export interface ReportOptions {
  /** Today in the UK, as YYYY-MM-DD: decides which actions are overdue. */
  today: string;
  /**
   * Whose individual ratings and evidence to include: everyone's, or only one person's.
   * Contributors see only their own answers on screen, so their download follows the same rule.
   */
  answersOf: 'everyone' | { userId: string };
}

export interface Respondent {
  userId: string;
  name: string;
  organisation: string;
  /** "Organisation (Name)", or the name alone when no organisation was given. */
  label: string;
}

export interface ReportAnswer {
  rating: Rating | null;
  ratingText: string;
  evidence: string;
}

export interface ReportStatement {
  key: string;
  text: string;
  /** One entry per respondent, in the same order as `respondents`; null where that person gave no answer. */
  answers: Array<ReportAnswer | null>;
  agreed: {
    rating: Rating;
    ratingTag: Tag;
    judgement: Judgement;
    judgementTag: Tag;
    rationale: string;
    /** The rating the linked figures suggested when it was agreed ('' when none). */
    suggestedText: string;
    differsReason: string;
    /** The linked figures as they stood when it was agreed, one line each. */
    figures: string[];
  } | null;
}

export interface ReportTheme {
  key: string;
  title: string;
  description: string;
  statements: ReportStatement[];
  summary: ReturnType<typeof themeSummary>;
}

export interface ReportAction {
  description: string;
  purposeText: string;
  statementKeys: string[];
  leadPerson: string;
  leadOrganisation: string;
  dueOn: string;
  status: ActionStatus;
  statusTag: Tag;
  overdue: boolean;
  overdueTag: Tag;
  latestUpdate: { recordedOn: string; statusText: string; note: string } | null;
  target: TargetSummary | null;
}

export interface ReportPriority {
  rank: number;
  title: string;
  description: string;
  actions: ReportAction[];
}

export interface RoundReport {
  generatedOn: string;
  partnership: { name: string; region: string };
  round: RoundExportSource['round'] & { statusTag: Tag };
  template: RoundExportSource['template'];
  individualAnswers: 'everyone' | 'own';
  respondents: Respondent[];
  themes: ReportTheme[];
  totals: { statements: number; agreed: number; strengths: number; concerns: number; notAgreed: number };
  priorities: ReportPriority[];
  /** Actions not linked to any priority. */
  otherActions: ReportAction[];
  actionCount: number;
  overdueCount: number;
  nextMeetingOn: string | null;
  partners: {
    participants: Array<{ name: string; organisation: string; partnerTypeLabel: string; hasAuthority: boolean; knowsPathway: boolean }>;
    coverage: ReturnType<typeof partnerCoverage>;
  };
  peerReview: {
    latestDecision: { reviewerName: string; decision: PeerDecision; decisionTag: Tag; summary: string; decidedAt: Date } | null;
    decisions: Array<{ reviewerName: string; decision: PeerDecision; decisionTag: Tag; summary: string; decidedAt: Date }>;
    comments: Array<{
      statementKey: string | null;
      statementText: string | null;
      reviewerName: string;
      comment: string;
      createdAt: Date;
      reply: string | null;
      repliedByName: string | null;
      repliedAt: Date | null;
    }>;
  };
}

export function respondentLabel(name: string, organisation: string): string {
  return organisation.trim() ? `${organisation} (${name})` : name;
}

function toAction(action: RoundExportSource['actions'][number], today: string, figuresNow: RoundExportSource['figuresNow']): ReportAction {
  return {
    target: action.target ? targetSummary(action.target, figuresNow[action.target.measure] ?? null, today) : null,
    description: action.description,
    purposeText: actionPurposeLabels[action.purpose],
    statementKeys: action.statementKeys,
    leadPerson: action.lead_person,
    leadOrganisation: action.lead_organisation,
    dueOn: action.due_on,
    status: action.status,
    statusTag: actionStatusTags[action.status],
    overdue: isOverdue(action, today),
    overdueTag,
    latestUpdate: action.latestUpdate
      ? { recordedOn: action.latestUpdate.recorded_on, statusText: actionStatusTags[action.latestUpdate.status].text, note: action.latestUpdate.note }
      : null,
  };
}

export function buildRoundReport(source: RoundExportSource, options: ReportOptions): RoundReport {
  const responses =
    options.answersOf === 'everyone' ? source.responses : source.responses.filter((response) => response.respondent_user_id === (options.answersOf as { userId: string }).userId);

  // One column per person who answered anything, ordered by organisation and then name.
  const respondentMap = new Map<string, Respondent>();
  for (const response of responses) {
    if (!respondentMap.has(response.respondent_user_id)) {
      respondentMap.set(response.respondent_user_id, {
        userId: response.respondent_user_id,
        name: response.respondent_name,
        organisation: response.organisation,
        label: respondentLabel(response.respondent_name, response.organisation),
      });
    }
  }
  const respondents = [...respondentMap.values()].sort(
    (a, b) => a.organisation.localeCompare(b.organisation, 'en-GB') || a.name.localeCompare(b.name, 'en-GB'),
  );

  const responseIndex = new Map(responses.map((response) => [`${response.statement_id}/${response.respondent_user_id}`, response]));
  const agreedIndex = new Map(source.agreed.map((answer) => [answer.statement_id, answer]));

  const themes: ReportTheme[] = source.themes.map((theme) => {
    const statements: ReportStatement[] = theme.statements.map((statement) => {
      const agreed = agreedIndex.get(statement.id);
      return {
        key: statement.key,
        text: statement.text,
        answers: respondents.map((respondent) => {
          const response = responseIndex.get(`${statement.id}/${respondent.userId}`);
          if (!response || (response.rating === null && !response.evidence.trim())) return null;
          return { rating: response.rating, ratingText: response.rating ? ratingTags[response.rating].text : 'No rating', evidence: response.evidence };
        }),
        agreed: agreed
          ? {
              rating: agreed.rating,
              ratingTag: ratingTags[agreed.rating],
              judgement: agreed.judgement,
              judgementTag: judgementTags[agreed.judgement],
              rationale: agreed.rationale,
              suggestedText: agreed.suggested_rating ? ratingTags[agreed.suggested_rating].text : '',
              differsReason: agreed.differs_reason,
              figures: figureLines(linkedFiguresView(frozenLinkedFigures(agreed.figures, agreed.suggested_rating))),
            }
          : null,
      };
    });
    const answers = statements.flatMap((statement) => (statement.agreed ? [{ rating: statement.agreed.rating, judgement: statement.agreed.judgement }] : []));
    return { key: theme.key, title: theme.title, description: theme.description, statements, summary: themeSummary(answers, statements.length) };
  });

  const totals = themes.reduce(
    (sum, theme) => ({
      statements: sum.statements + theme.statements.length,
      agreed: sum.agreed + theme.statements.length - theme.summary.notAgreed,
      strengths: sum.strengths + theme.summary.strengths,
      concerns: sum.concerns + theme.summary.concerns,
      notAgreed: sum.notAgreed + theme.summary.notAgreed,
    }),
    { statements: 0, agreed: 0, strengths: 0, concerns: 0, notAgreed: 0 },
  );

  const byDueDate = [...source.actions].sort((a, b) => a.due_on.localeCompare(b.due_on) || a.description.localeCompare(b.description, 'en-GB'));
  const priorities = [...source.priorities]
    .sort((a, b) => a.rank - b.rank)
    .map((priority) => ({
      rank: priority.rank,
      title: priority.title,
      description: priority.description,
      actions: byDueDate.filter((action) => action.priority_id === priority.id).map((action) => toAction(action, options.today, source.figuresNow)),
    }));
  const priorityIds = new Set(source.priorities.map((priority) => priority.id));
  const otherActions = byDueDate.filter((action) => !action.priority_id || !priorityIds.has(action.priority_id)).map((action) => toAction(action, options.today, source.figuresNow));
  const allActions = [...priorities.flatMap((priority) => priority.actions), ...otherActions];

  const statementsById = new Map(source.themes.flatMap((theme) => theme.statements).map((statement) => [statement.id, statement]));
  const decisions = [...source.decisions]
    .sort((a, b) => a.decided_at.getTime() - b.decided_at.getTime())
    .map((decision) => ({
      reviewerName: decision.reviewer_name,
      decision: decision.decision,
      decisionTag: peerDecisionTags[decision.decision],
      summary: decision.summary,
      decidedAt: decision.decided_at,
    }));

  return {
    generatedOn: options.today,
    partnership: source.partnership,
    round: { ...source.round, statusTag: roundStatusTags[source.round.status] },
    template: source.template,
    individualAnswers: options.answersOf === 'everyone' ? 'everyone' : 'own',
    respondents,
    themes,
    totals,
    priorities,
    otherActions,
    actionCount: allActions.length,
    overdueCount: allActions.filter((action) => action.overdue).length,
    nextMeetingOn: nextMeeting(source.meetings, options.today)?.meets_on ?? null,
    partners: {
      participants: source.participants.map((participant) => ({
        name: participant.name,
        organisation: participant.organisation,
        partnerTypeLabel: partnerTypeLabel(participant.partner_type) || participant.partner_type,
        hasAuthority: participant.has_authority,
        knowsPathway: participant.knows_pathway,
      })),
      coverage: partnerCoverage(
        source.participants.map((participant) => ({ partnerType: participant.partner_type, hasAuthority: participant.has_authority, knowsPathway: participant.knows_pathway })),
      ),
    },
    peerReview: {
      latestDecision: decisions.at(-1) ?? null,
      decisions,
      comments: [...source.comments]
        .sort((a, b) => a.created_at.getTime() - b.created_at.getTime())
        .map((comment) => {
          const statement = comment.statement_id ? statementsById.get(comment.statement_id) : undefined;
          return {
            statementKey: statement?.key ?? null,
            statementText: statement?.text ?? null,
            reviewerName: comment.reviewer_name,
            comment: comment.comment,
            createdAt: comment.created_at,
            reply: comment.reply,
            repliedByName: comment.replied_by_name,
            repliedAt: comment.replied_at,
          };
        }),
    },
  };
}
