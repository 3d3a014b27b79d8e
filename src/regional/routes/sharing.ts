import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { currentMembership, signedIn } from '../../platform/auth/context.js';
import type { Database } from '../../platform/db/schema.js';
import { formErrors, validateForm } from '../../platform/web/forms.js';
import { regionalPaths as paths } from '../paths.js';
import { figureSharing } from '../repository.js';
import { changeFigureSharing } from '../service.js';
import { sharingConflict, sharingForm } from '../sharing-rules.js';

/** The lead commissioner chooses whether the partnership shares its figures with regional and national analysts. */
export function sharingRoutes(app: FastifyInstance, db: Kysely<Database>, now: () => Date) {
  const page = (values: { sharesFigures?: string; version: number }, extra: Record<string, unknown> = {}) => ({
    pageTitle: 'Share your figures with regional and national analysts',
    values,
    options: [
      { value: 'yes', text: 'Yes, share our figures', checked: values.sharesFigures === 'yes' },
      { value: 'no', text: 'No, do not share them', checked: values.sharesFigures === 'no' },
    ],
    paths,
    ...extra,
  });

  app.get(paths.sharing(), async (request, reply) => {
    const membership = currentMembership(request);
    const current = await figureSharing(db, membership.partnershipId);
    return reply.render('regional/views/sharing.njk', page({ sharesFigures: current.sharesFigures ? 'yes' : 'no', version: current.version }, { partnershipName: membership.partnershipName, current }));
  });

  app.post(paths.sharing(), async (request, reply) => {
    const membership = currentMembership(request);
    const form = validateForm(sharingForm, request.body);
    const current = await figureSharing(db, membership.partnershipId);
    const extra = { partnershipName: membership.partnershipName, current };
    if (!form.ok) return reply.code(400).render('regional/views/sharing.njk', page({ version: current.version }, { ...extra, errors: form.errors }));
    const result = await changeFigureSharing(db, membership.partnershipId, { userId: signedIn(request).user.id, requestId: request.id }, { sharesFigures: form.data.sharesFigures, expectedVersion: form.data.version }, now());
    if (!result.ok) {
      const latest = await figureSharing(db, membership.partnershipId);
      return reply
        .code(409)
        .render('regional/views/sharing.njk', page({ sharesFigures: latest.sharesFigures ? 'yes' : 'no', version: latest.version }, { ...extra, current: latest, errors: formErrors([['sharesFigures', sharingConflict]]) }));
    }
    request.session.flash = form.data.sharesFigures
      ? 'Your partnership now shares its figures with regional and national analysts.'
      : 'Your partnership no longer shares its figures with regional and national analysts.';
    return reply.redirect(paths.sharing());
  });
}
