import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { currentMembership, signedIn } from '../../platform/auth/context.js';
import { type Database, periodUnits } from '../../platform/db/schema.js';
import { ukDateOf } from '../../platform/values/calendar.js';
import { tickedField } from '../../platform/web/fields.js';
import { type FormErrors, formErrors } from '../../platform/web/forms.js';
import { regionCodeOf, regionOfCode } from '../areas.js';
import { comparedAreas, loadHeadline } from '../dashboard.js';
import { comparableAreas, comparatorAreas, latestPublishedPeriodStart, saveComparatorAreas } from '../dashboard-repository.js';
import { noService } from '../measures.js';
import { insightPaths as paths } from '../paths.js';
import { groupsOf, pathwayFigures } from '../pathway-figures.js';
import { periodContaining, periodUnitLabels } from '../periods.js';
import { publishedSeries } from '../published/repository.js';
import { serviceNamesFor } from '../repository.js';
import { comparisonSections, funnelSection, howWeCompare } from '../view-models/comparisons.js';
import { headlineModel } from '../view-models/dashboard.js';
import { figureText } from '../view-models/figure-text.js';
import { audienceOf, choiceQuery, dashboardChoice, periodOptions, sendTable } from './dashboard.js';

/**
 * The comparisons page: the partnership's published figures beside the areas its lead
 * commissioner chose, its region and England, with Wilson and Poisson intervals and a judgement
 * in words; a funnel plot of completion by service from its own referrals; and the form where the
 * lead commissioner chooses the areas to compare with.
 */

const view = (name: string) => `insight/views/${name}.njk`;

/** More than this many comparators make the tables and charts too long to read. */
export const mostComparators = 5;

const comparedMeasureKeys = ['adults_in_treatment', 'residential_rehab_starts', 'inpatient_detox_starts', 'successful_completions'] as const;

/** The choice form's unit radios, period list and basis radios, as on the dashboard. */
function choiceOptions(choice: ReturnType<typeof dashboardChoice>, today: string) {
  return {
    unitOptions: periodUnits.map((unit) => ({ value: unit, text: periodUnitLabels[unit].text, checked: unit === choice.unit })),
    periodOptions: periodOptions(choice.unit, today, choice.period),
    basisOptions: (['referral', 'admission'] as const).map((value) => ({
      value,
      text: value === 'referral' ? 'The date they were referred' : 'The date they were admitted',
      checked: value === choice.basis,
    })),
  };
}

