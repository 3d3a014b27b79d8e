import crypto from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, type NotifyConfig } from '../config.js';
import { fakeApiKey, fakeSecret, fakeServiceId, fakeTemplateIds, type FakeNotify, notifyEnvironment, startFakeNotify, tokenProblem } from '../../test/fake-notify.js';
import type { OutgoingMail } from './mail.js';
import { createMessenger, fallbackEmail, type Message, messageTemplates, notifyMessenger, screenMessenger, smtpMessenger } from './messages.js';

/**
 * Messages name a template and what fills it in; the configuration picks GOV.UK Notify, SMTP
 * or the screen. Notify is a local fake of its HTTP API that checks the signed token.
 */

let notify: FakeNotify;
beforeAll(async () => {
  notify = await startFakeNotify();
});
afterAll(async () => notify.close());
beforeEach(() => {
  notify.sent.length = 0;
});

const base = { NODE_ENV: 'test', LOG_LEVEL: 'silent' } as const;

function notifyConfig(overrides: Partial<NotifyConfig> = {}): NotifyConfig {
  const config = loadConfig({ ...base, ...notifyEnvironment(notify.baseUrl) }).notify;
  if (!config) throw new Error('Notify should be set up');
  return { ...config, ...overrides };
}

function recordingLog() {
  const lines: Array<{ details: Record<string, unknown>; message: string }> = [];
  return { lines, error: (details: Record<string, unknown>, message: string) => void lines.push({ details, message }) };
}

const invitation: Message = {
  template: 'invitation',
  to: 'kim@northmoor.example',
  personalisation: {
    subject: 'You have been invited to Northmoor on Residential Pathways',
    invitation: 'You have been invited to join Northmoor on Residential Pathways as viewer.',
    action: 'accept',
    link: 'https://pathways.example/invitations/abc',
    expires_in_days: 7,
  },
};

describe('configuration of GOV.UK Notify', () => {
  it('is off without an API key, and reads every template id with one', () => {
    expect(loadConfig(base).notify).toBeUndefined();
    const config = loadConfig({ ...base, ...notifyEnvironment('http://127.0.0.1:9') });
    expect(config.notify).toEqual({ apiKey: fakeApiKey, baseUrl: 'http://127.0.0.1:9', templates: fakeTemplateIds });
  });

  it('refuses to start with the key set but a template id missing, naming the variable', () => {
    const environment: Record<string, string> = { ...base, ...notifyEnvironment('http://127.0.0.1:9') };
    delete environment.NOTIFY_TEMPLATE_OVERDUE_DIGEST;
    expect(() => loadConfig(environment)).toThrow(ConfigError);
    expect(() => loadConfig(environment)).toThrow(/NOTIFY_TEMPLATE_OVERDUE_DIGEST must be set to a template ID from GOV.UK Notify, because NOTIFY_API_KEY is set/);
  });

  it('refuses a key that is not a whole Notify key, and a template id that is not an id', () => {
    expect(() => loadConfig({ ...base, ...notifyEnvironment('http://127.0.0.1:9'), NOTIFY_API_KEY: fakeSecret })).toThrow(/NOTIFY_API_KEY must be a whole GOV.UK Notify API key/);
    expect(() => loadConfig({ ...base, ...notifyEnvironment('http://127.0.0.1:9'), NOTIFY_TEMPLATE_INVITATION: 'invitation' })).toThrow(/NOTIFY_TEMPLATE_INVITATION: must be the template’s ID/);
  });

  it('reads the weekly digest time, off unless set', () => {
    expect(loadConfig(base).weeklyDigestAt).toBeUndefined();
    const smtp = { ...base, SMTP_URL: 'smtp://mail.example:25' };
    expect(loadConfig({ ...base, WEEKLY_DIGEST_AT: 'off' }).weeklyDigestAt).toBeUndefined();
    expect(loadConfig({ ...smtp, WEEKLY_DIGEST_AT: 'Monday 07:30' }).weeklyDigestAt).toEqual({ weekday: 1, hour: 7, minute: 30 });
    expect(loadConfig({ ...base, ...notifyEnvironment('http://127.0.0.1:9'), WEEKLY_DIGEST_AT: 'sunday 23:05' }).weeklyDigestAt).toEqual({ weekday: 7, hour: 23, minute: 5 });
    expect(() => loadConfig({ ...smtp, WEEKLY_DIGEST_AT: 'mondays 7am' })).toThrow(/WEEKLY_DIGEST_AT must be a day and a 24-hour UK time/);
    expect(() => loadConfig({ ...base, WEEKLY_DIGEST_AT: 'monday 07:30' })).toThrow(/WEEKLY_DIGEST_AT needs NOTIFY_API_KEY or SMTP_URL/);
  });
});

