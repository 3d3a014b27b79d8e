import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { currentMembership, requireRole, signedIn } from '../../platform/auth/context.js';
import { roleLabel } from '../../platform/auth/roles.js';
import type { Database } from '../../platform/db/schema.js';
import { notFound, recordId } from '../../platform/web/errors.js';
import { formErrors, validateForm } from '../../platform/web/forms.js';
import { inviteForm, membershipForm, versionForm } from '../forms.js';
import { partnerTypeLabel, partnerTypeOptions } from '../partner-types.js';
import * as repository from '../repository.js';
import { linkBase } from './account.js';
import { invitationState, invitationStateTags } from '../rules.js';
import { invitationSentPage, roleOptions } from '../view-models/people.js';
import type { AccountsService } from '../service.js';

const leadOnly = requireRole('lead_commissioner');

export function peopleRoutes(app: FastifyInstance, db: Kysely<Database>, accounts: AccountsService, now: () => Date) {
  app.get('/people', { preHandler: leadOnly }, async (request, reply) => {
    const { partnershipId } = currentMembership(request);
    const [members, invitations] = await Promise.all([
      repository.listMemberships(db, partnershipId),
      repository.listInvitations(db, partnershipId),
    ]);
    return reply.render('accounts/views/people.njk', {
      pageTitle: 'People',
      members: members.map((member) => ({
        ...member,
        roleLabel: roleLabel(member.role),
        partnerTypeLabel: partnerTypeLabel(member.partner_type),
        isYou: member.user_id === signedIn(request).user.id,
      })),
      invitations: invitations
        .map((invitation) => ({ ...invitation, state: invitationState(invitation, now()), roleLabel: roleLabel(invitation.role) }))
        .filter((invitation) => invitation.state !== 'accepted')
        .map((invitation) => ({ ...invitation, tag: invitationStateTags[invitation.state] })),
    });
  });

  const invitePage = (values: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    pageTitle: 'Invite someone',
    values,
    roleOptions: roleOptions(values.role),
    partnerTypeOptions: partnerTypeOptions(values.partnerType),
    ...extra,
  });

  app.get('/people/invite', { preHandler: leadOnly }, async (request, reply) => {
    return reply.render('accounts/views/invite.njk', invitePage({}));
  });

  app.post('/people/invite', { preHandler: leadOnly }, async (request, reply) => {
    const membership = currentMembership(request);
    const form = validateForm(inviteForm, request.body);
    if (!form.ok) return reply.code(400).render('accounts/views/invite.njk', invitePage(form.values, { errors: form.errors }));
    const result = await accounts.invite(
      membership.partnershipId,
      { userId: signedIn(request).user.id, requestId: request.id },
      form.data,
      linkBase(request),
    );
    if (!result.ok) {
      return reply.code(400).render('accounts/views/invite.njk', invitePage(form.values, { errors: formErrors([[result.field, result.problem]]) }));
    }
    return reply.render('accounts/views/invite-sent.njk', invitationSentPage(form.data, result));
  });

  app.post('/people/invitations/:invitationId/withdraw', { preHandler: leadOnly }, async (request, reply) => {
    const { partnershipId } = currentMembership(request);
    const invitationId = recordId((request.params as Record<string, unknown>).invitationId);
    const invitation = await repository.findInvitation(db, partnershipId, invitationId);
    if (!invitation) throw notFound();
    const withdrawn = await accounts.revokeInvitation(partnershipId, { userId: signedIn(request).user.id, requestId: request.id }, invitation.id);
    request.session.flash = withdrawn ? `The invitation to ${invitation.email} has been withdrawn.` : 'That invitation had already been used or withdrawn.';
    return reply.redirect('/people');
  });

  const loadMember = async (partnershipId: string, membershipId: string) => {
    const member = await repository.findMembership(db, partnershipId, membershipId);
    if (!member) throw notFound();
    return member;
  };

  const editPage = (member: Awaited<ReturnType<typeof loadMember>>, values: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    pageTitle: `Change ${member.display_name}’s role`,
    member,
    values,
    roleOptions: roleOptions(values.role),
    partnerTypeOptions: partnerTypeOptions(values.partnerType),
    ...extra,
  });

  app.get('/people/:membershipId', { preHandler: leadOnly }, async (request, reply) => {
    const { partnershipId } = currentMembership(request);
    const member = await loadMember(partnershipId, recordId((request.params as Record<string, unknown>).membershipId));
    return reply.render(
      'accounts/views/membership-edit.njk',
      editPage(member, { role: member.role, organisation: member.organisation, partnerType: member.partner_type, version: member.version }),
    );
  });

  app.post('/people/:membershipId', { preHandler: leadOnly }, async (request, reply) => {
    const { partnershipId } = currentMembership(request);
    const member = await loadMember(partnershipId, recordId((request.params as Record<string, unknown>).membershipId));
    const form = validateForm(membershipForm, request.body);
    if (!form.ok) return reply.code(400).render('accounts/views/membership-edit.njk', editPage(member, form.values, { errors: form.errors }));
    const { version, ...changes } = form.data;
    const result = await accounts.changeMembership(partnershipId, { userId: signedIn(request).user.id, requestId: request.id }, member.id, version, changes);
    if (!result.ok) {
      const latest = await loadMember(partnershipId, member.id);
      return reply
        .code(409)
        .render('accounts/views/membership-edit.njk', editPage(latest, { ...form.values, version: latest.version }, { errors: formErrors([[result.field, result.problem]]), latest }));
    }
    request.session.flash = `${member.display_name}’s details have been saved.`;
    return reply.redirect('/people');
  });

  app.get('/people/:membershipId/remove', { preHandler: leadOnly }, async (request, reply) => {
    const { partnershipId } = currentMembership(request);
    const member = await loadMember(partnershipId, recordId((request.params as Record<string, unknown>).membershipId));
    return reply.render('accounts/views/membership-remove.njk', { pageTitle: `Remove ${member.display_name}`, member: { ...member, roleLabel: roleLabel(member.role) } });
  });

  app.post('/people/:membershipId/remove', { preHandler: leadOnly }, async (request, reply) => {
    const { partnershipId } = currentMembership(request);
    const member = await loadMember(partnershipId, recordId((request.params as Record<string, unknown>).membershipId));
    const form = validateForm(versionForm, request.body);
    const result = form.ok
      ? await accounts.removeMembership(partnershipId, { userId: signedIn(request).user.id, requestId: request.id }, member.id, form.data.version)
      : { ok: false as const, problem: 'Reload the page and try again' };
    if (!result.ok) {
      return reply.code(409).render('accounts/views/membership-remove.njk', {
        pageTitle: `Remove ${member.display_name}`,
        member: { ...member, roleLabel: roleLabel(member.role) },
        errors: formErrors([['confirm', result.problem]]),
      });
    }
    request.session.flash = `${member.display_name} has been removed from the partnership.`;
    return reply.redirect('/people');
  });
}