export function comparisonsRoutes(app: FastifyInstance, db: Kysely<Database>, now: () => Date) {
  async function load(request: FastifyRequest) {
    const membership = currentMembership(request);
    const moment = now();
    const today = ukDateOf(moment);
    const choice = dashboardChoice(request.query, today);
    const text = figureText(audienceOf(request));
    const headline = await loadHeadline(db, membership.partnershipId, moment);
    const areas = await comparedAreas(db, membership.partnershipId, headline.partnership);
    // Published figures are by quarter and financial year only.
    const monthly = choice.unit === 'month';
    const published = monthly
      ? []
      : await publishedSeries(db, { areaCodes: areas.map((area) => area.areaCode), measures: comparedMeasureKeys, periodUnit: choice.unit, from: choice.period.from, to: choice.period.from });
    const figures = await pathwayFigures(db, membership.partnershipId, { from: choice.period.from, to: choice.period.to, basis: choice.basis, unit: choice.unit, now: moment });
    const serviceGroups = groupsOf(figures, 'service').filter((group) => group.key !== noService);
    const names = await serviceNamesFor(
      db,
      serviceGroups.map((group) => group.key),
    );
    const sections = comparisonSections(areas, published, text);
    const funnel = funnelSection(
      serviceGroups.map((group) => ({
        key: group.key,
        name: names.get(group.key) ?? 'A service no longer listed',
        completed: group.measures.completion.numerator,
        discharged: group.measures.completion.denominator,
      })),
      text,
    );
    return { membership, today, choice, text, headline, areas, monthly, published, sections, funnel };
  }

  /** For a period with no published figures yet, the latest one of the same unit that has them. */
  async function latestPublished(areaCode: string | null, choice: ReturnType<typeof dashboardChoice>, today: string) {
    if (!areaCode || choice.unit === 'month') return null;
    const start = await latestPublishedPeriodStart(db, areaCode, choice.unit, today);
    if (!start || start === choice.period.from) return null;
    const period = periodContaining(start, choice.unit);
    return { label: period.label, href: `${paths.comparisons()}?${choiceQuery({ ...choice, period })}` };
  }

  app.get(paths.comparisons(), async (request, reply) => {
    const { membership, today, choice, text, headline, areas, monthly, sections, funnel } = await load(request);
    const anyPublished = sections.some((section) => section.anyPublished);
    return reply.code(choice.problems.length ? 400 : 200).render(view('comparisons'), {
      pageTitle: 'How your partnership compares',
      partnershipName: headline.partnership.name,
      headline: headlineModel(headline, text),
      canSetTarget: membership.role === 'lead_commissioner',
      canChooseComparators: membership.role === 'lead_commissioner',
      shared: text.audience === 'shared',
      choice,
      query: choiceQuery(choice),
      ...choiceOptions(choice, today),
      monthly,
      anyPublished,
      latest: anyPublished ? null : await latestPublished(headline.partnership.areaCode, choice, today),
      comparators: areas.filter((area) => area.kind === 'comparator').map((area) => area.name),
      hasArea: headline.partnership.areaCode !== null,
      sections,
      funnel,
      howWeCompare,
      ...(choice.problems.length ? { errors: formErrors(choice.problems) } : {}),
      paths,
    });
  });

  app.get(paths.comparisonsData(':table', ':format'), async (request, reply) => {
    const params = request.params as { table: string; format: string };
    if (params.format !== 'csv' && params.format !== 'xlsx') return reply.callNotFound();
    const { choice, text, headline, sections, funnel } = await load(request);
    const tables = [...sections.map((section) => section.table), ...(funnel.table ? [funnel.table] : [])];
    const found = tables.find((each) => each.key === params.table);
    if (!found) return reply.callNotFound();
    const table = { key: found.key, caption: found.caption, head: found.head, rows: found.rows };
    const sources = sections.find((section) => section.table.key === table.key)?.sources ?? [];
    const note = [
      `${headline.partnership.name}: ${choice.period.label}.`,
      table.key === 'funnel'
        ? `From the referrals recorded in this service, people counted by the date they were ${choice.basis === 'referral' ? 'referred' : 'admitted'}.`
        : `Published figures${sources.length ? `: ${sources.join('; ')}` : ''}.`,
      text.audience === 'shared' ? 'Counts of 1 to 4, and figures that would reveal them, are withheld.' : '',
    ]
      .filter(Boolean)
      .join(' ');
    return sendTable(reply, table, { format: params.format, note, fileName: `comparisons-${table.key}-${choice.period.key.replace(/\s+/g, '-')}`, now: now() });
  });

  // Choosing the areas to compare with: only the lead commissioner.
  const leadOnly = async (request: FastifyRequest, reply: FastifyReply) => {
    if (currentMembership(request).role !== 'lead_commissioner') return reply.code(403).render('platform/web/views/forbidden.njk', { pageTitle: 'You cannot do this' });
  };

  /** The areas offered: those in the partnership's region first, then the rest, each by name. */
  async function offeredAreas(partnershipId: string) {
    const headline = await loadHeadline(db, partnershipId, now());
    const { partnership } = headline;
    const ownRegion = regionCodeOf(partnership.region) ?? null;
    const areas = await comparableAreas(db, partnership.areaCode);
    const inRegion = areas.filter((area) => ownRegion !== null && area.regionCode === ownRegion);
    const elsewhere = areas.filter((area) => ownRegion === null || area.regionCode !== ownRegion);
    return { partnership, ownRegion, offered: [...inRegion, ...elsewhere], inRegionCount: inRegion.length };
  }

  async function renderChooser(request: FastifyRequest, reply: FastifyReply, ticked: readonly string[] | null, errors?: FormErrors) {
    const membership = currentMembership(request);
    const { partnership, offered, inRegionCount } = await offeredAreas(membership.partnershipId);
    const chosen = new Set(ticked ?? (await comparatorAreas(db, membership.partnershipId)).map((area) => area.areaCode));
    return reply.code(errors ? 400 : 200).render(view('comparators'), {
      pageTitle: 'Choose areas to compare with',
      partnershipName: partnership.name,
      regionName: `the ${partnership.region}`.replace('the London', 'London'),
      inRegionCount,
      mostComparators,
      items: offered.map((area) => {
        const region = area.regionCode ? regionOfCode(area.regionCode) : undefined;
        return { value: area.areaCode, text: area.areaName, hint: { text: region ?? 'Region not known' }, checked: chosen.has(area.areaCode) };
      }),
      ...(errors ? { errors } : {}),
      paths,
    });
  }

  app.get(paths.comparators(), { preHandler: leadOnly }, async (request, reply) => renderChooser(request, reply, null));

  app.post(paths.comparators(), { preHandler: leadOnly }, async (request, reply) => {
    const membership = currentMembership(request);
    const { offered } = await offeredAreas(membership.partnershipId);
    const codes = new Set(offered.map((area) => area.areaCode));
    const form = z.object({
      areas: tickedField
        .refine((items) => items.every((item) => codes.has(item)), { error: 'Select areas from the list' })
        .transform((items) => [...new Set(items)])
        .refine((items) => items.length <= mostComparators, { error: `Select ${mostComparators} areas or fewer` }),
    });
    const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, unknown>;
    const parsed = form.safeParse(body);
    if (!parsed.success) {
      const ticked = tickedField.safeParse(body.areas);
      const messages = parsed.error.issues.map((issue) => ['areas', issue.message] as [string, string]);
      return renderChooser(request, reply, ticked.success ? ticked.data : [], formErrors(messages));
    }
    const chosen = parsed.data.areas;
    await saveComparatorAreas(db, membership.partnershipId, { userId: signedIn(request).user.id, requestId: request.id }, chosen);
    const names = offered.filter((area) => chosen.includes(area.areaCode)).map((area) => area.areaName);
    request.session.flash = names.length ? `Your partnership now compares with ${listWords(names)}.` : 'Your partnership now compares with its region and England only.';
    return reply.redirect(paths.comparisons());
  });
}

/** 'A', 'A and B', 'A, B and C'. */
function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
