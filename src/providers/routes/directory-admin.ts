import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { regions } from '../../accounts/index.js';
import { type AuthContext, requireAdmin, requireProviderOrAdmin, signedIn } from '../../platform/auth/context.js';
import {
  type Database,
  type PackAudience,
  packAudiences,
  regulatorRatings,
  serviceKinds,
  specialisms,
  treatmentApproaches,
} from '../../platform/db/schema.js';
import { forbidden, notFound, recordId } from '../../platform/web/errors.js';
import { datePartsOf } from '../../platform/web/fields.js';
import { formErrors, validateForm } from '../../platform/web/forms.js';
import * as directory from '../directory-repository.js';
import type { DirectoryService } from '../directory-service.js';
import { packEditForm, packForm, providerAccountForm, providerEditForm, providerForm, serviceForm, versionForm } from '../forms/directory.js';
import { approachLabels, packAudienceLabels, regulatorRatingTags, serviceKindLabels, specialismLabels } from '../labels.js';
import { directoryAdminPaths, providerPaths as paths } from '../paths.js';
import { canEditProviderServices, packReviewOverdue, waitingTimeOutOfDate } from '../rules.js';
import { ukToday } from '../../platform/values/calendar.js';
import { formatPounds, poundsForInput } from '../../platform/values/money.js';
import { type Actor, conflictMessage } from '../../platform/values/outcome.js';
import { outOfDateTag, reviewOverdueTag, tickedIn, weeksText } from './directory.js';
import { oneTimePasswordValidDays } from '../../accounts/index.js';

const adminPaths = directoryAdminPaths;
const view = (name: string) => `providers/views/directory/${name}.njk`;

type Values = Record<string, unknown>;

const adminOnly = requireAdmin();
const providerOrAdmin = requireProviderOrAdmin();

const actorOf = (request: FastifyRequest): Actor => ({ userId: signedIn(request).user.id, requestId: request.id });
const params = (request: FastifyRequest) => request.params as Values;

/** The administrators' pages for providers and provider accounts, and the pages where services and their packs are kept up to date. */
export function directoryAdminRoutes(app: FastifyInstance, db: Kysely<Database>, service: DirectoryService, now: () => Date) {
  providerPages(app, db, service, now);
  providerAccountPages(app, db, service);
  servicePages(app, db, service, now);
  packPages(app, db, service, now);
  yourServicesPage(app, db, now);
}

// Providers (administrators) ---------------------------------------------------------------------------

