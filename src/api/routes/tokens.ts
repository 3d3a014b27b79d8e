import type { FastifyPluginAsync } from 'fastify';
import type { Kysely } from 'kysely';
import { currentMembership, guardAll, requireRole, signedIn } from '../../platform/auth/context.js';
import type { Database } from '../../platform/db/schema.js';
import { checkboxItems, radioItems } from '../../platform/web/choice-items.js';
import { notFound, recordId } from '../../platform/web/errors.js';
import { validateForm } from '../../platform/web/forms.js';
import { newTokenForm } from '../forms.js';
import * as repository from '../repository.js';
import { type ApiScope, expiryChoices, scopeLabels, tokenState, tokenStateTags } from '../token-rules.js';
import type { ApiTokenService } from '../token-service.js';

const leadOnly = requireRole('lead_commissioner');

const scopeTexts = Object.fromEntries(Object.entries(scopeLabels).map(([scope, label]) => [scope, label.text])) as Record<ApiScope, string>;
const expiryLabels = Object.fromEntries(expiryChoices.map((days) => [String(days), days === 365 ? '1 year' : `${days} days`]));

/**
 * The lead commissioner's pages for the partnership's API tokens: the list, making one (shown
 * once, on the page that follows the form, never again) and revoking one. These are ordinary
 * pages, with the session and CSRF checks of every page.
 */
export function apiTokenPages({ db, now, apiTokens }: { db: Kysely<Database>; now: () => Date; apiTokens: ApiTokenService }): FastifyPluginAsync {
  return async (app) => {
    guardAll(app, leadOnly);

    app.get('/api-tokens', async (request, reply) => {
      const { partnershipId } = currentMembership(request);
      const tokens = await repository.listTokens(db, partnershipId);
      return reply.render('api/views/tokens.njk', {
        pageTitle: 'API tokens',
        tokens: tokens.map((token) => {
          const state = tokenState(token, now());
          return { ...token, state, tag: tokenStateTags[state], scopeTexts: token.scopes.map((scope) => scopeTexts[scope] ?? scope) };
        }),
      });
    });

    const formPage = (values: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
      pageTitle: 'Make an API token',
      values,
      scopeItems: checkboxItems(scopeTexts, values.scopes).map((item) => ({ ...item, hint: { text: scopeLabels[item.value as ApiScope].hint } })),
      expiryItems: radioItems(expiryLabels, values.days === undefined ? undefined : String(values.days)),
      ...extra,
    });

    app.get('/api-tokens/new', async (_request, reply) => reply.render('api/views/token-new.njk', formPage({ days: '90' })));

    app.post('/api-tokens/new', async (request, reply) => {
      const { partnershipId } = currentMembership(request);
      const form = validateForm(newTokenForm, request.body);
      if (!form.ok) return reply.code(400).render('api/views/token-new.njk', formPage(form.values, { errors: form.errors }));
      const made = await apiTokens.createToken(partnershipId, { userId: signedIn(request).user.id, requestId: request.id }, form.data);
      // The token is on this page only: never stored, never cached.
      reply.header('cache-control', 'no-store');
      return reply.render('api/views/token-created.njk', {
        pageTitle: 'Your new API token',
        name: form.data.name,
        token: made.token,
        expiresAt: made.expiresAt,
        scopeTexts: form.data.scopes.map((scope) => scopeTexts[scope]),
      });
    });

    const loadToken = async (partnershipId: string, id: unknown) => {
      const token = await repository.findToken(db, partnershipId, recordId(id));
      if (!token) throw notFound();
      return token;
    };

    app.get('/api-tokens/:tokenId/revoke', async (request, reply) => {
      const { partnershipId } = currentMembership(request);
      const token = await loadToken(partnershipId, (request.params as Record<string, unknown>).tokenId);
      return reply.render('api/views/token-revoke.njk', { pageTitle: `Revoke the token ${token.name}`, token, revoked: token.revoked_at !== null });
    });

    app.post('/api-tokens/:tokenId/revoke', async (request, reply) => {
      const { partnershipId } = currentMembership(request);
      const token = await loadToken(partnershipId, (request.params as Record<string, unknown>).tokenId);
      const revoked = await apiTokens.revokeToken(partnershipId, { userId: signedIn(request).user.id, requestId: request.id }, token.id);
      request.session.flash = revoked ? `The token “${token.name}” has been revoked. It no longer works.` : `The token “${token.name}” had already been revoked.`;
      return reply.redirect('/api-tokens');
    });
  };
}
