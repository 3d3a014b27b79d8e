import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { newPasswordPath, requireSignIn, signedIn } from '../../platform/auth/context.js';
import { HttpError } from '../../platform/web/errors.js';
import { formErrors, validateForm } from '../../platform/web/forms.js';
import { switchPartnershipForm, acceptInvitationForm, changePasswordForm, newPasswordForm, signInForm } from '../forms.js';
import { maximumFailedSignIns, lockoutMinutes, safeReturnPath } from '../rules.js';
import type { AccountsService } from '../service.js';
import { roleLabel } from '../../platform/auth/roles.js';
import { partnerTypeLabel } from '../partner-types.js';

const expiredProblem = 'Your one-time password has expired. Ask the person who set up your account to give you a new one';

const signInProblem = `Enter a correct email address and password. After ${maximumFailedSignIns} wrong attempts in a row you must wait ${lockoutMinutes} minutes before trying again.`;

/** Sign-in attempts a minute from one address (as Fastify sees it: see TRUST_PROXY). */
export const signInsPerAddress = 20;
/** Sign-in attempts a minute for one email address, from anywhere. */
export const signInsPerAccount = 10;

/** The account a sign-in is for, normalised as accounts are looked up, so case and spaces make no difference. */
function accountKey(body: unknown): string {
  const email = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).email : undefined;
  return (typeof email === 'string' ? email : '').trim().toLowerCase().slice(0, 254);
}

