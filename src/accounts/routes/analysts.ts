import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { requireAdmin, signedIn } from '../../platform/auth/context.js';
import type { Database } from '../../platform/db/schema.js';
import { formErrors, validateForm } from '../../platform/web/forms.js';
import { analystForm } from '../forms.js';
import * as repository from '../repository.js';
import { invitationState, invitationStateTags } from '../rules.js';
import type { AccountsService } from '../service.js';
import { analystScopeOptions } from '../view-models/people.js';
import { linkBase } from './account.js';

const adminOnly = requireAdmin();

/** Administrators invite regional and national analysts, who belong to no partnership. */
export function analystRoutes(app: FastifyInstance, db: Kysely<Database>, accounts: AccountsService, now: () => Date) {
  app.get('/admin/analysts', { preHandler: adminOnly }, async (request, reply) => {
    const { accounts: analysts, invitations } = await repository.listAnalysts(db);
    return reply.render('accounts/views/admin-analysts.njk', {
      pageTitle: 'Analysts',
      analysts: analysts.map((analyst) => ({ ...analyst, scope: analyst.region ?? 'England' })),
      invitations: invitations.map((invitation) => ({
        ...invitation,
        scope: invitation.region ?? 'England',
        tag: invitationStateTags[invitationState({ accepted_at: invitation.accepted_at, revoked_at: invitation.withdrawn_at, expires_at: invitation.expires_at }, now())],
      })),
    });
  });

  const formPage = (values: Record<string, unknown>, errors?: unknown) => ({
    pageTitle: 'Invite an analyst',
    values,
    scopeOptions: analystScopeOptions(values.scope),
    errors,
  });

  app.get('/admin/analysts/new', { preHandler: adminOnly }, async (request, reply) => {
    return reply.render('accounts/views/admin-analyst-form.njk', formPage({}));
  });

  app.post('/admin/analysts/new', { preHandler: adminOnly }, async (request, reply) => {
    const form = validateForm(analystForm, request.body);
    if (!form.ok) return reply.code(400).render('accounts/views/admin-analyst-form.njk', formPage(form.values, form.errors));
    const result = await accounts.inviteAnalyst({ userId: signedIn(request).user.id, requestId: request.id }, form.data, linkBase(request));
    if (!result.ok) return reply.code(400).render('accounts/views/admin-analyst-form.njk', formPage(form.values, formErrors([[result.field, result.problem]])));
    return reply.render('accounts/views/analyst-invite-sent.njk', {
      pageTitle: 'Invitation created',
      email: form.data.email,
      scope: form.data.scope ?? 'England',
      link: result.link,
      emailed: result.emailed,
      emailFailed: result.emailFailed,
    });
  });
}
