import { excel } from '../../platform/tabular/excel.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { currentMembership, signedIn } from '../../platform/auth/context.js';
import { type Database, type PeriodUnit, periodUnits } from '../../platform/db/schema.js';
import { writeCsv } from '../../platform/tabular/csv-write.js';
import { cellText, writeTable, xlsxContentType } from '../../platform/tabular/xlsx-write.js';
import { ukDateOf } from '../../platform/values/calendar.js';
import { formErrors, validateForm } from '../../platform/web/forms.js';
import { type DashboardData, loadDashboard, loadHeadline } from '../dashboard.js';
import { residentialTarget, saveResidentialTarget } from '../dashboard-repository.js';
import type { Audience } from '../disclosure.js';
import { noService, type PeriodBasis } from '../measures.js';
import { overallOf, groupsOf } from '../pathway-figures.js';
import { financialYearKey, financialYearOf, type Period, periodContaining, periodOfKey, periodUnitLabels, recentPeriods } from '../periods.js';
import { insightPaths as paths } from '../paths.js';
import { dashboardCharts } from '../view-models/dashboard-charts.js';
import {
  accessTable,
  costTable,
  fairAccessModels,
  type FigureTable,
  headlineModel,
  publishedSources,
  safetyTable,
  servicesTable,
  staysTable,
  tenPeopleTable,
  trendTable,
  waitingTable,
} from '../view-models/dashboard.js';
import { figureText } from '../view-models/figure-text.js';
import { serviceNamesFor } from '../repository.js';

const view = (name: string) => `insight/views/${name}.njk`;

/** How far back each unit's period list goes. */
const periodsOffered: Record<PeriodUnit, number> = { month: 24, quarter: 12, year: 5 };

/** Peer reviewers come from another area: they see figures with small counts hidden. */
export function audienceOf(request: FastifyRequest): Audience {
  return currentMembership(request).role === 'peer_reviewer' ? 'shared' : 'own_staff';
}

const dashboardQuery = z.object({
  unit: z.string().trim().optional(),
  period: z.string().trim().optional(),
  basis: z.string().trim().optional(),
});

export interface DashboardChoice {
  unit: PeriodUnit;
  period: Period;
  basis: PeriodBasis;
  problems: Array<[string, string]>;
}

/** The period and basis asked for, or this financial year by referral date, with a message for anything not understood. */
export function dashboardChoice(query: unknown, today: string): DashboardChoice {
  const parsed = dashboardQuery.safeParse(query ?? {});
  const asked = parsed.success ? parsed.data : {};
  const problems: Array<[string, string]> = [];
  let unit: PeriodUnit = 'year';
  if (asked.unit && (periodUnits as readonly string[]).includes(asked.unit)) unit = asked.unit as PeriodUnit;
  else if (asked.unit) problems.push(['unit', 'Select a month, a quarter or a financial year']);
  let period = periodContaining(today, unit);
  if (asked.period) {
    // A period of another unit (the person changed the unit and kept the old period) gives the
    // period of the new unit that it starts in.
    const given = periodOfKey(asked.period, unit) ?? periodUnits.map((other) => periodOfKey(asked.period as string, other)).find(Boolean) ?? null;
    const chosen = given && periodContaining(given.from, unit);
    if (chosen && chosen.from <= today) period = chosen;
    else problems.push(['period', 'Select a period from the list']);
  }
  let basis: PeriodBasis = 'referral';
  if (asked.basis === 'referral' || asked.basis === 'admission') basis = asked.basis;
  else if (asked.basis) problems.push(['basis', 'Select whether to count people by the date they were referred or the date they were admitted']);
  if (!parsed.success) problems.push(['period', 'Select a period from the list']);
  return { unit, period, basis, problems };
}

export function periodOptions(unit: PeriodUnit, today: string, selected: Period) {
  return recentPeriods(unit, today, periodsOffered[unit])
    .reverse()
    .map((period) => ({ value: period.key, text: period.label, selected: period.key === selected.key }));
}

/** The query string that keeps a page's choice when moving between pages and downloads. */
export function choiceQuery(choice: Pick<DashboardChoice, 'unit' | 'period' | 'basis'>): string {
  return new URLSearchParams({ unit: choice.unit, period: choice.period.key, basis: choice.basis }).toString();
}

