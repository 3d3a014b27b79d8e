import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { type AuthContext, signedIn } from '../../../platform/auth/context.js';
import type { Database } from '../../../platform/db/schema.js';
import { forbidden, notFound, recordId } from '../../../platform/web/errors.js';
import { formErrors, validateForm } from '../../../platform/web/forms.js';
import { ukToday } from '../../../platform/values/calendar.js';
import * as directory from '../../directory-repository.js';
import type { DirectoryService } from '../../directory-service.js';
import { packEditForm, packForm, serviceForm, versionForm } from '../../forms/directory.js';
import { packAudienceLabels } from '../../labels.js';
import { directoryAdminPaths as adminPaths, providerPaths as paths } from '../../paths.js';
import { canEditProviderServices } from '../../directory-rules.js';
import { audienceItems, packRows, packValues, reviewOverdueTag, savedServiceSummary, serviceFormOptions, serviceFormValues } from '../../view-models/directory.js';
import { actorOf, params, providerOrAdmin, type Values, view } from './access.js';

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

// Services (administrators, and each provider's own accounts) ---------------------------------------------------

export function servicePages(app: FastifyInstance, db: Kysely<Database>, directoryService: DirectoryService, now: () => Date) {
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

export function packPages(app: FastifyInstance, db: Kysely<Database>, directoryService: DirectoryService, now: () => Date) {
  app.get(paths.servicePacks(':serviceId'), { preHandler: providerOrAdmin }, async (request, reply) => {
    const stored = await editableService(db, request);
    const today = ukToday(now());
    const packs = await directory.listPacks(db, stored.id);
    return reply.render(view('packs'), {
      pageTitle: `Information packs for ${stored.name}`,
      stored,
      packs: packRows(stored.id, packs, today),
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
