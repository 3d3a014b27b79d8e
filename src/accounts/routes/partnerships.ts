import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { requireAdmin, signedIn } from '../../platform/auth/context.js';
import { roleLabel } from '../../platform/auth/roles.js';
import type { Database } from '../../platform/db/schema.js';
import { notFound, recordId } from '../../platform/web/errors.js';
import { formErrors, validateForm } from '../../platform/web/forms.js';
import { inviteForm, partnershipForm } from '../forms.js';
import { partnerTypeOptions } from '../partner-types.js';
import * as repository from '../repository.js';
import { linkBase } from './account.js';
import type { AccountsService } from '../service.js';
import { invitationSentPage, regionOptions, roleOptions } from '../view-models/people.js';

const adminOnly = requireAdmin();

export function partnershipRoutes(app: FastifyInstance, db: Kysely<Database>, accounts: AccountsService) {
  const actor = (request: Parameters<typeof signedIn>[0]) => ({ userId: signedIn(request).user.id, requestId: request.id });

  const loadPartnership = async (partnershipId: string) => {
    const partnership = await repository.findPartnership(db, partnershipId);
    if (!partnership) throw notFound();
    return partnership;
  };

  app.get('/admin/partnerships', { preHandler: adminOnly }, async (request, reply) => {
    const partnerships = await repository.listPartnerships(db);
    return reply.render('accounts/views/admin-partnerships.njk', { pageTitle: 'Partnerships', partnerships });
  });

  const formPage = (title: string, values: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    pageTitle: title,
    values,
    regionOptions: regionOptions(values.region),
    ...extra,
  });

  app.get('/admin/partnerships/new', { preHandler: adminOnly }, async (request, reply) => {
    return reply.render('accounts/views/admin-partnership-form.njk', formPage('Add a partnership', {}, { action: '/admin/partnerships/new' }));
  });

  app.post('/admin/partnerships/new', { preHandler: adminOnly }, async (request, reply) => {
    const form = validateForm(partnershipForm, request.body);
    const page = (values: Record<string, unknown>, errors: unknown) =>
      formPage('Add a partnership', values, { action: '/admin/partnerships/new', errors });
    if (!form.ok) return reply.code(400).render('accounts/views/admin-partnership-form.njk', page(form.values, form.errors));
    const result = await accounts.createPartnership(actor(request), form.data);
    if (!result.ok) return reply.code(400).render('accounts/views/admin-partnership-form.njk', page(form.values, formErrors([[result.field, result.problem]])));
    request.session.flash = `${form.data.name} has been added. Invite its lead commissioner next.`;
    return reply.redirect(`/admin/partnerships/${result.id}`);
  });

  app.get('/admin/partnerships/:partnershipId', { preHandler: adminOnly }, async (request, reply) => {
    const partnership = await loadPartnership(recordId((request.params as Record<string, unknown>).partnershipId));
    const members = await repository.listMemberships(db, partnership.id);
    return reply.render('accounts/views/admin-partnership.njk', {
      pageTitle: partnership.name,
      partnership,
      members: members.map((member) => ({ ...member, roleLabel: roleLabel(member.role) })),
    });
  });

  app.get('/admin/partnerships/:partnershipId/edit', { preHandler: adminOnly }, async (request, reply) => {
    const partnership = await loadPartnership(recordId((request.params as Record<string, unknown>).partnershipId));
    return reply.render(
      'accounts/views/admin-partnership-form.njk',
      formPage(
        `Change ${partnership.name}`,
        { name: partnership.name, onsCode: partnership.ons_code, region: partnership.region, version: partnership.version },
        { action: `/admin/partnerships/${partnership.id}/edit`, partnership },
      ),
    );
  });

  app.post('/admin/partnerships/:partnershipId/edit', { preHandler: adminOnly }, async (request, reply) => {
    const partnership = await loadPartnership(recordId((request.params as Record<string, unknown>).partnershipId));
    const form = validateForm(partnershipForm, request.body);
    const version = Number((request.body as Record<string, unknown>)?.version);
    const page = (values: Record<string, unknown>, errors: unknown) =>
      formPage(`Change ${partnership.name}`, values, { action: `/admin/partnerships/${partnership.id}/edit`, partnership, errors });
    if (!form.ok) return reply.code(400).render('accounts/views/admin-partnership-form.njk', page(form.values, form.errors));
    const result = await accounts.updatePartnership(actor(request), partnership.id, version, form.data);
    if (!result.ok) {
      const latest = await loadPartnership(partnership.id);
      return reply
        .code(409)
        .render('accounts/views/admin-partnership-form.njk', page({ ...form.values, version: latest.version }, formErrors([[result.field, result.problem]])));
    }
    request.session.flash = 'The partnership’s details have been saved.';
    return reply.redirect(`/admin/partnerships/${partnership.id}`);
  });

  const invitePage = (partnership: { id: string; name: string }, values: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    pageTitle: `Invite someone to ${partnership.name}`,
    values: { role: 'lead_commissioner', ...values },
    roleOptions: roleOptions(values.role ?? 'lead_commissioner'),
    partnerTypeOptions: partnerTypeOptions(values.partnerType),
    action: `/admin/partnerships/${partnership.id}/invite`,
    backHref: `/admin/partnerships/${partnership.id}`,
    ...extra,
  });

  app.get('/admin/partnerships/:partnershipId/invite', { preHandler: adminOnly }, async (request, reply) => {
    const partnership = await loadPartnership(recordId((request.params as Record<string, unknown>).partnershipId));
    return reply.render('accounts/views/invite.njk', invitePage(partnership, {}));
  });

  app.post('/admin/partnerships/:partnershipId/invite', { preHandler: adminOnly }, async (request, reply) => {
    const partnership = await loadPartnership(recordId((request.params as Record<string, unknown>).partnershipId));
    const form = validateForm(inviteForm, request.body);
    if (!form.ok) return reply.code(400).render('accounts/views/invite.njk', invitePage(partnership, form.values, { errors: form.errors }));
    const result = await accounts.invite(partnership.id, actor(request), form.data, linkBase(request));
    if (!result.ok) {
      return reply.code(400).render('accounts/views/invite.njk', invitePage(partnership, form.values, { errors: formErrors([[result.field, result.problem]]) }));
    }
    return reply.render('accounts/views/invite-sent.njk', invitationSentPage(form.data, result, { backHref: `/admin/partnerships/${partnership.id}` }));
  });
}
