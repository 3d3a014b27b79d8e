import type { NotifyClient } from 'notifications-node-client';
import type { AppConfig, NotifyConfig } from '../config.js';
import { createMailer, type Mailer } from './mail.js';
import { fallbackEmail, type FallbackEmail, type MessageTemplate, type Personalisation } from './messages-templates.js';

export { fallbackEmail, type FallbackEmail, type MessageTemplate, messageTemplates, notifyTemplateVariables, type Personalisation } from './messages-templates.js';

/**
 * One message to one person: which template, and what fills it in. Callers never say how it
 * goes; the configuration does (GOV.UK Notify, else SMTP, else nothing is sent and the caller
 * shows what it has on screen).
 */
export type Message = {
  [T in MessageTemplate]: {
    template: T;
    to: string;
    personalisation: Personalisation[T];
    /** Notify's reference for the message; never personal data. */
    reference?: string;
  };
}[MessageTemplate];

export type Transport = 'notify' | 'smtp' | 'screen';

export type SendResult =
  | { status: 'sent'; via: 'notify' | 'smtp' }
  /** No e-mail is set up: nothing was sent, and the caller shows the message on screen. */
  | { status: 'not_sent'; email: FallbackEmail }
  /** The e-mail service refused or could not be reached; the problem is already logged. */
  | { status: 'failed'; via: 'notify' | 'smtp'; problem: string; email: FallbackEmail };

export interface Messenger {
  readonly transport: Transport;
  send(message: Message): Promise<SendResult>;
}

/** Where failed sends are logged: a pino logger (the app's, or the command's) fits. */
export interface MessageLog {
  error(details: Record<string, unknown>, message: string): void;
}

const silentLog: MessageLog = { error: () => undefined };

/** Notify's answer to a refused request: its status code and error list. */
interface NotifyErrorResponse {
  status?: number;
  data?: { errors?: Array<{ error?: string; message?: string }> };
}

/** What went wrong with a Notify request, in words for the log and the caller; never the address. */
export function describeNotifyFailure(error: unknown): { problem: string; statusCode: number | null } {
  const response = (error as { response?: NotifyErrorResponse } | null)?.response;
  if (response?.status) {
    const errors = (response.data?.errors ?? []).map((item) => [item.error, item.message].filter(Boolean).join(': ')).filter(Boolean);
    const meaning: Record<number, string> = {
      400: 'GOV.UK Notify refused the message',
      403: 'GOV.UK Notify refused the API key',
      429: 'GOV.UK Notify is limiting how fast messages can be sent',
      500: 'GOV.UK Notify had a problem of its own',
    };
    const said = meaning[response.status] ?? 'GOV.UK Notify did not accept the message';
    return { problem: `${said} (${response.status}${errors.length ? `: ${errors.join('; ')}` : ''})`, statusCode: response.status };
  }
  const code = (error as { code?: string } | null)?.code;
  return { problem: `GOV.UK Notify could not be reached${code ? ` (${code})` : ''}`, statusCode: null };
}

export function notifyMessenger(notify: NotifyConfig, log: MessageLog = silentLog): Messenger {
  // The client (and its HTTP library) loads with the first message, not with the service: it took a twentieth of a start.
  let client: Promise<NotifyClient> | undefined;
  const notifyClient = () =>
    (client ??= import('notifications-node-client').then(({ NotifyClient: Client }) => (notify.baseUrl ? new Client(notify.baseUrl, notify.apiKey) : new Client(notify.apiKey))));
  return {
    transport: 'notify',
    async send(message) {
      try {
        await (await notifyClient()).sendEmail(notify.templates[message.template], message.to, {
          personalisation: message.personalisation,
          ...(message.reference ? { reference: message.reference } : {}),
        });
        return { status: 'sent', via: 'notify' };
      } catch (error) {
        const { problem, statusCode } = describeNotifyFailure(error);
        log.error({ template: message.template, transport: 'notify', statusCode }, `E-mail not sent: ${problem}`);
        return { status: 'failed', via: 'notify', problem, email: emailOf(message) };
      }
    },
  };
}

export function smtpMessenger(mailer: Mailer, log: MessageLog = silentLog): Messenger {
  return {
    transport: 'smtp',
    async send(message) {
      const email = emailOf(message);
      try {
        await mailer.send({ to: message.to, ...email });
        return { status: 'sent', via: 'smtp' };
      } catch (error) {
        const code = (error as { code?: string; responseCode?: number } | null) ?? {};
        const problem = code.responseCode ? `The mail server did not accept the message (${code.responseCode})` : `The mail server could not be reached${code.code ? ` (${code.code})` : ''}`;
        log.error({ template: message.template, transport: 'smtp' }, `E-mail not sent: ${problem}`);
        return { status: 'failed', via: 'smtp', problem, email };
      }
    },
  };
}

/** No e-mail set up: nothing is sent, and each caller shows the message (or its link) on screen. */
export function screenMessenger(): Messenger {
  return {
    transport: 'screen',
    async send(message) {
      return { status: 'not_sent', email: emailOf(message) };
    },
  };
}

/**
 * The messenger the configuration asks for: GOV.UK Notify when NOTIFY_API_KEY is set, else
 * SMTP when SMTP_URL is (or a mailer is given, as tests do), else on screen.
 */
export function createMessenger(config: AppConfig, options: { log?: MessageLog; mailer?: Mailer | null } = {}): Messenger {
  const log = options.log ?? silentLog;
  if (config.notify) return notifyMessenger(config.notify, log);
  const mailer = options.mailer === undefined ? createMailer(config) : options.mailer;
  return mailer ? smtpMessenger(mailer, log) : screenMessenger();
}

function emailOf(message: Message): FallbackEmail {
  return fallbackEmail(message.template, message.personalisation as never);
}

/** For pages that show a link either way: whether it was e-mailed, and whether an e-mail was tried and failed. */
export function emailOutcome(result: SendResult): { emailed: boolean; emailFailed: boolean } {
  return { emailed: result.status === 'sent', emailFailed: result.status === 'failed' };
}

/**
 * Asks a residential service whether it can offer a place (the placement requests' e-mail to
 * the provider). It carries nothing about the person, not even the reference: e-mail leaves the
 * service, and the provider reads the request after signing in.
 */
export function notifyPlacementRequest(
  messenger: Messenger,
  request: { to: string; serviceName: string; partnershipName: string; link: string },
): Promise<SendResult> {
  return messenger.send({
    template: 'placement_request',
    to: request.to,
    personalisation: { service_name: request.serviceName, partnership_name: request.partnershipName, link: request.link },
  });
}

/** Tells the referrer that the person they referred has left a placement early (pseudonymised reference only). */
export function alertReferrerOfUnplannedDischarge(messenger: Messenger, alert: { to: string } & Personalisation['unplanned_discharge']): Promise<SendResult> {
  const { to, ...personalisation } = alert;
  return messenger.send({ template: 'unplanned_discharge', to, personalisation });
}