function providerPages(app: FastifyInstance, db: Kysely<Database>, directoryService: DirectoryService, now: () => Date) {
  async function loadProvider(request: FastifyRequest) {
    const provider = await directory.findProvider(db, recordId(params(request).providerId));
    if (!provider) throw notFound();
    return provider;
  }

  app.get(paths.providers(), { preHandler: adminOnly }, async (request, reply) => {
    const providers = await directory.listProviders(db);
    return reply.render(view('providers'), {
      pageTitle: 'Providers',
      providers: providers.map((provider) => ({
        ...provider,
        href: paths.provider(provider.id),
        serviceCount: Number(provider.service_count ?? 0),
        accountCount: Number(provider.account_count ?? 0),
      })),
      paths,
      adminPaths,
    });
  });

  const formPage = (title: string, action: string, values: Values, extra: Values = {}) => ({ pageTitle: title, action, values, paths, adminPaths, ...extra });

  app.get(adminPaths.newProvider(), { preHandler: adminOnly }, async (request, reply) => {
    return reply.render(view('provider-form'), formPage('Add a provider', adminPaths.newProvider(), {}, { backHref: paths.providers() }));
  });

  app.post(adminPaths.newProvider(), { preHandler: adminOnly }, async (request, reply) => {
    const form = validateForm(providerForm, request.body);
    const page = (errors: unknown) => formPage('Add a provider', adminPaths.newProvider(), form.values, { backHref: paths.providers(), errors });
    if (!form.ok) return reply.code(400).render(view('provider-form'), page(form.errors));
    const result = await directoryService.addProvider(actorOf(request), form.data);
    if (!result.ok) return reply.code(400).render(view('provider-form'), page(formErrors([[result.field, result.problem]])));
    request.session.flash = `${form.data.name} has been added. Add its services next.`;
    return reply.redirect(paths.provider(result.providerId));
  });

  app.get(paths.provider(':providerId'), { preHandler: adminOnly }, async (request, reply) => {
    const provider = await loadProvider(request);
    const today = ukToday(now());
    const [services, accounts] = await Promise.all([directory.listServicesOfProviders(db, [provider.id], today), directory.listProviderAccounts(db, provider.id)]);
    return reply.render(view('provider'), {
      pageTitle: provider.name,
      provider,
      services: services.map((row) => ({ ...row, href: paths.service(row.id), kindLabel: serviceKindLabels[row.kind] })),
      accounts: accounts.map((account) => ({ ...account, removeHref: adminPaths.removeProviderAccount(provider.id, account.user_id) })),
      paths,
      adminPaths,
    });
  });

  app.get(adminPaths.editProvider(':providerId'), { preHandler: adminOnly }, async (request, reply) => {
    const provider = await loadProvider(request);
    return reply.render(
      view('provider-form'),
      formPage(`Change ${provider.name}`, adminPaths.editProvider(provider.id), { name: provider.name, website: provider.website, version: provider.version }, { provider, backHref: paths.provider(provider.id) }),
    );
  });

  app.post(adminPaths.editProvider(':providerId'), { preHandler: adminOnly }, async (request, reply) => {
    const provider = await loadProvider(request);
    const form = validateForm(providerEditForm, request.body);
    const page = (values: Values, errors: unknown, extra: Values = {}) =>
      formPage(`Change ${provider.name}`, adminPaths.editProvider(provider.id), values, { provider, backHref: paths.provider(provider.id), errors, ...extra });
    if (!form.ok) return reply.code(400).render(view('provider-form'), page(form.values, form.errors));
    const { version, ...details } = form.data;
    const result = await directoryService.updateProvider(actorOf(request), provider.id, version, details);
    if (!result.ok) {
      const latest = await loadProvider(request);
      const conflict = result.problem === conflictMessage();
      return reply
        .code(conflict ? 409 : 400)
        .render(view('provider-form'), page({ ...form.values, version: conflict ? latest.version : form.values.version }, formErrors([[result.field, result.problem]]), conflict ? { saved: latest } : {}));
    }
    request.session.flash = 'The provider’s details have been saved.';
    return reply.redirect(paths.provider(provider.id));
  });
}

// Provider accounts (administrators) -----------------------------------------------------------------------

function providerAccountPages(app: FastifyInstance, db: Kysely<Database>, directoryService: DirectoryService) {
  async function loadProvider(request: FastifyRequest) {
    const provider = await directory.findProvider(db, recordId(params(request).providerId));
    if (!provider) throw notFound();
    return provider;
  }

  const formPage = (provider: directory.Provider, values: Values, extra: Values = {}) => ({
    pageTitle: `Give someone a provider account for ${provider.name}`,
    provider,
    values,
    action: adminPaths.newProviderAccount(provider.id),
    backHref: paths.provider(provider.id),
    ...extra,
  });

  app.get(adminPaths.newProviderAccount(':providerId'), { preHandler: adminOnly }, async (request, reply) => {
    const provider = await loadProvider(request);
    return reply.render(view('account-form'), formPage(provider, {}));
  });

  app.post(adminPaths.newProviderAccount(':providerId'), { preHandler: adminOnly }, async (request, reply) => {
    const provider = await loadProvider(request);
    const form = validateForm(providerAccountForm, request.body);
    if (!form.ok) return reply.code(400).render(view('account-form'), formPage(provider, form.values, { errors: form.errors }));
    const result = await directoryService.addProviderAccount(actorOf(request), provider.id, form.data);
    if (!result.ok) return reply.code(400).render(view('account-form'), formPage(provider, form.values, { errors: formErrors([[result.field, result.problem]]) }));
    // The one-time password is shown on this page only, never stored in a form or address.
    return reply.header('cache-control', 'no-store').render(view('account-created'), {
      pageTitle: result.created ? 'Provider account created' : 'Provider account added',
      provider,
      result,
      oneTimePasswordValidDays,
      backHref: paths.provider(provider.id),
      paths,
    });
  });

  async function loadAccount(request: FastifyRequest) {
    const provider = await loadProvider(request);
    const account = await directory.findProviderAccount(db, provider.id, recordId(params(request).userId));
    if (!account) throw notFound();
    return { provider, account };
  }

  app.get(adminPaths.removeProviderAccount(':providerId', ':userId'), { preHandler: adminOnly }, async (request, reply) => {
    const { provider, account } = await loadAccount(request);
    return reply.render(view('account-remove'), {
      pageTitle: 'Remove a provider account',
      provider,
      account,
      action: adminPaths.removeProviderAccount(provider.id, account.user_id),
      backHref: paths.provider(provider.id),
    });
  });

  app.post(adminPaths.removeProviderAccount(':providerId', ':userId'), { preHandler: adminOnly }, async (request, reply) => {
    const { provider, account } = await loadAccount(request);
    const result = await directoryService.removeProviderAccount(actorOf(request), provider.id, account.user_id);
    request.session.flash = result.ok ? `${account.display_name} can no longer change ${provider.name}’s services.` : undefined;
    if (!result.ok) request.session.problem = result.problem;
    return reply.redirect(paths.provider(provider.id));
  });
}