describe('the fake Notify checks the token as Notify does', () => {
  it('accepts a token signed with the secret whose issuer is the service, and refuses others', () => {
    const sign = (claims: object, secret: string) => {
      const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const unsigned = `${part({ typ: 'JWT', alg: 'HS256' })}.${part(claims)}`;
      return `Bearer ${unsigned}.${crypto.createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
    };
    const now = Date.now();
    const iat = Math.round(now / 1000);
    expect(tokenProblem(sign({ iss: fakeServiceId, iat }, fakeSecret), fakeServiceId, fakeSecret, now)).toBeNull();
    expect(tokenProblem(sign({ iss: fakeServiceId, iat }, 'another-secret'), fakeServiceId, fakeSecret, now)).toMatch(/signature/);
    expect(tokenProblem(sign({ iss: 'another-service', iat }, fakeSecret), fakeServiceId, fakeSecret, now)).toMatch(/service not found/);
    expect(tokenProblem(sign({ iss: fakeServiceId, iat: iat - 60 }, fakeSecret), fakeServiceId, fakeSecret, now)).toMatch(/30 seconds/);
    expect(tokenProblem(undefined, fakeServiceId, fakeSecret, now)).toMatch(/must be provided/);
  });
});

describe('sending through GOV.UK Notify', () => {
  it('sends each kind of message with its template id and personalisation', async () => {
    const messenger = notifyMessenger(notifyConfig());
    expect(messenger.transport).toBe('notify');
    expect(await messenger.send(invitation)).toEqual({ status: 'sent', via: 'notify' });
    await messenger.send({
      template: 'placement_request',
      to: 'admissions@alder.example',
      personalisation: { service_name: 'Alder House', partnership_name: 'Northmoor', link: 'https://pathways.example/placement-requests/1' },
    });
    await messenger.send({
      template: 'unplanned_discharge',
      to: 'keyworker@recovery.example',
      personalisation: { partnership_name: 'Northmoor', reference: 'NM-2026-0004', service_name: 'Alder House', discharged_on: '2 November 2026', outcome: 'left early', contact: 'the pathway team' },
    });
    await messenger.send({
      template: 'overdue_digest',
      to: 'lead@northmoor.example',
      personalisation: { partnership_name: 'Northmoor', week_starting: '23 November 2026', items: ['Funding decisions over the target: 2'], total: 2, link: 'https://pathways.example/pathway/queues' },
      reference: 'digest-2026-11-23',
    });
    expect(notify.sent.map((sent) => sent.template_id)).toEqual([fakeTemplateIds.invitation, fakeTemplateIds.placement_request, fakeTemplateIds.unplanned_discharge, fakeTemplateIds.overdue_digest]);
    expect(notify.sent[0]).toEqual({ template_id: fakeTemplateIds.invitation, email_address: 'kim@northmoor.example', personalisation: invitation.personalisation });
    expect(notify.sent[1]?.personalisation).toEqual({ service_name: 'Alder House', partnership_name: 'Northmoor', link: 'https://pathways.example/placement-requests/1' });
    expect(notify.sent[3]?.personalisation?.items).toEqual(['Funding decisions over the target: 2']);
    expect(notify.sent[3]?.reference).toBe('digest-2026-11-23');
  });

  it.each([
    [400, /GOV.UK Notify refused the message \(400: BadRequestError: Can’t send to this recipient/],
    [403, /GOV.UK Notify refused the API key \(403: AuthError/],
    [429, /GOV.UK Notify is limiting how fast messages can be sent \(429: RateLimitError/],
    [500, /GOV.UK Notify had a problem of its own \(500: Exception/],
  ] as const)('reports and logs a %i answer as a failed send, without the address', async (status, problem) => {
    const log = recordingLog();
    notify.failNext(status);
    const result = await notifyMessenger(notifyConfig(), log).send(invitation);
    expect(result.status).toBe('failed');
    expect(result.status === 'failed' && result.problem).toMatch(problem);
    expect(result.status === 'failed' && result.email.text).toContain(invitation.personalisation.link);
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]?.details).toEqual({ template: 'invitation', transport: 'notify', statusCode: status });
    expect(JSON.stringify(log.lines)).not.toContain('kim@northmoor.example');
    expect(notify.sent).toEqual([]);
  });

  it('is refused with a key whose secret is wrong, because the token does not verify', async () => {
    const refusedBefore = notify.refusedTokens;
    const wrongKey = `${fakeApiKey.slice(0, -36)}00000000-0000-4000-8000-000000000000`;
    const result = await notifyMessenger(notifyConfig({ apiKey: wrongKey })).send(invitation);
    expect(result.status === 'failed' && result.problem).toMatch(/refused the API key \(403: AuthError: Invalid token: signature/);
    expect(notify.refusedTokens).toBe(refusedBefore + 1);
  });

  it('reports Notify out of reach as a failed send', async () => {
    const result = await notifyMessenger(notifyConfig({ baseUrl: 'http://127.0.0.1:9' })).send(invitation);
    expect(result.status === 'failed' && result.problem).toMatch(/GOV.UK Notify could not be reached \(ECONNREFUSED\)/);
  });
});

describe('choosing how messages go', () => {
  it('uses Notify when its key is set, else SMTP, else the screen', () => {
    const mailer = { send: async () => undefined };
    expect(createMessenger(loadConfig({ ...base, ...notifyEnvironment(notify.baseUrl) }), { mailer }).transport).toBe('notify');
    expect(createMessenger(loadConfig(base), { mailer }).transport).toBe('smtp');
    expect(createMessenger(loadConfig({ ...base, SMTP_URL: 'smtp://mail.example:25' })).transport).toBe('smtp');
    expect(createMessenger(loadConfig(base)).transport).toBe('screen');
  });

  it('sends SMTP the same e-mail as before Notify, and reports a refused one', async () => {
    const sent: OutgoingMail[] = [];
    expect(await smtpMessenger({ send: async (mail) => void sent.push(mail) }).send(invitation)).toEqual({ status: 'sent', via: 'smtp' });
    expect(sent).toEqual([
      {
        to: 'kim@northmoor.example',
        subject: 'You have been invited to Northmoor on Residential Pathways',
        text: [
          'You have been invited to join Northmoor on Residential Pathways as viewer.',
          '',
          'Use this link to accept. It works once and expires in 7 days:',
          'https://pathways.example/invitations/abc',
          '',
          'If you were not expecting this invitation, you can ignore this email.',
        ].join('\n'),
      },
    ]);
    const log = recordingLog();
    const refused = await smtpMessenger({ send: async () => Promise.reject(Object.assign(new Error('550 no'), { responseCode: 550 })) }, log).send(invitation);
    expect(refused).toMatchObject({ status: 'failed', via: 'smtp', problem: 'The mail server did not accept the message (550)' });
    expect(log.lines[0]?.details).toEqual({ template: 'invitation', transport: 'smtp' });
  });

  it('sends nothing on screen, and gives the e-mail for showing', async () => {
    const result = await screenMessenger().send(invitation);
    expect(result).toEqual({ status: 'not_sent', email: fallbackEmail('invitation', invitation.personalisation) });
  });

  it('writes a subject and text for every template', () => {
    expect(messageTemplates).toEqual(['invitation', 'placement_request', 'unplanned_discharge', 'overdue_digest']);
    const digest = fallbackEmail('overdue_digest', { partnership_name: 'Northmoor', week_starting: '23 November 2026', items: ['Funding decisions over the target: 2', 'Reviews overdue: 1'], total: 3, link: 'https://pathways.example/pathway/queues' });
    expect(digest.subject).toBe('Overdue work in Northmoor: week starting 23 November 2026');
    expect(digest.text).toContain('* Funding decisions over the target: 2\n* Reviews overdue: 1');
    expect(fallbackEmail('overdue_digest', { partnership_name: 'Northmoor', week_starting: '23 November 2026', items: [], total: 0, link: 'x' }).text).toContain('Nothing is overdue.');
  });
});
