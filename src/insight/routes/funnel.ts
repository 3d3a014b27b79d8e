import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { currentMembership } from '../../platform/auth/context.js';
import { type Database, periodUnits } from '../../platform/db/schema.js';
import { ukDateOf } from '../../platform/values/calendar.js';
import { formErrors } from '../../platform/web/forms.js';
import { loadHeadline } from '../dashboard.js';
import { funnelFigures, withdrawalReasons } from '../funnel-figures.js';
import { periodUnitLabels } from '../periods.js';
import { insightPaths as paths } from '../paths.js';
import { headlineModel } from '../view-models/dashboard.js';
import { figureText } from '../view-models/figure-text.js';
import { equalityFunnelTables, everyoneOf, funnelChart, leftTable, reasonsTable, stagesTable } from '../view-models/funnel.js';
import { audienceOf, choiceQuery, dashboardChoice, periodOptions, sendTable } from './dashboard.js';

const view = (name: string) => `insight/views/${name}.njk`;

/** The pathway funnel: the people identified in a period, where they got to and where they left. */
export function funnelRoutes(app: FastifyInstance, db: Kysely<Database>, now: () => Date) {
  async function load(request: Parameters<typeof audienceOf>[0]) {
    const membership = currentMembership(request);
    const today = ukDateOf(now());
    const choice = dashboardChoice(request.query, today);
    const audience = audienceOf(request);
    const text = figureText(audience);
    const groups = await funnelFigures(db, membership.partnershipId, choice.period);
    const everyone = everyoneOf(groups);
    // Reasons are free text written by the partnership's staff: only they see them.
    const reasons = audience === 'own_staff' ? await withdrawalReasons(db, membership.partnershipId, choice.period) : [];
    const tables = {
      stages: stagesTable(everyone, text),
      left: leftTable(everyone, text),
      reasons: reasonsTable(reasons),
      equality: equalityFunnelTables(groups, text),
    };
    return { membership, today, choice, text, everyone, tables, audience };
  }

  app.get(paths.funnel(), async (request, reply) => {
    const { membership, today, choice, text, everyone, tables, audience } = await load(request);
    const headline = await loadHeadline(db, membership.partnershipId, now());
    return reply.code(choice.problems.length ? 400 : 200).render(view('funnel'), {
      pageTitle: 'Pathway funnel',
      partnershipName: headline.partnership.name,
      headline: headlineModel(headline, text),
      canSetTarget: membership.role === 'lead_commissioner',
      shared: audience === 'shared',
      choice,
      query: choiceQuery(choice),
      unitOptions: periodUnits.map((unit) => ({ value: unit, text: periodUnitLabels[unit].text, checked: unit === choice.unit })),
      periodOptions: periodOptions(choice.unit, today, choice.period),
      identified: text.count(everyone.reached.identified),
      chart: funnelChart(everyone, text),
      tables,
      ...(choice.problems.length ? { errors: formErrors(choice.problems) } : {}),
      paths,
    });
  });

  app.get(paths.funnelData(':table', ':format'), async (request, reply) => {
    const params = request.params as { table: string; format: string };
    if (params.format !== 'csv' && params.format !== 'xlsx') return reply.callNotFound();
    const { choice, tables, audience } = await load(request);
    const table = [tables.stages, tables.left, ...(audience === 'own_staff' ? [tables.reasons] : []), ...tables.equality].find((each) => each.key === params.table);
    if (!table) return reply.callNotFound();
    const note = `People identified in ${choice.period.label}.${audience === 'shared' ? ' Counts of 1 to 4, and figures that would reveal them, are withheld.' : ''}`;
    return sendTable(reply, table, { format: params.format, note, fileName: `funnel-${table.key}-${choice.period.key.replace(/\s+/g, '-')}`, now: now() });
  });
}