// Services (administrators, and each provider's own accounts) ---------------------------------------------------

/** The service form's boxes, filled from a stored service. */
export function serviceFormValues(stored: directory.Service): Values {
  const accessibility: string[] = [];
  if (stored.step_free_access) accessibility.push('step_free');
  if (stored.adapted_rooms) accessibility.push('adapted_rooms');
  const number = (value: number | null) => (value === null ? '' : String(value));
  return {
    providerId: stored.provider_id,
    name: stored.name,
    kind: stored.kind,
    approaches: stored.approaches,
    specialisms: stored.specialisms,
    detoxOnSite: stored.detox_on_site ? 'yes' : 'no',
    address: stored.address,
    town: stored.town,
    postcode: stored.postcode,
    region: stored.region,
    beds: number(stored.beds),
    weeklyCost: poundsForInput(stored.weekly_cost_pence),
    minimumWeeks: number(stored.minimum_weeks),
    typicalWeeks: number(stored.typical_weeks),
    waitingWeeks: number(stored.waiting_weeks),
    waitingUpdatedOn: datePartsOf(stored.waiting_updated_on),
    regulatorRating: stored.regulator_rating ?? '',
    ratingDate: datePartsOf(stored.rating_date),
    eligibility: stored.eligibility,
    exclusions: stored.exclusions,
    accessibility,
    languages: stored.languages.join(', '),
    version: stored.version,
  };
}

function serviceFormOptions(values: Values, providers: Array<{ id: string; name: string }> | null) {
  const chosen = (name: string) => tickedIn(values[name]);
  return {
    providerOptions: providers
      ? [
          ...(providers.length > 1 ? [{ value: '', text: 'Select a provider' }] : []),
          ...providers.map((provider) => ({ value: provider.id, text: provider.name, selected: provider.id === values.providerId })),
        ]
      : null,
    kindItems: serviceKinds.map((kind) => ({ value: kind, text: serviceKindLabels[kind], checked: kind === values.kind })),
    approachItems: treatmentApproaches.map((approach) => ({ value: approach, text: approachLabels[approach], checked: chosen('approaches').includes(approach) })),
    specialismItems: specialisms.map((specialism) => ({ value: specialism, text: specialismLabels[specialism], checked: chosen('specialisms').includes(specialism) })),
    detoxItems: [
      { value: 'yes', text: 'Yes', checked: values.detoxOnSite === 'yes' },
      { value: 'no', text: 'No', checked: values.detoxOnSite === 'no' },
    ],
    regionOptions: [{ value: '', text: 'Select a region' }, ...regions.map((region) => ({ value: region, text: region, selected: region === values.region }))],
    ratingOptions: [
      { value: '', text: 'Not known' },
      ...regulatorRatings.map((rating) => ({ value: rating, text: regulatorRatingTags[rating].text, selected: rating === values.regulatorRating })),
    ],
    accessibilityItems: [
      { value: 'step_free', text: 'Step-free access', hint: { text: 'Someone who uses a wheelchair can get into the building and to the rooms they need' }, checked: chosen('accessibility').includes('step_free') },
      { value: 'adapted_rooms', text: 'Adapted rooms', hint: { text: 'At least one bedroom and bathroom are adapted for disabled people' }, checked: chosen('accessibility').includes('adapted_rooms') },
    ],
  };
}

