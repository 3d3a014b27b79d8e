import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database, Rating } from '../../platform/db/schema.js';
import { roundForRequest } from '../access.js';
import { categoryLabels, chartCategories, ratingsChart } from '../chart.js';
import { ratingTags, roundStatusTags } from '../labels.js';
import { assessmentPaths as paths } from '../paths.js';
import * as repository from '../repository.js';
import * as results from '../results-repository.js';
import { type LinkedFigure, liveLinkedFigures } from '../linked-figures.js';
import { type Change, changeTags, compareRatings, themeSummary } from '../rules.js';
import { figuresBetweenRounds } from '../view-models/linked-figures.js';

const changeOrder: Change[] = ['better', 'same', 'worse', 'not_comparable', 'new'];

export function resultsRoutes(app: FastifyInstance, db: Kysely<Database>, now: () => Date) {
  // Everyone in the partnership may read the results; drafts stay with the lead (roundForRequest).
  app.get('/assessments/:roundId/results', async (request, reply) => {
    const { round, membership } = await roundForRequest(db, request);
    const partnershipId = membership.partnershipId;
    const [themes, agreed, previous] = await Promise.all([
      repository.templateStructure(db, round.template_id),
      results.agreedAnswersWithKeys(db, partnershipId, round.id),
      results.findPreviousRound(db, partnershipId, round.id),
    ]);
    const agreedByKey = new Map(agreed.map((answer) => [answer.statement_key, answer]));

    const summaries = themes.map((theme) => {
      const answers = theme.statements.flatMap((statement) => agreedByKey.get(statement.key) ?? []);
      return { theme, statementCount: theme.statements.length, ...themeSummary(answers, theme.statements.length) };
    });
    const totals = themeSummary(agreed, themes.reduce((total, theme) => total + theme.statements.length, 0));

    const chart = ratingsChart(
      summaries.map((summary) => ({ title: summary.theme.title, counts: summary.counts, notAgreed: summary.notAgreed })),
      { idPrefix: 'ratings-chart', title: 'Agreed ratings by theme' },
    );
    const figures = (summary: Pick<typeof totals, 'counts' | 'notAgreed' | 'strengths' | 'concerns'>) => [
      ...chartCategories.map((category) => (category === 'not_agreed' ? summary.notAgreed : summary.counts[category])),
      summary.strengths,
      summary.concerns,
    ];

    let comparison = null;
    if (previous) {
      const [previousAnswers, previousKeys] = await Promise.all([
        results.agreedAnswersWithKeys(db, partnershipId, previous.id),
        results.statementKeysOf(db, previous.template_id),
      ]);
      const previousByKey = new Map(previousAnswers.map((answer) => [answer.statement_key, answer.rating]));
      const askedBefore = new Set(previousKeys);
      const currentKeys = new Set(themes.flatMap((theme) => theme.statements.map((statement) => statement.key)));
      const counts: Record<Change, number> = { better: 0, same: 0, worse: 0, not_comparable: 0, new: 0 };
      const ratingText = (rating: Rating | null | undefined, missing: string) => (rating ? { tag: ratingTags[rating] } : { text: missing });
      const comparedThemes = themes.map((theme) => ({
        title: theme.title,
        statements: theme.statements.map((statement) => {
          const before: Rating | null | undefined = askedBefore.has(statement.key) ? (previousByKey.get(statement.key) ?? null) : undefined;
          const now = agreedByKey.get(statement.key)?.rating ?? null;
          const change = compareRatings(before, now);
          counts[change] += 1;
          return {
            key: statement.key,
            text: statement.text,
            before: before === undefined ? { text: 'Not in the earlier question bank' } : ratingText(before, 'Not agreed'),
            now: ratingText(now, 'Not agreed yet'),
            change: changeTags[change],
          };
        }),
      }));
      const frozenOf = (answers: typeof agreed) => new Map(answers.map((answer) => [answer.statement_key, answer.figures as LinkedFigure[]]));
      const frozenNow = frozenOf(agreed);
      const unagreed = themes.flatMap((theme) => theme.statements).filter((statement) => statement.measures.length && !frozenNow.get(statement.key)?.length);
      const liveNow = await liveLinkedFigures(db, partnershipId, round, unagreed, now());
      comparison = {
        figures: figuresBetweenRounds(themes, frozenOf(previousAnswers), frozenNow, liveNow),
        previous: { ...previous, tag: roundStatusTags[previous.status], href: paths.results(previous.id) },
        counts: changeOrder.map((change) => ({ change, tag: changeTags[change], count: counts[change] })),
        better: counts.better,
        same: counts.same,
        worse: counts.worse,
        themes: comparedThemes,
        droppedCount: previousKeys.filter((key) => !currentKeys.has(key)).length,
      };
    }

    return reply.render('assessment/views/review/results.njk', {
      pageTitle: `Results: ${round.title}`,
      round: { ...round, tag: roundStatusTags[round.status] },
      chart,
      figureHeadings: [...chartCategories.map((category) => categoryLabels[category]), 'Strengths', 'Concerns'],
      themeRows: summaries.map((summary) => ({ title: summary.theme.title, statementCount: summary.statementCount, figures: figures(summary) })),
      totalRow: { statementCount: summaries.reduce((sum, summary) => sum + summary.statementCount, 0), figures: figures(totals) },
      agreedCount: agreed.length,
      totals,
      comparison,
      paths,
    });
  });
}
