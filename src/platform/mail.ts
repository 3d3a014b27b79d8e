import type { Transporter } from 'nodemailer';
import type { AppConfig } from '../config.js';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
}

/** Sends mail through SMTP_URL when it is set; otherwise there is no mailer and links are shown on screen. */
export function createMailer(config: AppConfig): Mailer | null {
  if (!config.smtpUrl) return null;
  const smtpUrl = config.smtpUrl;
  // nodemailer loads with the first message, not with the service.
  let transport: Promise<Transporter> | undefined;
  return {
    async send(mail) {
      transport ??= import('nodemailer').then(({ default: nodemailer }) => nodemailer.createTransport(smtpUrl));
      await (await transport).sendMail({ from: config.mailFrom, ...mail });
    },
  };
}