/** The stored service, as shown beside the form when someone else changed it meanwhile. */
function savedServiceSummary(stored: directory.Service) {
  return {
    name: stored.name,
    kindLabel: serviceKindLabels[stored.kind],
    region: stored.region,
    cost: formatPounds(stored.weekly_cost_pence),
    waiting: weeksText(stored.waiting_weeks),
    waitingUpdatedOn: stored.waiting_updated_on,
    ratingText: stored.regulator_rating ? regulatorRatingTags[stored.regulator_rating].text : 'Not known',
    updatedAt: stored.updated_at,
  };
}

/** What the person may change: everything for administrators; their own providers' services for provider accounts. */
function mayEdit(auth: AuthContext, providerId: string): boolean {
  return canEditProviderServices({ isAdmin: auth.user.isAdmin, providerIds: auth.providerIds }, providerId);
}

async function editableService(db: Kysely<Database>, request: FastifyRequest) {
  const stored = await directory.findService(db, recordId(params(request).serviceId));
  if (!stored) throw notFound();
  if (!mayEdit(signedIn(request), stored.provider_id)) throw forbidden();
  return stored;
}

function servicePages(app: FastifyInstance, db: Kysely<Database>, directoryService: DirectoryService, now: () => Date) {
  /** The providers this person may add services for. */
  async function allowedProviders(auth: AuthContext) {
    if (auth.user.isAdmin) return (await directory.listProviders(db)).map((provider) => ({ id: provider.id, name: provider.name }));
    return directory.listProvidersById(db, auth.providerIds);
  }

  const render = (reply: FastifyReply, code: number, context: Values & { values: Values }, providers: Array<{ id: string; name: string }> | null) =>
    reply.code(code).render(view('service-form'), { ...context, ...serviceFormOptions(context.values, providers), paths, adminPaths });

  app.get(paths.newService(), { preHandler: providerOrAdmin }, async (request, reply) => {
    const providers = await allowedProviders(signedIn(request));
    if (!providers.length) {
      request.session.problem = 'Add a provider before adding its services.';
      return reply.redirect(paths.providers());
    }
    const wanted = (request.query as Values).provider;
    const providerId = providers.length === 1 ? providers[0]?.id : providers.find((provider) => provider.id === wanted)?.id;
    const backHref = signedIn(request).user.isAdmin && providerId ? paths.provider(providerId) : paths.yourServices();
    return render(reply, 200, { pageTitle: 'Add a service', action: paths.newService(), backHref, values: { providerId, detoxOnSite: 'no' } }, providers);
  });

  app.post(paths.newService(), { preHandler: providerOrAdmin }, async (request, reply) => {
    const auth = signedIn(request);
    const providers = await allowedProviders(auth);
    const form = validateForm(serviceForm({ today: ukToday(now()), providerIds: providers.map((provider) => provider.id) }), request.body);
    const page = (errors: unknown) => ({ pageTitle: 'Add a service', action: paths.newService(), backHref: auth.user.isAdmin ? paths.providers() : paths.yourServices(), values: form.values, errors });
    if (!form.ok) return render(reply, 400, page(form.errors), providers);
    const { providerId, accessibility, weeklyCost, ...rest } = form.data;
    // The form checked the provider against the person's own list; check again, to be sure.
    if (!providerId || !mayEdit(auth, providerId)) throw forbidden();
    const result = await directoryService.addService(actorOf(request), providerId, {
      ...rest,
      weeklyCostPence: weeklyCost,
      stepFreeAccess: accessibility.includes('step_free'),
      adaptedRooms: accessibility.includes('adapted_rooms'),
    });
    if (!result.ok) return render(reply, 400, page(formErrors([[result.field, result.problem]])), providers);
    request.session.flash = `${form.data.name} has been added to the directory. Add its information packs next.`;
    return reply.redirect(paths.service(result.serviceId));
  });

  app.get(paths.editService(':serviceId'), { preHandler: providerOrAdmin }, async (request, reply) => {
    const stored = await editableService(db, request);
    return render(reply, 200, { pageTitle: `Change ${stored.name}`, action: paths.editService(stored.id), backHref: paths.service(stored.id), stored, values: serviceFormValues(stored) }, null);
  });

  app.post(paths.editService(':serviceId'), { preHandler: providerOrAdmin }, async (request, reply) => {
    const stored = await editableService(db, request);
    const form = validateForm(serviceForm({ today: ukToday(now()) }), request.body);
    const versionCheck = validateForm(versionForm, request.body);
    const page = (values: Values, errors: unknown, extra: Values = {}) => ({
      pageTitle: `Change ${stored.name}`,
      action: paths.editService(stored.id),
      backHref: paths.service(stored.id),
      stored,
      values,
      errors,
      ...extra,
    });
    if (!form.ok) return render(reply, 400, page(form.values, form.errors), null);
    const { accessibility, weeklyCost, ...rest } = form.data;
    const details = { ...rest, weeklyCostPence: weeklyCost, stepFreeAccess: accessibility.includes('step_free'), adaptedRooms: accessibility.includes('adapted_rooms') };
    const result = versionCheck.ok
      ? await directoryService.updateService(actorOf(request), stored.id, versionCheck.data.version, details)
      : { ok: false as const, field: 'name', problem: 'Reload the page and try again' };
    if (!result.ok) {
      const latest = await directory.findService(db, stored.id);
      if (!latest) throw notFound();
      return render(reply, 409, page({ ...form.values, version: latest.version }, formErrors([[result.field, result.problem]]), { saved: savedServiceSummary(latest) }), null);
    }
    request.session.flash = 'The service’s details have been saved.';
    return reply.redirect(paths.service(stored.id));
  });
}

