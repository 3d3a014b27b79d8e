import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { signedIn } from '../../platform/auth/context.js';
import type { Database } from '../../platform/db/schema.js';
import { alertReferrerOfUnplannedDischarge, type Messenger } from '../../platform/messages.js';
import { longDate } from '../../platform/values/calendar.js';
import { formatDate } from '../../platform/web/dates.js';
import { emailAddress, versionField } from '../../platform/web/fields.js';
import { type FormErrors, formErrors, validateForm } from '../../platform/web/forms.js';
import { dischargeOutcomeLabels, unplannedOutcomes } from '../labels.js';
import { pathwayPaths as paths, referralPaths } from '../paths.js';
import type { PathwayService } from '../service.js';
import { actorOf, found, type LoadedReferral, loadReferral, view } from './shared.js';

/**
 * Alerting the referrer to an unplanned discharge by e-mail (GOV.UK Notify or SMTP, whichever is
 * set up), which also records when they were told. The alert carries the pseudonymised reference
 * only. With no e-mail set up, the page shows the alert for staff to send themselves.
 */

const referrerAlertForm = z.object({ version: versionField, email: emailAddress });

type Values = Record<string, unknown>;

function alertPage(loaded: LoadedReferral, values: Values, extra: { errors?: FormErrors; shown?: { subject: string; text: string } } = {}) {
  return {
    pageTitle: 'Send the referrer an alert',
    referral: loaded.referral,
    dischargedOn: loaded.referral.discharged_on ? formatDate(loaded.referral.discharged_on) : null,
    values,
    paths,
    referralPaths,
    ...extra,
  };
}

/** Why no alert can be sent for this referral now, or null. */
function alertProblem(referral: LoadedReferral['referral']): string | null {
  if (!referral.discharged_on || !referral.discharge_outcome || !unplannedOutcomes.has(referral.discharge_outcome)) return 'This person has not had an unplanned discharge';
  if (referral.referrer_notified_at) return 'The time the referrer was told has already been recorded';
  return null;
}

export function referrerAlertRoutes(app: FastifyInstance, db: Kysely<Database>, service: PathwayService, messenger: Messenger, now: () => Date) {
  app.get(referralPaths.referrerAlert(':referralId'), async (request, reply) => {
    const loaded = await loadReferral(db, request);
    const problem = alertProblem(loaded.referral);
    return reply.render(view('referrer-alert'), alertPage(loaded, { version: loaded.referral.version }, problem ? { errors: formErrors([['email', problem]]) } : {}));
  });

  app.post(referralPaths.referrerAlert(':referralId'), async (request, reply) => {
    const loaded = await loadReferral(db, request);
    const form = validateForm(referrerAlertForm, request.body);
    if (!form.ok) return reply.code(400).render(view('referrer-alert'), alertPage(loaded, form.values, { errors: form.errors }));
    const { referral, membership } = loaded;
    const problem = alertProblem(referral);
    if (problem) return reply.code(400).render(view('referrer-alert'), alertPage(loaded, form.values, { errors: formErrors([['email', problem]]) }));
    // Checked before sending, so an alert never goes for a record someone else has just changed.
    if (form.data.version !== referral.version) {
      return reply.code(409).render(view('referrer-alert'), alertPage(loaded, { ...form.values, version: referral.version }, { errors: formErrors([['email', 'Someone else has changed this referral since you opened the page. Check it, then send the alert again']]) }));
    }
    const result = await alertReferrerOfUnplannedDischarge(messenger, {
      to: form.data.email,
      partnership_name: membership.partnershipName,
      reference: referral.local_reference,
      service_name: referral.service_name ?? 'the residential service',
      discharged_on: longDate(referral.discharged_on as string),
      outcome: dischargeOutcomeLabels[referral.discharge_outcome as keyof typeof dischargeOutcomeLabels].toLowerCase(),
      contact: signedIn(request).user.displayName,
    });
    if (result.status === 'failed') {
      return reply.code(502).render(view('referrer-alert'), alertPage(loaded, form.values, {
        errors: formErrors([['email', 'The alert could not be e-mailed: the e-mail service did not accept it. Tell the referrer another way, then record when they were told']]),
      }));
    }
    if (result.status === 'not_sent') return reply.render(view('referrer-alert'), alertPage(loaded, form.values, { shown: result.email }));
    const outcome = found(await service.recordReferrerTold(membership.partnershipId, actorOf(loaded, request), referral.id, form.data.version, now()));
    request.session.flash = outcome.ok
      ? 'The referrer has been sent an alert by e-mail, and the time they were told has been recorded.'
      : 'The referrer has been sent an alert by e-mail, but the time could not be recorded. Record when they were told.';
    return reply.redirect(outcome.ok ? paths.referral(referral.id) : referralPaths.referrerTold(referral.id));
  });
}
