import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { signedIn } from '../../platform/auth/context.js';
import type { Database } from '../../platform/db/schema.js';
import { writeCsv } from '../../platform/tabular/csv-write.js';
import { ukDateOf } from '../../platform/values/calendar.js';
import { HttpError } from '../../platform/web/errors.js';
import { formErrors } from '../../platform/web/forms.js';
import { allAreaFigures, type AnalystScope, partnershipsInScope, scopeName, selfAssessmentCounts } from '../figures.js';
import { compareChoice, type FinancialYear, leagueTable, yearChoice, yearsUpTo } from '../league-rules.js';
import { regionalPaths as paths } from '../paths.js';
import { compareTable, leagueModel } from '../view-models/league.js';
import { selfAssessmentSections, selfAssessmentTable } from '../view-models/self-assessment.js';
import type { RegionalTable } from '../view-models/tables.js';

/**
 * The analysts' pages: the league table and funnel plot of residential access, areas side by
 * side, and the regional picture of the self-assessment. Each reads only the partnerships that
 * share their figures within the analyst's scope, and shows small counts as "fewer than 5".
 */

const view = (name: string) => `regional/views/${name}.njk`;

function scopeOf(request: FastifyRequest): AnalystScope {
  const scope = signedIn(request).analystScope;
  if (!scope) throw new HttpError(403);
  return scope;
}

const query = (request: FastifyRequest) => (request.query ?? {}) as Record<string, unknown>;

function yearOptions(today: string, chosen: FinancialYear) {
  return yearsUpTo(today).map((year) => ({ value: year.key, text: `${year.key} (${year.label})`, selected: year.key === chosen.key }));
}

const disclosureNote = 'Counts of 1 to 4 show as “fewer than 5”, and any figure that would reveal one is withheld.';

function sendCsv(reply: FastifyReply, table: RegionalTable, notes: string[], fileName: string) {
  const csv = writeCsv([[table.caption], ...notes.map((note) => [note]), [], table.head, ...table.rows]);
  return reply.header('cache-control', 'no-store').header('content-disposition', `attachment; filename="${fileName}.csv"`).header('content-type', 'text/csv; charset=utf-8').send(csv);
}

export function analystRoutes(app: FastifyInstance, db: Kysely<Database>, now: () => Date) {
  async function load(request: FastifyRequest) {
    const scope = scopeOf(request);
    const moment = now();
    const today = ukDateOf(moment);
    const { year, problem } = yearChoice(query(request).year, today);
    const partnerships = await partnershipsInScope(db, scope);
    const areas = await allAreaFigures(db, partnerships, year, moment);
    return { scope, today, year, problem, partnerships, areas, scopeName: scopeName(scope) };
  }

  const common = (loaded: Awaited<ReturnType<typeof load>>) => ({
    scopeName: loaded.scopeName,
    year: loaded.year,
    yearOptions: yearOptions(loaded.today, loaded.year),
    yearQuery: new URLSearchParams({ year: loaded.year.key }).toString(),
    sharingCount: loaded.partnerships.length,
    paths,
  });

  app.get(paths.league(), async (request, reply) => {
    const loaded = await load(request);
    const league = leagueModel(loaded.areas, loaded.scopeName, loaded.year.label);
    return reply.code(loaded.problem ? 400 : 200).render(view('league'), {
      pageTitle: `Residential access in ${loaded.scopeName}`,
      currentRegionalPage: 'league',
      ...common(loaded),
      league,
      ...(loaded.problem ? { errors: formErrors([['year', loaded.problem]]) } : {}),
    });
  });

  app.get(paths.compare(), async (request, reply) => {
    const loaded = await load(request);
    const asked = query(request);
    const submitted = asked.chosen !== undefined;
    const choice = compareChoice(asked.area, loaded.partnerships.map((partnership) => partnership.id));
    const problems: Array<[string, string]> = [];
    if (loaded.problem) problems.push(['year', loaded.problem]);
    if (submitted && choice.problem) problems.push(['area', choice.problem]);
    const rows = leagueTable(loaded.areas);
    const chosen = choice.problem ? [] : choice.ids.map((id) => rows.find((row) => row.area.id === id)).filter((row) => row !== undefined);
    const table = chosen.length >= 2 ? compareTable(chosen, loaded.year.label) : null;
    const selected = new Set(choice.ids);
    return reply.code(problems.length ? 400 : 200).render(view('compare'), {
      pageTitle: 'Compare areas side by side',
      currentRegionalPage: 'compare',
      ...common(loaded),
      areaOptions: loaded.partnerships.map((partnership) => ({ value: partnership.id, text: partnership.name, hint: { text: partnership.region }, checked: selected.has(partnership.id) })),
      table,
      dataQuery: table ? new URLSearchParams([['year', loaded.year.key], ['chosen', '1'], ...choice.ids.map((id) => ['area', id])]).toString() : '',
      ...(problems.length ? { errors: formErrors(problems) } : {}),
    });
  });

  app.get(paths.selfAssessment(), async (request, reply) => {
    const scope = scopeOf(request);
    const partnerships = await partnershipsInScope(db, scope);
    const sections = selfAssessmentSections(await selfAssessmentCounts(db, partnerships));
    return reply.render(view('self-assessment'), {
      pageTitle: `The self-assessment in ${scopeName(scope)}`,
      currentRegionalPage: 'self-assessment',
      scopeName: scopeName(scope),
      sharingCount: partnerships.length,
      sections,
      yearQuery: new URLSearchParams(query(request).year ? { year: String(query(request).year) } : {}).toString(),
      paths,
    });
  });

  app.get(paths.data(':table'), async (request, reply) => {
    const { table: key } = request.params as { table: string };
    if (key === 'self-assessment') {
      const scope = scopeOf(request);
      const partnerships = await partnershipsInScope(db, scope);
      const table = selfAssessmentTable(selfAssessmentSections(await selfAssessmentCounts(db, partnerships)));
      return sendCsv(reply, table, [`Partnerships in ${scopeName(scope)} that share their figures; each area's latest agreed answers.`, disclosureNote], 'regional-self-assessment');
    }
    if (key !== 'league' && key !== 'funnel' && key !== 'compare') return reply.callNotFound();
    const loaded = await load(request);
    if (loaded.problem) return reply.callNotFound();
    const notes = [`Partnerships in ${loaded.scopeName} that share their figures, ${loaded.year.label}. People counted by the date they were admitted; adults in treatment are the published figures.`, disclosureNote];
    const fileName = `regional-${key}-${loaded.year.key}`;
    if (key === 'compare') {
      const choice = compareChoice(query(request).area, loaded.partnerships.map((partnership) => partnership.id));
      if (choice.problem) return reply.callNotFound();
      const rows = leagueTable(loaded.areas);
      const chosen = choice.ids.map((id) => rows.find((row) => row.area.id === id)).filter((row) => row !== undefined);
      return sendCsv(reply, compareTable(chosen, loaded.year.label), notes, fileName);
    }
    const league = leagueModel(loaded.areas, loaded.scopeName, loaded.year.label);
    return sendCsv(reply, key === 'league' ? league.table : league.funnelTable, notes, fileName);
  });
}
