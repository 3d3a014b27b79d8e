import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { loadWorkQueues } from '../src/pathway/queues.js';
import { sendWeeklyDigests } from '../src/pathway/index.js';
import type { OutgoingMail } from '../src/platform/mail.js';
import { createMessenger, notifyMessenger, screenMessenger, smtpMessenger } from '../src/platform/messages.js';
import { createTestContext, hiddenFieldsIn, signedInVisitor, type TestContext } from './app.js';
import { fakeTemplateIds, type FakeNotify, notifyEnvironment, startFakeNotify } from './fake-notify.js';
import { referralRow } from './referrals.js';

/**
 * With NOTIFY_API_KEY set, the service's messages go through GOV.UK Notify (here a local fake
 * of its API) with the configured template ids: invitations from the pages, and the weekly
 * digest of overdue work, which is sent once per person per week however often it runs.
 */

let notify: FakeNotify;
let context: TestContext;
const db = () => context.database.db;
const notifyConfig = () => loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...notifyEnvironment(notify.baseUrl) }).notify;

beforeAll(async () => {
  notify = await startFakeNotify();
  context = await createTestContext({ config: { notify: notifyConfig() } });
  const northmoor = context.demo.partnershipIds.northmoor;
  await db()
    .insertInto('referrals')
    .values([
      referralRow(northmoor, 'NM-DIGEST-1', { stage: 'discharged', admitted_on: '2026-10-01', discharged_on: '2026-11-10', discharge_outcome: 'left_early' }),
      referralRow(northmoor, 'NM-DIGEST-2', { stage: 'funding_requested', referred_on: '2026-09-01', funding_requested_on: '2026-10-01', funding_route: 'standard' }),
      referralRow(northmoor, 'NM-DIGEST-3', { stage: 'funding_requested', referred_on: '2026-09-01', funding_requested_on: '2026-10-02', funding_route: 'standard' }),
      referralRow(northmoor, 'NM-ALERT-1', { stage: 'discharged', admitted_on: '2026-10-01', discharged_on: '2026-11-22', discharge_outcome: 'asked_to_leave' }),
    ])
    .execute();
});
afterAll(async () => {
  await context.close();
  await notify.close();
});
beforeEach(() => {
  notify.sent.length = 0;
});

function invitationLink(html: string): string {
  const match = /<code id="invitation-link">([^<]+)<\/code>/.exec(html);
  if (!match?.[1]) throw new Error('No invitation link on the page');
  return match[1];
}

