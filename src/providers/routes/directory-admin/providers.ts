import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { invitationValidDays, linkBase } from '../../../accounts/index.js';
import type { Database } from '../../../platform/db/schema.js';
import { notFound, recordId } from '../../../platform/web/errors.js';
import { formErrors, validateForm } from '../../../platform/web/forms.js';
import { ukToday } from '../../../platform/values/calendar.js';
import { conflictMessage } from '../../../platform/values/outcome.js';
import * as directory from '../../directory-repository.js';
import * as invitations from '../../invitation-repository.js';
import type { DirectoryService } from '../../directory-service.js';
import { providerAccountForm, providerEditForm, providerForm } from '../../forms/directory.js';
import { serviceKindLabels } from '../../labels.js';
import { directoryAdminPaths as adminPaths, providerPaths as paths } from '../../paths.js';
import { actorOf, adminOnly, params, type Values, view } from './access.js';

function providerLoader(db: Kysely<Database>) {
  return async (request: FastifyRequest) => {
    const provider = await directory.findProvider(db, recordId(params(request).providerId));
    if (!provider) throw notFound();
    return provider;
  };
}

// Providers (administrators) ---------------------------------------------------------------------------

export function providerPages(app: FastifyInstance, db: Kysely<Database>, directoryService: DirectoryService, now: () => Date) {
  const loadProvider = providerLoader(db);

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
    const [services, accounts, pending] = await Promise.all([
      directory.listServicesOfProviders(db, [provider.id], today),
      directory.listProviderAccounts(db, provider.id),
      invitations.listPendingProviderInvitations(db, provider.id, now()),
    ]);
    return reply.render(view('provider'), {
      pageTitle: provider.name,
      provider,
      services: services.map((row) => ({ ...row, href: paths.service(row.id), kindLabel: serviceKindLabels[row.kind] })),
      accounts: accounts.map((account) => ({ ...account, removeHref: adminPaths.removeProviderAccount(provider.id, account.user_id) })),
      invitations: pending.map((invitation) => ({ ...invitation, withdrawAction: adminPaths.withdrawProviderInvitation(provider.id, invitation.id) })),
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

export function providerAccountPages(app: FastifyInstance, db: Kysely<Database>, directoryService: DirectoryService) {
  const loadProvider = providerLoader(db);

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
    const result = await directoryService.addProviderAccount(actorOf(request), provider.id, form.data, linkBase(request));
    if (!result.ok) return reply.code(400).render(view('account-form'), formPage(provider, form.values, { errors: formErrors([[result.field, result.problem]]) }));
    // The invitation link is shown on this page only, never stored in a form or address.
    return reply.header('cache-control', 'no-store').render(view('account-created'), {
      pageTitle: result.invited ? 'Invitation created' : 'Provider account added',
      provider,
      result,
      invitationValidDays,
      backHref: paths.provider(provider.id),
      paths,
    });
  });

  app.post(adminPaths.withdrawProviderInvitation(':providerId', ':invitationId'), { preHandler: adminOnly }, async (request, reply) => {
    const provider = await loadProvider(request);
    const invitation = await invitations.findProviderInvitation(db, provider.id, recordId(params(request).invitationId));
    if (!invitation) throw notFound();
    const result = await directoryService.withdrawProviderInvitation(actorOf(request), provider.id, invitation.id);
    request.session.flash = result.ok ? `The invitation to ${invitation.email} has been withdrawn. The link no longer works.` : undefined;
    if (!result.ok) request.session.problem = result.problem;
    return reply.redirect(paths.provider(provider.id));
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
