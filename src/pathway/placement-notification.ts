import type { Mailer } from '../platform/mail.js';

/**
 * Telling a provider that a placement request has arrived. The e-mail names the service and
 * the partnership and links to the request; it carries nothing about the person, not even the
 * local reference, because e-mail leaves the service. It goes through the shared mail helper
 * (which may send by SMTP or, later, GOV.UK Notify); without one nothing is sent and the page
 * says so. A failure to send never undoes the request.
 */

export interface PlacementRequestNotice {
  to: readonly string[];
  serviceName: string;
  partnershipName: string;
  link: string;
}

/** Sends the notice to each of the provider's accounts; how many it went to. */
export async function notifyPlacementRequest(mailer: Mailer | null, notice: PlacementRequestNotice): Promise<number> {
  if (!mailer) return 0;
  let sent = 0;
  for (const to of notice.to) {
    try {
      await mailer.send({
        to,
        subject: `New placement request for ${notice.serviceName}`,
        text: [
          `${notice.partnershipName} has asked ${notice.serviceName} for a place for someone on its residential pathway.`,
          '',
          'Sign in to Residential Pathways to see the request and answer it:',
          notice.link,
          '',
          'You can ask for a pre-admission visit, accept with an admission date, or decline with a reason.',
        ].join('\n'),
      });
      sent += 1;
    } catch {
      // Reported by the count: the request stands and shows on the provider's list either way.
    }
  }
  return sent;
}
