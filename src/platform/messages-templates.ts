/**
 * The messages the service sends, one entry per GOV.UK Notify template. Each names what its
 * template is given (its personalisation) and writes the same e-mail for SMTP and for showing
 * on screen, so whichever way a message goes it says the same thing. The wording of each
 * Notify template, with its ((placeholders)), is in docs/notify-templates.md: keep the two alike.
 */

export const messageTemplates = ['invitation', 'placement_request', 'unplanned_discharge', 'overdue_digest'] as const;
export type MessageTemplate = (typeof messageTemplates)[number];

/** The environment variable that names each template's id in GOV.UK Notify. */
export const notifyTemplateVariables: Record<MessageTemplate, string> = {
  invitation: 'NOTIFY_TEMPLATE_INVITATION',
  placement_request: 'NOTIFY_TEMPLATE_PLACEMENT_REQUEST',
  unplanned_discharge: 'NOTIFY_TEMPLATE_UNPLANNED_DISCHARGE',
  overdue_digest: 'NOTIFY_TEMPLATE_OVERDUE_DIGEST',
};

export interface Personalisation {
  /** An invitation to join a partnership, to be an analyst, or to keep a provider's services up to date. */
  invitation: {
    subject: string;
    /** The sentence that says what the person is invited to. */
    invitation: string;
    /** What the link does: "accept" or "create your account". */
    action: string;
    link: string;
    expires_in_days: number;
  };
  /** A partnership asks a residential service whether it can offer a place. Pseudonymised only. */
  /** Nothing about the person, not even the reference: the provider reads the request after signing in. */
  placement_request: {
    service_name: string;
    partnership_name: string;
    link: string;
  };
  /** Someone left a placement early or was asked to leave: the referrer is told. Pseudonymised only. */
  unplanned_discharge: {
    partnership_name: string;
    reference: string;
    service_name: string;
    discharged_on: string;
    outcome: string;
    contact: string;
  };
  /** The week's overdue work in one partnership: counts only, and a link. */
  overdue_digest: {
    partnership_name: string;
    week_starting: string;
    /** One line per queue, such as "Funding decisions over the target: 3". */
    items: string[];
    total: number;
    link: string;
  };
}

export interface FallbackEmail {
  subject: string;
  text: string;
}

type Writers = { [T in MessageTemplate]: (personalisation: Personalisation[T]) => FallbackEmail };

const writers: Writers = {
  invitation: (p) => ({
    subject: p.subject,
    text: [
      p.invitation,
      '',
      `Use this link to ${p.action}. It works once and expires in ${p.expires_in_days} days:`,
      p.link,
      '',
      'If you were not expecting this invitation, you can ignore this email.',
    ].join('\n'),
  }),
  placement_request: (p) => ({
    subject: `New placement request for ${p.service_name}`,
    text: [
      `${p.partnership_name} has asked ${p.service_name} for a place for someone on its residential pathway.`,
      '',
      'Sign in to Residential Pathways to see the request and answer it:',
      p.link,
      '',
      'You can ask for a pre-admission visit, accept with an admission date, or decline with a reason.',
    ].join('\n'),
  }),
  unplanned_discharge: (p) => ({
    subject: `Unplanned discharge: ${p.reference}`,
    text: [
      `The person you referred as ${p.reference} left ${p.service_name} on ${p.discharged_on} before the end of their planned stay (${p.outcome}).`,
      '',
      'Please make contact with them as soon as you can, so they are offered support and harm reduction advice today.',
      '',
      `For more information, contact ${p.contact} at ${p.partnership_name}.`,
    ].join('\n'),
  }),
  overdue_digest: (p) => ({
    subject: `Overdue work in ${p.partnership_name}: week starting ${p.week_starting}`,
    text: [
      `This is the overdue work in ${p.partnership_name} on Residential Pathways at the start of the week of ${p.week_starting}.`,
      '',
      ...(p.total === 0 ? ['Nothing is overdue.'] : p.items.map((item) => `* ${item}`)),
      '',
      'See the work queues:',
      p.link,
    ].join('\n'),
  }),
};

/** The e-mail SMTP sends, and the page or console shows, for a message. */
export function fallbackEmail<T extends MessageTemplate>(template: T, personalisation: Personalisation[T]): FallbackEmail {
  return (writers[template] as (p: Personalisation[T]) => FallbackEmail)(personalisation);
}