/** Every table on the dashboard, in page order; each is also a download. */
function dashboardTables(data: DashboardData, names: ReadonlyMap<string, string>, audience: Audience) {
  const text = figureText(audience);
  const overall = overallOf(data.figures);
  return {
    text,
    overall,
    access: accessTable(data, text),
    waiting: waitingTable(overall, data.headline.partnership.fundingDecisionTargetDays, text),
    stays: staysTable(overall, text),
    tenPeople: tenPeopleTable(overall, text),
    safety: safetyTable(overall, text),
    cost: costTable(overall, text),
    services: servicesTable(data, names, text),
    trend: trendTable(data, text),
    fairAccess: fairAccessModels(data, text),
  };
}

function allTables(tables: ReturnType<typeof dashboardTables>): FigureTable[] {
  return [tables.access, tables.trend, tables.waiting, tables.stays, tables.tenPeople, tables.safety, tables.cost, ...tables.fairAccess.map((model) => model.table), tables.services];
}

/** A figure table as CSV: the caption, then the table. */
export function tableCsv(table: FigureTable, note: string): string {
  return writeCsv([[table.caption], [note], [], table.head, ...table.rows]);
}

export async function tableWorkbook(table: FigureTable, note: string, createdAt: Date): Promise<Buffer> {
  const workbook = new (await excel()).Workbook();
  workbook.creator = 'Residential Pathways';
  workbook.created = createdAt;
  const sheet = workbook.addWorksheet('Figures');
  sheet.getCell('A1').value = cellText(table.caption);
  sheet.getCell('A1').font = { bold: true };
  sheet.getCell('A2').value = cellText(note);
  writeTable(
    sheet,
    4,
    table.head.map((header, index) => ({ header, width: index === 0 ? 40 : 22 })),
    table.rows.map((row) => row.map((cell) => cellText(cell))),
  );
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Sends one table of an insight page as CSV or xlsx. */
export async function sendTable(reply: FastifyReply, table: FigureTable, options: { format: 'csv' | 'xlsx'; note: string; fileName: string; now: Date }) {
  reply.header('cache-control', 'no-store').header('content-disposition', `attachment; filename="${options.fileName}.${options.format}"`);
  if (options.format === 'csv') return reply.header('content-type', 'text/csv; charset=utf-8').send(tableCsv(table, options.note));
  return reply.header('content-type', xlsxContentType).send(await tableWorkbook(table, options.note, options.now));
}

const targetForm = z.object({
  targetEpisodes: z
    .string({ error: 'Enter the number of residential episodes' })
    .trim()
    .min(1, { error: 'Enter the number of residential episodes' })
    .regex(/^\d+$/, { error: 'The target must be a whole number, like 30' })
    .transform(Number)
    .pipe(z.number().int().max(100000, { error: 'The target must be 100,000 or fewer' })),
  version: z.string().regex(/^\d+$/).transform(Number),
});

export function dashboardRoutes(app: FastifyInstance, db: Kysely<Database>, now: () => Date) {
  async function load(request: FastifyRequest) {
    const membership = currentMembership(request);
    const today = ukDateOf(now());
    const choice = dashboardChoice(request.query, today);
    const data = await loadDashboard(db, membership.partnershipId, { period: choice.period, basis: choice.basis, now: now() });
    const serviceIds = groupsOf(data.figures, 'service')
      .map((group) => group.key)
      .filter((key) => key !== noService);
    const names = await serviceNamesFor(db, serviceIds);
    return { membership, today, choice, data, tables: dashboardTables(data, names, audienceOf(request)) };
  }

  app.get(paths.dashboard(), async (request, reply) => {
    const { membership, today, choice, data, tables } = await load(request);
    const query = choiceQuery(choice);
    return reply.code(choice.problems.length ? 400 : 200).render(view('dashboard'), {
      pageTitle: 'Where your partnership stands',
      partnershipName: data.headline.partnership.name,
      headline: headlineModel(data.headline, tables.text),
      canSetTarget: membership.role === 'lead_commissioner',
      shared: tables.text.audience === 'shared',
      choice,
      query,
      unitOptions: periodUnits.map((unit) => ({ value: unit, text: periodUnitLabels[unit].text, checked: unit === choice.unit })),
      periodOptions: periodOptions(choice.unit, today, choice.period),
      basisOptions: (['referral', 'admission'] as const).map((value) => ({
        value,
        text: value === 'referral' ? 'The date they were referred' : 'The date they were admitted',
        checked: value === choice.basis,
      })),
      tables,
      charts: dashboardCharts(data, tables.text),
      sources: publishedSources(data.trend.access),
      ...(choice.problems.length ? { errors: formErrors(choice.problems) } : {}),
      paths,
    });
  });

  app.get(paths.dashboardData(':table', ':format'), async (request, reply) => {
    const params = request.params as { table: string; format: string };
    if (params.format !== 'csv' && params.format !== 'xlsx') return reply.callNotFound();
    const { choice, data, tables } = await load(request);
    const table = allTables(tables).find((each) => each.key === params.table);
    if (!table) return reply.callNotFound();
    const note = `${data.headline.partnership.name}: ${choice.period.label}, people counted by the date they were ${choice.basis === 'referral' ? 'referred' : 'admitted'}.${
      tables.text.audience === 'shared' ? ' Counts of 1 to 4, and figures that would reveal them, are withheld.' : ''
    }`;
    return sendTable(reply, table, { format: params.format, note, fileName: `${table.key}-${choice.period.key.replace(/\s+/g, '-')}`, now: now() });
  });

  // The target: only the lead commissioner sets it.
  const leadOnly = async (request: FastifyRequest, reply: FastifyReply) => {
    if (currentMembership(request).role !== 'lead_commissioner') return reply.code(403).render('platform/web/views/forbidden.njk', { pageTitle: 'You cannot do this' });
  };

  app.get(paths.target(), { preHandler: leadOnly }, async (request, reply) => {
    const membership = currentMembership(request);
    const headline = await loadHeadline(db, membership.partnershipId, now());
    const year = headline.progress.financialYear;
    return reply.render(view('target'), {
      pageTitle: 'Residential target',
      yearKey: financialYearKey(year),
      yearLabel: `April ${year} to March ${year + 1}`,
      values: { targetEpisodes: headline.target ? String(headline.target.targetEpisodes) : '', version: String(headline.target?.version ?? 0) },
      headline: headlineModel(headline, figureText('own_staff')),
      paths,
    });
  });

  app.post(paths.target(), { preHandler: leadOnly }, async (request, reply) => {
    const membership = currentMembership(request);
    const financialYear = financialYearOf(ukDateOf(now()));
    const form = validateForm(targetForm, request.body);
    const page = async (values: Record<string, unknown>, errors: ReturnType<typeof formErrors>) => {
      const headline = await loadHeadline(db, membership.partnershipId, now());
      return reply.code(400).render(view('target'), {
        pageTitle: 'Residential target',
        yearKey: financialYearKey(financialYear),
        yearLabel: `April ${financialYear} to March ${financialYear + 1}`,
        values,
        errors,
        headline: headlineModel(headline, figureText('own_staff')),
        paths,
      });
    };
    if (!form.ok) return page(form.values, form.errors);
    const saved = await saveResidentialTarget(
      db,
      membership.partnershipId,
      { userId: signedIn(request).user.id, requestId: request.id },
      { financialYear, targetEpisodes: form.data.targetEpisodes, expectedVersion: form.data.version },
      now(),
    );
    if (!saved.ok) {
      const current = await residentialTarget(db, membership.partnershipId, financialYear);
      return page(
        { targetEpisodes: form.values.targetEpisodes, version: String(current?.version ?? 0) },
        formErrors([['targetEpisodes', `Someone else changed the target to ${current?.targetEpisodes ?? 'nothing'} while you were editing. Check it and save again.`]]),
      );
    }
    request.session.flash = `The residential target for ${financialYearKey(financialYear)} is now ${form.data.targetEpisodes.toLocaleString('en-GB')} episodes.`;
    return reply.redirect(paths.dashboard());
  });
}