export function linkBase(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

async function startSession(request: FastifyRequest, userId: string, partnershipId?: string) {
  // A fresh session id at sign-in, so an id planted before sign-in is worthless after it.
  await request.session.regenerate();
  request.session.userId = userId;
  request.session.signedInAt = Date.now();
  if (partnershipId) request.session.partnershipId = partnershipId;
}

export function accountRoutes(app: FastifyInstance, accounts: AccountsService) {
  // Its own limiter: the plugin runs only one of its hooks per request, and the per-address one has run.
  const accountLimit = app.createRateLimit({
    max: signInsPerAccount,
    timeWindow: '1 minute',
    keyGenerator: (request) => `sign-in-account:${accountKey(request.body)}`,
  });

  app.get('/sign-in', async (request, reply) => {
    if (request.auth) return reply.redirect('/');
    const returnTo = safeReturnPath((request.query as Record<string, unknown>).returnTo);
    return reply.render('accounts/views/sign-in.njk', { pageTitle: 'Sign in', values: { returnTo } });
  });

  app.post(
    '/sign-in',
    {
      config: { rateLimit: { max: signInsPerAddress, timeWindow: '1 minute' } },
      // Per address alone is not enough: a pool of addresses could try one account from many
      // places. This runs once the body is read, so it knows which account is being tried.
      preHandler: async (request) => {
        const limit = await accountLimit(request);
        if (!limit.isAllowed && limit.isExceeded) throw new HttpError(429);
      },
    },
    async (request, reply) => {
      const form = validateForm(signInForm, request.body);
      if (!form.ok) {
        return reply.code(400).render('accounts/views/sign-in.njk', { pageTitle: 'Sign in', errors: form.errors, values: { ...form.values, password: '' } });
      }
      const result = await accounts.signIn(form.data.email, form.data.password, request.id, request.log);
      if (!result.ok) {
        return reply.code(400).render('accounts/views/sign-in.njk', {
          pageTitle: 'Sign in',
          errors: formErrors(['expired' in result ? ['password', expiredProblem] : ['email', signInProblem]]),
          values: { email: form.data.email, returnTo: form.data.returnTo },
        });
      }
      await startSession(request, result.userId);
      return reply.redirect(safeReturnPath(form.data.returnTo));
    },
  );

  app.post('/sign-out', async (request, reply) => {
    if (request.auth) await accounts.recordSignOut({ userId: request.auth.user.id, requestId: request.id });
    await request.session.destroy();
    return reply.redirect('/signed-out');
  });

  app.get('/signed-out', async (request, reply) => {
    return reply.render('accounts/views/signed-out.njk', { pageTitle: 'You have signed out' });
  });

  app.get('/account', { preHandler: requireSignIn }, async (request, reply) => {
    const auth = signedIn(request);
    return reply.render('accounts/views/account.njk', {
      pageTitle: 'Your account',
      memberships: auth.memberships.map((membership) => ({
        ...membership,
        roleLabel: roleLabel(membership.role),
        partnerTypeLabel: partnerTypeLabel(membership.partnerType),
      })),
    });
  });

  app.get('/account/password', { preHandler: requireSignIn }, async (request, reply) => {
    return reply.render('accounts/views/change-password.njk', { pageTitle: 'Change your password', values: {} });
  });

  app.post('/account/password', { preHandler: requireSignIn }, async (request, reply) => {
    const auth = signedIn(request);
    const form = validateForm(changePasswordForm, request.body);
    const page = { pageTitle: 'Change your password', values: {} };
    if (!form.ok) return reply.code(400).render('accounts/views/change-password.njk', { ...page, errors: form.errors });
    const result = await accounts.changePassword(
      { userId: auth.user.id, requestId: request.id },
      request.session.sessionId,
      form.data.currentPassword,
      form.data.newPassword,
    );
    if (!result.ok) {
      return reply.code(400).render('accounts/views/change-password.njk', { ...page, errors: formErrors([[result.field, result.problem]]) });
    }
    request.session.flash = 'Your password has been changed. Any other devices you were signed in on have been signed out.';
    return reply.redirect('/account');
  });

  app.get(newPasswordPath, { preHandler: requireSignIn }, async (request, reply) => {
    if (!signedIn(request).user.mustChangePassword) return reply.redirect('/account/password');
    return reply.render('accounts/views/new-password.njk', { pageTitle: 'Create a new password', values: {} });
  });

  app.post(newPasswordPath, { preHandler: requireSignIn }, async (request, reply) => {
    const auth = signedIn(request);
    if (!auth.user.mustChangePassword) return reply.redirect('/account/password');
    const form = validateForm(newPasswordForm, request.body);
    const page = { pageTitle: 'Create a new password', values: {} };
    if (!form.ok) return reply.code(400).render('accounts/views/new-password.njk', { ...page, errors: form.errors });
    const result = await accounts.replaceOneTimePassword({ userId: auth.user.id, requestId: request.id }, request.session.sessionId, form.data.newPassword);
    if (!result.ok) {
      return reply.code(400).render('accounts/views/new-password.njk', { ...page, errors: formErrors([[result.field, result.problem]]) });
    }
    request.session.flash = 'Your new password has been saved. Use it next time you sign in.';
    return reply.redirect('/');
  });

  app.get('/partnerships/switch', { preHandler: requireSignIn }, async (request, reply) => {
    const auth = signedIn(request);
    return reply.render('accounts/views/switch-partnership.njk', {
      pageTitle: 'Change partnership',
      memberships: auth.memberships.map((membership) => ({ ...membership, roleLabel: roleLabel(membership.role) })),
      values: { partnershipId: auth.current?.partnershipId },
    });
  });

  app.post('/partnerships/switch', { preHandler: requireSignIn }, async (request, reply) => {
    const auth = signedIn(request);
    const form = validateForm(switchPartnershipForm, request.body);
    const chosen = form.ok ? auth.memberships.find((membership) => membership.partnershipId === form.data.partnershipId) : undefined;
    if (!chosen) {
      return reply.code(400).render('accounts/views/switch-partnership.njk', {
        pageTitle: 'Change partnership',
        memberships: auth.memberships.map((membership) => ({ ...membership, roleLabel: roleLabel(membership.role) })),
        errors: formErrors([['partnershipId', 'Select a partnership you belong to']]),
        values: {},
      });
    }
    request.session.partnershipId = chosen.partnershipId;
    request.session.flash = `You are now working in ${chosen.partnershipName}.`;
    return reply.redirect('/');
  });

  const invalidInvitation = (reply: FastifyReply) => reply.code(410).render('accounts/views/invitation-invalid.njk', { pageTitle: 'This invitation link cannot be used' });

  /**
   * An invitation link is to a partnership (with a role), to be a regional or national analyst,
   * or to keep a provider's services up to date; all are accepted the same way, so each is
   * described once here.
   */
  async function invitationFor(request: FastifyRequest, token: string): Promise<InvitationAcceptance | null> {
    const found = await accounts.findInvitationByToken(token);
    if (found) {
      const partnershipName = found.invitation.partnership_name;
      return {
        template: 'accounts/views/invitation-accept.njk',
        existingUserId: found.existingUserId,
        page: (extra) => invitationPage(request, found, token, extra),
        firstValues: {},
        accept: (account) => accounts.acceptInvitation(token, request.id, account),
        joinedMessage: `You have joined ${partnershipName}.`,
        createdMessage: `Your account has been created and you have joined ${partnershipName}.`,
      };
    }
    const forAnalyst = await accounts.findAnalystInvitationByToken(token);
    if (forAnalyst) {
      const scope = forAnalyst.invitation.region ?? 'England';
      return {
        template: 'accounts/views/analyst-invitation-accept.njk',
        existingUserId: forAnalyst.existingUserId,
        page: (extra) => ({
          pageTitle: 'Create your analyst account',
          invitation: forAnalyst.invitation,
          scope,
          token,
          hasAccount: forAnalyst.existingUserId !== null,
          values: {},
          ...extra,
        }),
        firstValues: { displayName: forAnalyst.invitation.display_name },
        accept: (account) => accounts.acceptAnalystInvitation(token, request.id, account),
        joinedMessage: '',
        createdMessage: `Your account has been created. You can now compare the shared figures of partnerships in ${scope}.`,
      };
    }
    const forProvider = await accounts.findProviderInvitationByToken(token);
    if (!forProvider) return null;
    const providerName = forProvider.invitation.provider_name;
    return {
      template: 'accounts/views/provider-invitation-accept.njk',
      existingUserId: forProvider.existingUserId,
      page: (extra) => providerInvitationPage(request, forProvider, token, extra),
      firstValues: { displayName: forProvider.invitation.display_name },
      accept: (account) => accounts.acceptProviderInvitation(token, request.id, account),
      joinedMessage: `You can now keep ${providerName}’s services up to date.`,
      createdMessage: `Your account has been created. You can now keep ${providerName}’s services up to date.`,
    };
  }

  app.get('/invitations/:token', async (request, reply) => {
    const { token } = request.params as { token: string };
    const invitation = await invitationFor(request, token);
    if (!invitation) return invalidInvitation(reply);
    return reply.render(invitation.template, invitation.page({ values: invitation.firstValues }));
  });

  app.post('/invitations/:token', async (request, reply) => {
    const { token } = request.params as { token: string };
    const invitation = await invitationFor(request, token);
    if (!invitation) return invalidInvitation(reply);
    if (invitation.existingUserId) {
      if (request.auth?.user.id !== invitation.existingUserId) return reply.redirect(`/invitations/${token}`);
      const result = await invitation.accept({ existingUserId: invitation.existingUserId });
      if (!result.ok) return invalidInvitation(reply);
      if (result.partnershipId) request.session.partnershipId = result.partnershipId;
      request.session.flash = invitation.joinedMessage;
      return reply.redirect('/');
    }
    const form = validateForm(acceptInvitationForm, request.body);
    if (!form.ok) {
      return reply.code(400).render(invitation.template, invitation.page({ errors: form.errors, values: { displayName: form.values.displayName } }));
    }
    const result = await invitation.accept({ displayName: form.data.displayName, password: form.data.password });
    if (!result.ok) return invalidInvitation(reply);
    await startSession(request, result.userId, result.partnershipId);
    request.session.flash = invitation.createdMessage;
    return reply.redirect('/');
  });
}

interface InvitationAcceptance {
  template: string;
  existingUserId: string | null;
  page(extra: Record<string, unknown>): Record<string, unknown>;
  /** What the form starts with, before the person has typed anything. */
  firstValues: Record<string, unknown>;
  accept(account: { displayName: string; password: string } | { existingUserId: string }): Promise<{ ok: true; userId: string; partnershipId?: string } | { ok: false }>;
  joinedMessage: string;
  createdMessage: string;
}

function providerInvitationPage(
  request: FastifyRequest,
  found: NonNullable<Awaited<ReturnType<AccountsService['findProviderInvitationByToken']>>>,
  token: string,
  extra: Record<string, unknown>,
) {
  const { invitation, existingUserId } = found;
  return {
    pageTitle: `Keep ${invitation.provider_name}’s services up to date`,
    invitation,
    token,
    hasAccount: existingUserId !== null,
    signedInAsInvitee: existingUserId !== null && request.auth?.user.id === existingUserId,
    signedInAsSomeoneElse: request.auth !== null && request.auth.user.id !== existingUserId,
    values: {},
    ...extra,
  };
}

function invitationPage(
  request: FastifyRequest,
  found: NonNullable<Awaited<ReturnType<AccountsService['findInvitationByToken']>>>,
  token: string,
  extra: Record<string, unknown>,
) {
  const { invitation, existingUserId } = found;
  return {
    pageTitle: `Join ${invitation.partnership_name}`,
    invitation: { ...invitation, roleLabel: roleLabel(invitation.role) },
    token,
    hasAccount: existingUserId !== null,
    signedInAsInvitee: existingUserId !== null && request.auth?.user.id === existingUserId,
    signedInAsSomeoneElse: request.auth !== null && request.auth.user.id !== existingUserId,
    values: {},
    ...extra,
  };
}
