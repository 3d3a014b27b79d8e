import type { Executor } from '../platform/db/executor.js';
import type { Role } from '../platform/db/schema.js';
import { addDays, longDate } from '../platform/values/calendar.js';
import { countPhrase, type HomeTask } from '../platform/web/home-tasks.js';
import { type HomePerson, questionBankCount, type RoundAwaitingReview, type RoundHomeCounts, roundHomeCounts, roundsAwaitingReview } from './home-tasks-repository.js';
import { assessmentPaths as paths } from './paths.js';

/** Actions due within this many days are listed with the overdue ones. */
export const actionsDueWithinDays = 7;

/** What happens once responses close, in the contributor's words. */
export const afterResponsesClose =
  'When responses close, the lead commissioner agrees one answer for each statement from everyone’s ratings, then a peer reviewer from another area checks the answers before they are signed off.';

const dueHint = (round: RoundHomeCounts, today: string) =>
  round.responsesDueOn < today ? `${round.title}: responses were due by ${longDate(round.responsesDueOn)}` : `${round.title}: responses are due by ${longDate(round.responsesDueOn)}`;

/** The lead commissioner's lines: answers awaited, statements to agree, comments to answer, actions overdue. */
export function leadAssessmentTasks(rounds: readonly RoundHomeCounts[], today: string): HomeTask[] {
  const tasks: HomeTask[] = [];
  for (const round of rounds) {
    if (round.status === 'open' && round.partnersAwaited > 0) {
      tasks.push({
        key: 'assessment.answers-awaited',
        label: `${countPhrase(round.partnersAwaited, 'partner has', 'partners have')} not answered every statement yet`,
        count: round.partnersAwaited,
        href: paths.partners(round.id),
        urgency: round.responsesDueOn < today ? 'overdue' : 'due',
        hint: dueHint(round, today),
      });
    }
    const toAgree = round.statementCount - round.agreedCount;
    if (round.status === 'agreeing' && toAgree > 0) {
      tasks.push({
        key: 'assessment.statements-to-agree',
        label: `${countPhrase(toAgree, 'statement needs', 'statements need')} an agreed answer`,
        count: toAgree,
        href: paths.agreeList(round.id),
        urgency: 'due',
        hint: round.title,
      });
    }
    // Comments can be answered until sign-off (review-service canReplyToComments).
    if ((round.status === 'agreeing' || round.status === 'peer_review' || round.status === 'open') && round.commentsToAnswer > 0) {
      tasks.push({
        key: 'assessment.comments-to-answer',
        label: `${countPhrase(round.commentsToAnswer, 'peer review comment needs', 'peer review comments need')} an answer`,
        count: round.commentsToAnswer,
        href: paths.peerReview(round.id),
        urgency: 'due',
        hint: round.title,
      });
    }
    if (round.actionsOverdue > 0) {
      tasks.push({
        key: 'assessment.actions-overdue',
        label: `${countPhrase(round.actionsOverdue, 'action is', 'actions are')} overdue`,
        count: round.actionsOverdue,
        href: paths.actions(round.id),
        urgency: 'overdue',
        hint: round.title,
      });
    }
  }
  return tasks;
}

/** A contributor's lines: statements still to answer in an open round, and their own actions due or overdue. */
export function contributorAssessmentTasks(rounds: readonly RoundHomeCounts[], today: string): HomeTask[] {
  const tasks: HomeTask[] = [];
  for (const round of rounds) {
    const toAnswer = round.statementCount - round.myAnswered;
    if (round.status === 'open' && toAnswer > 0) {
      tasks.push({
        key: 'assessment.statements-to-answer',
        label: `${countPhrase(toAnswer, 'statement', 'statements')} still to answer`,
        count: toAnswer,
        href: paths.round(round.id),
        urgency: round.responsesDueOn < today ? 'overdue' : 'due',
        hint: `${dueHint(round, today)}. ${afterResponsesClose}`,
      });
    }
    if (round.myActionsOverdue > 0) {
      tasks.push({
        key: 'assessment.my-actions-overdue',
        label: `${countPhrase(round.myActionsOverdue, 'action you lead is', 'actions you lead are')} overdue`,
        count: round.myActionsOverdue,
        href: paths.actions(round.id),
        urgency: 'overdue',
        hint: round.title,
      });
    }
    if (round.myActionsDueSoon > 0) {
      tasks.push({
        key: 'assessment.my-actions-due',
        label: `${countPhrase(round.myActionsDueSoon, 'action you lead is', 'actions you lead are')} due in the next ${actionsDueWithinDays} days`,
        count: round.myActionsDueSoon,
        href: paths.actions(round.id),
        urgency: 'due',
        hint: round.title,
      });
    }
  }
  return tasks;
}