// Information packs -------------------------------------------------------------------------------------------

function packPages(app: FastifyInstance, db: Kysely<Database>, directoryService: DirectoryService, now: () => Date) {
  const audienceItems = (selected: unknown) =>
    packAudiences.map((audience: PackAudience) => ({ value: audience, text: packAudienceLabels[audience], checked: audience === selected }));

  app.get(paths.servicePacks(':serviceId'), { preHandler: providerOrAdmin }, async (request, reply) => {
    const stored = await editableService(db, request);
    const today = ukToday(now());
    const packs = await directory.listPacks(db, stored.id);
    return reply.render(view('packs'), {
      pageTitle: `Information packs for ${stored.name}`,
      stored,
      packs: packs.map((pack) => ({
        ...pack,
        audienceLabel: packAudienceLabels[pack.audience],
        overdue: packReviewOverdue(pack.review_on, today),
        href: adminPaths.pack(stored.id, pack.id),
        deleteHref: adminPaths.deletePack(stored.id, pack.id),
      })),
      reviewOverdueTag,
      paths,
      adminPaths,
    });
  });

  const formPage = (stored: directory.Service, title: string, action: string, values: Values, extra: Values = {}) => ({
    pageTitle: title,
    stored,
    action,
    values,
    audienceItems: audienceItems(values.audience),
    backHref: paths.servicePacks(stored.id),
    ...extra,
  });

  app.get(adminPaths.newPack(':serviceId'), { preHandler: providerOrAdmin }, async (request, reply) => {
    const stored = await editableService(db, request);
    return reply.render(view('pack-form'), formPage(stored, 'Add an information pack', adminPaths.newPack(stored.id), {}));
  });

  app.post(adminPaths.newPack(':serviceId'), { preHandler: providerOrAdmin }, async (request, reply) => {
    const stored = await editableService(db, request);
    const form = validateForm(packForm, request.body);
    if (!form.ok) return reply.code(400).render(view('pack-form'), formPage(stored, 'Add an information pack', adminPaths.newPack(stored.id), form.values, { errors: form.errors }));
    await directoryService.addPack(actorOf(request), stored.id, form.data);
    request.session.flash = `The information pack “${form.data.title}” has been added.`;
    return reply.redirect(paths.servicePacks(stored.id));
  });

  async function loadPack(request: FastifyRequest) {
    const stored = await editableService(db, request);
    const pack = await directory.findPack(db, stored.id, recordId(params(request).packId));
    if (!pack) throw notFound();
    return { stored, pack };
  }

  const packValues = (pack: directory.Pack): Values => ({ audience: pack.audience, title: pack.title, link: pack.link ?? '', reviewOn: datePartsOf(pack.review_on), version: pack.version });

  app.get(adminPaths.pack(':serviceId', ':packId'), { preHandler: providerOrAdmin }, async (request, reply) => {
    const { stored, pack } = await loadPack(request);
    return reply.render(view('pack-form'), formPage(stored, 'Change an information pack', adminPaths.pack(stored.id, pack.id), packValues(pack), { pack }));
  });

  app.post(adminPaths.pack(':serviceId', ':packId'), { preHandler: providerOrAdmin }, async (request, reply) => {
    const { stored, pack } = await loadPack(request);
    const action = adminPaths.pack(stored.id, pack.id);
    const form = validateForm(packEditForm, request.body);
    if (!form.ok) return reply.code(400).render(view('pack-form'), formPage(stored, 'Change an information pack', action, form.values, { pack, errors: form.errors }));
    const { version, ...details } = form.data;
    const result = await directoryService.updatePack(actorOf(request), stored.id, pack.id, version, details);
    if (!result.ok) {
      const latest = await directory.findPack(db, stored.id, pack.id);
      if (!latest) throw notFound();
      return reply.code(409).render(
        view('pack-form'),
        formPage(stored, 'Change an information pack', action, { ...form.values, version: latest.version }, {
          pack,
          errors: formErrors([[result.field, result.problem]]),
          saved: { ...latest, audienceLabel: packAudienceLabels[latest.audience] },
        }),
      );
    }
    request.session.flash = 'The information pack has been saved.';
    return reply.redirect(paths.servicePacks(stored.id));
  });

  const deletePage = (stored: directory.Service, pack: directory.Pack, version: number, extra: Values = {}) => ({
    pageTitle: 'Delete an information pack',
    stored,
    pack,
    version,
    action: adminPaths.deletePack(stored.id, pack.id),
    backHref: paths.servicePacks(stored.id),
    ...extra,
  });

  app.get(adminPaths.deletePack(':serviceId', ':packId'), { preHandler: providerOrAdmin }, async (request, reply) => {
    const { stored, pack } = await loadPack(request);
    return reply.render(view('pack-delete'), deletePage(stored, pack, pack.version));
  });

  app.post(adminPaths.deletePack(':serviceId', ':packId'), { preHandler: providerOrAdmin }, async (request, reply) => {
    const { stored, pack } = await loadPack(request);
    const form = validateForm(versionForm, request.body);
    const result = form.ok ? await directoryService.deletePack(actorOf(request), stored.id, pack.id, form.data.version) : { ok: false as const, field: 'delete', problem: 'Reload the page and try again' };
    if (!result.ok) {
      const latest = await directory.findPack(db, stored.id, pack.id);
      if (!latest) {
        request.session.flash = `The information pack “${pack.title}” has already been deleted.`;
        return reply.redirect(paths.servicePacks(stored.id));
      }
      return reply.code(409).render(view('pack-delete'), deletePage(stored, latest, latest.version, { errors: formErrors([['delete', result.problem]]) }));
    }
    request.session.flash = `The information pack “${pack.title}” has been deleted.`;
    return reply.redirect(paths.servicePacks(stored.id));
  });
}

