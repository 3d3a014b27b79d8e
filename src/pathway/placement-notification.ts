import { type Messenger, notifyPlacementRequest } from '../platform/messages.js';

/**
 * Telling a provider that a placement request has arrived, through the service's messages
 * (GOV.UK Notify, SMTP, or nothing when no e-mail is set up). The e-mail names the service and
 * the partnership and links to the request; it carries nothing about the person. A failure to
 * send never undoes the request.
 */

export interface PlacementRequestNotice {
  to: readonly string[];
  serviceName: string;
  partnershipName: string;
  link: string;
}

/** Sends the notice to each of the provider's accounts; how many it went to. */
export async function notifyProviderOfPlacementRequest(messenger: Messenger, notice: PlacementRequestNotice): Promise<number> {
  let sent = 0;
  for (const to of notice.to) {
    const result = await notifyPlacementRequest(messenger, { to, serviceName: notice.serviceName, partnershipName: notice.partnershipName, link: notice.link });
    if (result.status === 'sent') sent += 1;
  }
  return sent;
}