/** A viewer's way in to the latest round's results: the most recent signed-off round. */
export function viewerAssessmentTasks(rounds: readonly RoundHomeCounts[]): HomeTask[] {
  const latest = rounds.find((round) => round.status === 'signed_off');
  return latest ? [{ key: 'assessment.latest-results', label: `Results of ${latest.title}`, count: null, href: paths.results(latest.id), urgency: 'information' }] : [];
}

/** The self-assessment lines for someone's role in one partnership; nothing for roles with nothing to do here. */
export function assessmentTasksFor(role: Role, rounds: readonly RoundHomeCounts[], today: string): HomeTask[] {
  switch (role) {
    case 'lead_commissioner':
      return leadAssessmentTasks(rounds, today);
    case 'contributor':
      return contributorAssessmentTasks(rounds, today);
    case 'viewer':
      return viewerAssessmentTasks(rounds);
    default:
      return [];
  }
}

const rolesWithAssessmentTasks: readonly Role[] = ['lead_commissioner', 'contributor', 'viewer'];

/** What the self-assessment asks of this person in their current partnership today. */
export async function assessmentHomeTasks(db: Executor, partnershipId: string, role: Role, person: HomePerson, today: string): Promise<HomeTask[]> {
  if (!rolesWithAssessmentTasks.includes(role)) return [];
  const rounds = await roundHomeCounts(db, partnershipId, person, today, addDays(today, actionsDueWithinDays));
  return assessmentTasksFor(role, rounds, today);
}

/** One line a partnership: the rounds there waiting for this peer reviewer's review. */
export function peerReviewTasksFrom(rounds: readonly RoundAwaitingReview[], partnerships: ReadonlyArray<{ id: string; name: string }>): HomeTask[] {
  const tasks: HomeTask[] = [];
  for (const partnership of partnerships) {
    const waiting = rounds.filter((round) => round.partnershipId === partnership.id);
    const only = waiting[0];
    if (!only) continue;
    tasks.push({
      key: 'assessment.peer-review-waiting',
      label: `${countPhrase(waiting.length, 'self-assessment is', 'self-assessments are')} waiting for your peer review`,
      count: waiting.length,
      href: waiting.length === 1 ? paths.peerReview(only.id) : paths.list(),
      urgency: 'due',
      hint: waiting.length === 1 ? `${partnership.name}: ${only.title}` : partnership.name,
      partnership,
    });
  }
  return tasks;
}

/** The rounds waiting for review in every partnership where the person is a peer reviewer, by partnership. */
export async function peerReviewHomeTasks(db: Executor, partnerships: ReadonlyArray<{ id: string; name: string }>): Promise<HomeTask[]> {
  const rounds = await roundsAwaitingReview(
    db,
    partnerships.map((partnership) => partnership.id),
  );
  return peerReviewTasksFrom(rounds, partnerships);
}

/** The administrator's way in to the question banks, with how many there are. */
export async function questionBankHomeTasks(db: Executor): Promise<HomeTask[]> {
  const count = await questionBankCount(db);
  return [
    {
      key: 'admin.question-banks',
      label: `Question banks: ${countPhrase(count, 'bank', 'banks')} of self-assessment questions`,
      count: null,
      href: paths.templates(),
      urgency: 'information',
    },
  ];
}