// Your services (provider accounts) -----------------------------------------------------------------------------

function yourServicesPage(app: FastifyInstance, db: Kysely<Database>, now: () => Date) {
  app.get(paths.yourServices(), { preHandler: providerOrAdmin }, async (request, reply) => {
    const auth = signedIn(request);
    const today = ukToday(now());
    const [providers, services] = await Promise.all([directory.listProvidersById(db, auth.providerIds), directory.listServicesOfProviders(db, auth.providerIds, today)]);
    return reply.render(view('your-services'), {
      pageTitle: 'Your services',
      isAdmin: auth.user.isAdmin,
      providers: providers.map((provider) => ({
        ...provider,
        services: services
          .filter((row) => row.provider_id === provider.id)
          .map((row) => ({
            ...row,
            href: paths.service(row.id),
            editHref: paths.editService(row.id),
            packsHref: paths.servicePacks(row.id),
            kindLabel: serviceKindLabels[row.kind],
            waiting: weeksText(row.waiting_weeks),
            waitingOutOfDate: row.waiting_weeks !== null && waitingTimeOutOfDate(row.waiting_updated_on, today),
            overduePacks: Number(row.overdue_pack_count ?? 0),
          })),
      })),
      outOfDateTag,
      reviewOverdueTag,
      paths,
      adminPaths,
    });
  });
}