describe('invitations through GOV.UK Notify', () => {
  it('sends a partnership invitation with the invitation template and the link shown on the page', async () => {
    const lead = await signedInVisitor(context, 'lead@northmoor.example');
    const page = await lead.submit('/people/invite', '/people/invite', { email: 'robin.notify@northmoor.example', role: 'viewer' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('We have emailed the link to robin.notify@northmoor.example');
    expect(notify.sent).toEqual([
      {
        template_id: fakeTemplateIds.invitation,
        email_address: 'robin.notify@northmoor.example',
        personalisation: {
          subject: 'You have been invited to Northmoor Drug and Alcohol Partnership (demo) on Residential Pathways',
          invitation: 'You have been invited to join Northmoor Drug and Alcohol Partnership (demo) on Residential Pathways as viewer.',
          action: 'accept',
          link: invitationLink(page.body),
          expires_in_days: 7,
        },
      },
    ]);
  });

  it('still creates the invitation when Notify refuses, and the page says the e-mail failed', async () => {
    notify.failNext(500);
    const lead = await signedInVisitor(context, 'lead@northmoor.example');
    const page = await lead.submit('/people/invite', '/people/invite', { email: 'sam.failed@northmoor.example', role: 'viewer' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('We could not email the link to sam.failed@northmoor.example');
    expect(page.body).not.toContain('We have emailed the link');
    expect(page.body).toContain('id="invitation-link"');
    expect(await db().selectFrom('invitations').select('id').where('email', '=', 'sam.failed@northmoor.example').execute()).toHaveLength(1);
    expect(notify.sent).toEqual([]);
  });

  it('sends a provider account invitation with the same template', async () => {
    const admin = await signedInVisitor(context, 'admin@residential-pathways.example');
    const provider = await db().selectFrom('providers').select(['id', 'name']).orderBy('name').executeTakeFirstOrThrow();
    const url = `/admin/providers/${provider.id}/accounts/new`;
    const page = await admin.submit(url, url, { name: 'Casey Notify', email: 'casey.notify@provider.example' });
    expect(page.statusCode).toBe(200);
    expect(notify.sent).toHaveLength(1);
    expect(notify.sent[0]?.template_id).toBe(fakeTemplateIds.invitation);
    expect(notify.sent[0]?.personalisation).toMatchObject({ action: 'create your account', link: invitationLink(page.body) });
    expect(String(notify.sent[0]?.personalisation?.invitation)).toContain(provider.name);
  });
});

describe('the weekly digest of overdue work', () => {
  const monday = new Date('2026-11-23T08:00:00Z');
  const serviceUrl = 'https://pathways.example';

  it('sends each lead commissioner and pathway staff member their partnership’s counts, once a week', async () => {
    const messenger = notifyMessenger(notifyConfig()!);
    const first = await sendWeeklyDigests({ db: db(), messenger, now: () => monday, serviceUrl });
    expect(first).toMatchObject({ weekStarting: '2026-11-23', failed: 0, shown: [] });
    const recipients = notify.sent.map((sent) => sent.email_address).sort();
    expect(recipients).toEqual(expect.arrayContaining(['lead@northmoor.example', 'staff@northmoor.example']));
    expect(recipients).not.toContain('viewer@northmoor.example');
    expect(recipients).not.toContain('contributor@northmoor.example');
    expect(first.sent).toBe(recipients.length);
    expect(notify.sent.every((sent) => sent.template_id === fakeTemplateIds.overdue_digest && sent.reference === 'weekly-digest-2026-11-23')).toBe(true);

    const queues = await loadWorkQueues(db(), context.demo.partnershipIds.northmoor, monday);
    const toLead = notify.sent.find((sent) => sent.email_address === 'lead@northmoor.example');
    expect(toLead?.personalisation).toEqual({
      partnership_name: 'Northmoor Drug and Alcohol Partnership (demo)',
      week_starting: '23 November 2026',
      items: [
        `Unplanned discharges whose referrer was not told, or was told late: ${queues.unplannedDischarges.count}`,
        `Funding decisions taking longer than ${queues.fundingDecisionTargetDays} working days: ${queues.fundingDecisionOverdue.count}`,
        `Reviews and follow-ups overdue or due within 7 days: ${queues.reviewsDue.count}`,
        `People admitted without an aftercare plan: ${queues.admittedWithoutAftercare.count}`,
      ],
      total: queues.unplannedDischarges.count + queues.fundingDecisionOverdue.count + queues.reviewsDue.count + queues.admittedWithoutAftercare.count,
      link: 'https://pathways.example/pathway/queues',
    });
    expect(queues.unplannedDischarges.count).toBeGreaterThanOrEqual(1);
    expect(queues.fundingDecisionOverdue.count).toBeGreaterThanOrEqual(2);
    // Counts only: no reference of anyone's referral.
    expect(JSON.stringify(notify.sent)).not.toContain('NM-DIGEST');

    notify.sent.length = 0;
    const again = await sendWeeklyDigests({ db: db(), messenger, now: () => new Date('2026-11-29T20:00:00Z'), serviceUrl });
    expect(again).toMatchObject({ weekStarting: '2026-11-23', sent: 0, failed: 0 });
    expect(notify.sent).toEqual([]);
    const audit = await db().selectFrom('audit_events').select('summary').where('action', '=', 'weekly_digest_sent').where('partnership_id', '=', context.demo.partnershipIds.northmoor).execute();
    expect(audit.map((entry) => entry.summary)).toEqual([expect.stringMatching(/^Weekly digest of overdue work for the week starting 23 November 2026 sent to \d+ people$/)]);
  });

  it('sends again in the next week, and retries only the people whose e-mail failed', async () => {
    const messenger = notifyMessenger(notifyConfig()!);
    const nextMonday = new Date('2026-11-30T08:00:00Z');
    notify.failNext(429);
    const run = await sendWeeklyDigests({ db: db(), messenger, now: () => nextMonday, serviceUrl });
    expect(run.weekStarting).toBe('2026-11-30');
    expect(run.failed).toBe(1);
    const firstRecipients = notify.sent.length;
    expect(run.sent).toBe(firstRecipients);

    notify.sent.length = 0;
    const retry = await sendWeeklyDigests({ db: db(), messenger, now: () => nextMonday, serviceUrl });
    expect(retry).toMatchObject({ sent: 1, failed: 0 });
    expect(notify.sent).toHaveLength(1);
  });

  it('goes by SMTP when Notify is not set up, and is only shown (and not recorded) when nothing is', async () => {
    const mail: OutgoingMail[] = [];
    const weekAfter = new Date('2026-12-07T08:00:00Z');
    const shown = await sendWeeklyDigests({ db: db(), messenger: screenMessenger(), now: () => weekAfter, serviceUrl });
    expect(shown.sent).toBe(0);
    const northmoorShown = shown.shown.find((entry) => entry.partnershipName === 'Northmoor Drug and Alcohol Partnership (demo)');
    expect(northmoorShown?.subject).toBe('Overdue work in Northmoor Drug and Alcohol Partnership (demo): week starting 7 December 2026');
    expect(northmoorShown?.text).toContain('* Funding decisions taking longer than');

    const viaSmtp = await sendWeeklyDigests({ db: db(), messenger: smtpMessenger({ send: async (sent) => void mail.push(sent) }), now: () => weekAfter, serviceUrl });
    expect(viaSmtp.sent).toBe(mail.length);
    // Shown digests were not recorded as sent, so SMTP now sends them to everyone.
    expect(mail.map((sent) => sent.to)).toEqual(expect.arrayContaining(['lead@northmoor.example', 'staff@northmoor.example']));
    const toStaff = mail.find((sent) => sent.to === 'staff@northmoor.example');
    expect(toStaff?.subject).toBe('Overdue work in Northmoor Drug and Alcohol Partnership (demo): week starting 7 December 2026');
    expect(toStaff?.text).toContain('See the work queues:\nhttps://pathways.example/pathway/queues');
    expect(notify.sent).toEqual([]);
  });

  it('is chosen by the same configuration as every other message', () => {
    expect(createMessenger(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...notifyEnvironment(notify.baseUrl) })).transport).toBe('notify');
  });
});

describe('alerting the referrer to an unplanned discharge through GOV.UK Notify', () => {
  const alertUrl = async () => {
    const referral = await db().selectFrom('referrals').select('id').where('local_reference', '=', 'NM-ALERT-1').executeTakeFirstOrThrow();
    return `/referrals/${referral.id}/referrer-alert`;
  };
  const toldAt = async () => (await db().selectFrom('referrals').select('referrer_notified_at').where('local_reference', '=', 'NM-ALERT-1').executeTakeFirstOrThrow()).referrer_notified_at;

  it('keeps the form as typed and records nothing when Notify refuses the alert', async () => {
    const staff = await signedInVisitor(context, 'staff@northmoor.example');
    const url = await alertUrl();
    notify.failNext(403);
    const page = await staff.submitWithHidden(url, url, { email: 'keyworker@recovery.example' });
    expect(page.statusCode).toBe(502);
    expect(page.body).toContain('The alert could not be e-mailed: the e-mail service did not accept it');
    expect(page.body).toContain('value="keyworker@recovery.example"');
    expect(await toldAt()).toBeNull();
    expect(notify.sent).toEqual([]);
  });

  it('sends the alert with its template and the pseudonymised reference, and records when the referrer was told', async () => {
    const staff = await signedInVisitor(context, 'staff@northmoor.example');
    const url = await alertUrl();
    expect(hiddenFieldsIn((await staff.get(url)).body).version).toBeDefined();
    const sent = await staff.submitWithHidden(url, url, { email: 'keyworker@recovery.example' });
    expect(sent.statusCode).toBe(302);
    expect(notify.sent).toEqual([
      {
        template_id: fakeTemplateIds.unplanned_discharge,
        email_address: 'keyworker@recovery.example',
        personalisation: {
          partnership_name: 'Northmoor Drug and Alcohol Partnership (demo)',
          reference: 'NM-ALERT-1',
          service_name: 'the residential service',
          discharged_on: '22 November 2026',
          outcome: 'asked to leave by the service',
          contact: expect.any(String),
        },
      },
    ]);
    expect(await toldAt()).toEqual(context.clock.now);
    const again = await staff.submitWithHidden(url, url, { email: 'keyworker@recovery.example' });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('The time the referrer was told has already been recorded');
    expect(notify.sent).toHaveLength(1);
  });

  it('is refused to a viewer, who cannot change records', async () => {
    const viewer = await signedInVisitor(context, 'viewer@northmoor.example');
    expect((await viewer.get(await alertUrl())).statusCode).toBe(403);
  });
});

describe('alerting the referrer with no e-mail set up', () => {
  it('shows the alert on the page for staff to send, and records nothing', async () => {
    const onScreen = await createTestContext();
    try {
      const referral = await onScreen.database.db
        .insertInto('referrals')
        .values(referralRow(onScreen.demo.partnershipIds.northmoor, 'NM-ALERT-2', { stage: 'discharged', admitted_on: '2026-10-01', discharged_on: '2026-11-22', discharge_outcome: 'left_early' }))
        .returning('id')
        .executeTakeFirstOrThrow();
      const staff = await signedInVisitor(onScreen, 'staff@northmoor.example');
      const url = `/referrals/${referral.id}/referrer-alert`;
      const page = await staff.submitWithHidden(url, url, { email: 'keyworker@recovery.example' });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('No e-mail is set up for this service, so nothing was sent');
      expect(page.body).toContain('Unplanned discharge: NM-ALERT-2');
      expect(page.body).toContain('The person you referred as NM-ALERT-2 left the residential service on 22 November 2026');
      const stored = await onScreen.database.db.selectFrom('referrals').select('referrer_notified_at').where('id', '=', referral.id).executeTakeFirstOrThrow();
      expect(stored.referrer_notified_at).toBeNull();
    } finally {
      await onScreen.close();
    }
  });
});
