import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, csrfTokenIn, hiddenFieldsIn, signedInVisitor, type TestContext, type Visitor } from '../../test/app.js';
import type { RoundStatus } from '../platform/db/schema.js';

let context: TestContext;
let lead: Visitor;
let contributor: Visitor;
let viewer: Visitor;
let peer: Visitor;
/** The lead commissioner of another partnership (Eastfield). */
let eastfield: Visitor;
let roundId: string;
let statements: Array<{ id: string; key: string; themeKey: string }>;
let key: string;
let page: string;

// Small real files of each kind, and some that only pretend to be one ---------------------------

const pdf = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4b00000000049454e44ae426082', 'hex');
const jpeg = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');
const windowsProgram = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90), Buffer.from('This program cannot be run in DOS mode.')]);

/** A stored (uncompressed) zip holding the given files, as Word and Excel files are. */
function zip(entries: Array<[name: string, text: string]>): Buffer {
  const parts: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of entries) {
    const data = Buffer.from(text);
    const fileName = Buffer.from(name);
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    parts.push(local, fileName, data);
    directory.push(central, fileName);
    offset += 30 + fileName.length + data.length;
  }
  const centralDirectory = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralDirectory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, centralDirectory, end]);
}

const contentTypes = (main: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="${main}"/></Types>`;
const docx = zip([
  ['[Content_Types].xml', contentTypes('application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml')],
  ['word/document.xml', '<w:document/>'],
]);

// Helpers --------------------------------------------------------------------------------------

interface Sent {
  kind?: string;
  title?: string;
  link?: string;
  file?: { data: Buffer; name: string; type?: string };
}

/** Sends the add form as a browser does: token, kind, title, link, then the file box (empty when no file). */
async function add(visitor: Visitor, statementKey: string, sent: Sent, { round = roundId, tokenFrom }: { round?: string; tokenFrom?: string } = {}) {
  const url = `/assessments/${round}/evidence/${statementKey}`;
  const form = new FormData();
  form.append('_csrf', csrfTokenIn((await visitor.get(tokenFrom ?? url)).body));
  if (sent.kind) form.append('kind', sent.kind);
  form.append('title', sent.title ?? '');
  form.append('link', sent.link ?? '');
  if (sent.file) form.append('file', new Blob([sent.file.data as BlobPart], { type: sent.file.type ?? 'application/pdf' }), sent.file.name);
  else form.append('file', new Blob([]), '');
  return visitor.postMultipart(url, form);
}

const evidenceRows = () => context.database.db.selectFrom('statement_evidence').selectAll().where('round_id', '=', roundId).orderBy('created_at').execute();
const attachmentCount = async () => (await context.database.db.selectFrom('evidence_attachments').select('id').execute()).length;
const auditOf = (action: string) =>
  context.database.db.selectFrom('audit_events').select(['action', 'record_id', 'summary', 'actor_user_id']).where('action', '=', action).orderBy('id').execute();
const fileLinks = (html: string) => [...html.matchAll(/href="(\/assessments\/[^"]+\/files\/[^"]+)"/g)].map((match) => match[1] as string);
const removeLinks = (html: string) => [...html.matchAll(/href="(\/assessments\/[^"]+\/items\/[^"]+\/remove)"/g)].map((match) => match[1] as string);
/** The part of the page under one kind's heading. */
function section(html: string, kind: string): string {
  const start = html.indexOf(`id="${kind}"`);
  const next = ['process', 'numerical', 'lived_experience', 'add'].map((id) => html.indexOf(`id="${id}"`, start + 1)).filter((index) => index > start);
  return html.slice(start, next.length ? Math.min(...next) : undefined);
}

async function insertRound(status: RoundStatus, title: string, partnership: 'northmoor' | 'eastfield' = 'northmoor') {
  const db = context.database.db;
  const template = await db.selectFrom('assessment_templates').select('id').orderBy('created_at').executeTakeFirstOrThrow();
  const round = await db
    .insertInto('assessment_rounds')
    .values({
      partnership_id: context.demo.partnershipIds[partnership],
      template_id: template.id,
      title,
      status,
      starts_on: '2027-01-04',
      responses_due_on: '2027-02-26',
      created_by: context.demo.userIds[partnership === 'northmoor' ? 'lead@northmoor.example' : 'peer@eastfield.example'] as string,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return round.id;
}

beforeAll(async () => {
  context = await createTestContext();
  statements = await context.database.db
    .selectFrom('template_statements')
    .innerJoin('template_themes', 'template_themes.id', 'template_statements.theme_id')
    .innerJoin('assessment_templates', 'assessment_templates.id', 'template_statements.template_id')
    .select(['template_statements.id', 'template_statements.key', 'template_themes.key as themeKey'])
    .orderBy('assessment_templates.created_at')
    .orderBy('template_themes.position')
    .orderBy('template_statements.position')
    .execute();
  key = statements[0]?.key as string;
  roundId = await insertRound('open', 'Evidence test round');
  page = `/assessments/${roundId}/evidence/${key}`;
  lead = await signedInVisitor(context, 'lead@northmoor.example');
  contributor = await signedInVisitor(context, 'contributor@northmoor.example');
  viewer = await signedInVisitor(context, 'viewer@northmoor.example');
  peer = await signedInVisitor(context, 'peer@eastfield.example');
  const switched = await peer.submit('/partnerships/switch', '/partnerships/switch', { partnershipId: context.demo.partnershipIds.northmoor });
  expect(switched.statusCode).toBe(302);
  eastfield = await signedInVisitor(context, 'peer@eastfield.example');
});
afterAll(async () => context.close());

describe('evidence on a statement', () => {
  it('starts with the three kinds, each saying it has nothing yet, and a form to add some', async () => {
    const response = await lead.get(page);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain(`Evidence for ${key}`);
    for (const heading of ['Process evidence', 'Numerical evidence', 'Lived experience evidence']) expect(response.body).toContain(heading);
    expect(response.body).toContain('No process evidence has been added yet.');
    expect(response.body).toContain('No lived experience evidence has been added yet.');
    expect(response.body).toContain('enctype="multipart/form-data"');
    expect(response.body).toContain('name="kind" type="radio" value="lived_experience"');
  });

  it('adds process evidence with a link and a PDF, lists it and sends the same file back', async () => {
    const added = await add(lead, key, {
      kind: 'process',
      title: 'Funding panel terms of reference, 2026',
      link: 'https://www.example.org/panel?version=3&draft=no',
      file: { data: pdf, name: 'C:\\Users\\lead\\Panel: terms?.pdf' },
    });
    expect(added.statusCode).toBe(302);
    expect(added.headers.location).toBe(`${page}#process`);
    const [row] = await evidenceRows();
    expect(row).toMatchObject({ kind: 'process', title: 'Funding panel terms of reference, 2026', link: 'https://www.example.org/panel?version=3&draft=no', version: 1 });
    const stored = await context.database.db.selectFrom('evidence_attachments').selectAll().where('id', '=', row?.attachment_id as string).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ file_name: 'Panel terms.pdf', content_type: 'application/pdf', size_bytes: pdf.length });
    expect(stored.sha256).toMatch(/^[0-9a-f]{64}$/);

    const listed = await lead.get(page);
    expect(listed.body).toContain('has been added');
    const process = section(listed.body, 'process');
    expect(process).toContain('Funding panel terms of reference, 2026');
    expect(process).toContain('href="https://www.example.org/panel?version=3&amp;draft=no"');
    expect(process).toContain('Panel terms.pdf');
    expect(process).toContain(`(PDF, ${pdf.length} bytes)`);
    expect(section(listed.body, 'numerical')).toContain('No numerical evidence has been added yet.');

    const [href] = fileLinks(process);
    const download = await viewer.get(href as string);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toBe(`attachment; filename="Panel terms.pdf"; filename*=UTF-8''Panel%20terms.pdf`);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.from(download.rawPayload).equals(pdf)).toBe(true);
  });

  it('lets a contributor add numerical evidence with a Word document and lived experience with an image or a note alone', async () => {
    expect((await add(contributor, key, { kind: 'numerical', title: 'Quarterly starts table', file: { data: docx, name: 'starts.docx', type: 'application/octet-stream' } })).statusCode).toBe(302);
    expect((await add(contributor, key, { kind: 'lived_experience', title: 'Photo of the feedback wall', file: { data: jpeg, name: 'wall.jpeg', type: 'image/jpeg' } })).statusCode).toBe(302);
    expect((await add(contributor, key, { kind: 'lived_experience', title: 'Preparation group said visits before admission helped' })).statusCode).toBe(302);
    // The name's ending follows the content: a PNG called .pdf is kept as a PNG.
    expect((await add(lead, key, { kind: 'lived_experience', title: 'Survey chart', file: { data: png, name: 'survey.pdf' } })).statusCode).toBe(302);

    const body = (await viewer.get(page)).body;
    expect(section(body, 'numerical')).toContain('starts.docx');
    expect(section(body, 'numerical')).toContain('(Word document,');
    const lived = section(body, 'lived_experience');
    expect(lived).toContain('wall.jpeg');
    expect(lived).toContain('Preparation group said visits before admission helped');
    expect(lived).toContain('survey.pdf.png');
    expect(lived).toContain('(PNG image,');

    const types = await context.database.db.selectFrom('evidence_attachments').select(['file_name', 'content_type']).orderBy('created_at').execute();
    expect(types.map((row) => row.content_type)).toEqual([
      'application/pdf',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'image/jpeg',
      'image/png',
    ]);
    const download = await peer.get(fileLinks(section(body, 'numerical'))[0] as string);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  });

  it('refuses a program or a text file named .pdf by its content, keeping what was typed', async () => {
    const before = await attachmentCount();
    const rowsBefore = (await evidenceRows()).length;
    for (const file of [
      { data: windowsProgram, name: 'protocol.pdf' },
      { data: Buffer.from('Just some text pretending to be a PDF'), name: 'notes.pdf' },
      { data: zip([['readme.txt', 'not a Word document']]), name: 'pathway.docx' },
    ]) {
      const refused = await add(lead, key, { kind: 'process', title: 'Pathway protocol typed by the lead', link: 'https://www.example.org/protocol', file });
      expect(refused.statusCode, file.name).toBe(400);
      expect(refused.body).toContain('<title>Error: ');
      expect(refused.body).toContain('The selected file must be a PDF, a Word document (.docx or .doc), or a PNG or JPEG image');
      expect(refused.body).toContain('href="#file"');
      expect(refused.body).toContain('Pathway protocol typed by the lead');
      expect(refused.body).toContain('value="https://www.example.org/protocol"');
      expect(refused.body).toMatch(/value="process" checked/);
    }
    expect(await attachmentCount()).toBe(before);
    expect((await evidenceRows()).length).toBe(rowsBefore);
  });

  it('refuses a file over 5 MB with a clear message and stores nothing', async () => {
    const before = await attachmentCount();
    const rowsBefore = (await evidenceRows()).length;
    const big = Buffer.concat([pdf, Buffer.alloc(5 * 1024 * 1024, 0x20)]);
    const refused = await add(lead, key, { kind: 'numerical', title: 'A very large report', file: { data: big, name: 'report.pdf' } });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('The selected file must be smaller than 5 MB');
    expect(refused.body).toContain('A very large report');
    expect(await attachmentCount()).toBe(before);
    expect((await evidenceRows()).length).toBe(rowsBefore);
  });

  it('explains a missing kind and title and a link that is not https', async () => {
    const rowsBefore = (await evidenceRows()).length;
    const refused = await add(lead, key, { title: '  ', link: 'http://www.example.org/protocol' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Select the kind of evidence');
    expect(refused.body).toContain('Enter a title or short note for the evidence');
    expect(refused.body).toContain('Enter a link that starts with https://');
    expect(refused.body).toContain('value="http://www.example.org/protocol"');
    const script = await add(lead, key, { kind: 'process', title: 'Link test', link: 'javascript:alert(1)' });
    expect(script.statusCode).toBe(400);
    expect(script.body).not.toContain('href="javascript:');
    expect((await evidenceRows()).length).toBe(rowsBefore);
  });

  it('lets viewers and peer reviewers read and download but not add or remove', async () => {
    const rowsBefore = (await evidenceRows()).length;
    for (const reader of [viewer, peer]) {
      const response = await reader.get(page);
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('Funding panel terms of reference, 2026');
      expect(response.body).not.toContain('Add evidence');
      expect(removeLinks(response.body)).toEqual([]);
      const refused = await add(reader, key, { kind: 'process', title: 'Should not be kept' }, { tokenFrom: '/account' });
      expect(refused.statusCode).toBe(403);
    }
    const [first] = await evidenceRows();
    const remove = `${page}/items/${first?.id}/remove`;
    expect((await viewer.get(remove)).statusCode).toBe(403);
    expect((await viewer.post(remove, { _csrf: csrfTokenIn((await viewer.get('/account')).body), version: '1' })).statusCode).toBe(403);
    expect((await evidenceRows()).length).toBe(rowsBefore);
  });

  it('is not found for another partnership: page, file, form and removal', async () => {
    const [first] = await evidenceRows();
    const file = `${page}/files/${first?.attachment_id}`;
    expect((await eastfield.get(page)).statusCode).toBe(404);
    expect((await eastfield.get(file)).statusCode).toBe(404);
    expect((await eastfield.get(`${page}/items/${first?.id}/remove`)).statusCode).toBe(404);
    const token = csrfTokenIn((await eastfield.get('/account')).body);
    expect((await eastfield.post(`${page}/items/${first?.id}/remove`, { _csrf: token, version: '1' })).statusCode).toBe(404);
    expect((await add(eastfield, key, { kind: 'process', title: 'Planted' }, { tokenFrom: '/account' })).statusCode).toBe(404);
    // Through one of their own rounds, another partnership's file is still not found.
    const own = await insertRound('open', 'Eastfield’s own round', 'eastfield');
    expect((await eastfield.get(`/assessments/${own}/evidence/${key}`)).statusCode).toBe(200);
    expect((await eastfield.get(`/assessments/${own}/evidence/${key}/files/${first?.attachment_id}`)).statusCode).toBe(404);
    expect((await eastfield.get(`/assessments/${own}/evidence/${key}/items/${first?.id}/remove`)).statusCode).toBe(404);
    // The file belongs to its own statement: another statement's address does not reach it.
    expect((await lead.get(`/assessments/${roundId}/evidence/${statements[1]?.key}/files/${first?.attachment_id}`)).statusCode).toBe(404);
    expect((await lead.get(`/assessments/${roundId}/evidence/NOPE-99`)).statusCode).toBe(404);
    expect((await evidenceRows()).map((row) => row.title)).not.toContain('Planted');
  });

  it('lets a contributor remove only their own evidence, after a confirmation that changes nothing', async () => {
    const rows = await evidenceRows();
    const leads = rows.find((row) => row.title === 'Funding panel terms of reference, 2026');
    const theirs = rows.find((row) => row.title === 'Quarterly starts table');
    const contributorPage = (await contributor.get(page)).body;
    expect(removeLinks(contributorPage)).toContain(`${page}/items/${theirs?.id}/remove`);
    expect(removeLinks(contributorPage)).not.toContain(`${page}/items/${leads?.id}/remove`);
    const token = csrfTokenIn(contributorPage);
    expect((await contributor.get(`${page}/items/${leads?.id}/remove`)).statusCode).toBe(403);
    expect((await contributor.post(`${page}/items/${leads?.id}/remove`, { _csrf: token, version: '1' })).statusCode).toBe(403);

    const confirm = await contributor.get(`${page}/items/${theirs?.id}/remove`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Are you sure you want to remove this evidence?');
    expect((await evidenceRows()).length).toBe(rows.length);
    const attachments = await attachmentCount();
    const removed = await contributor.post(`${page}/items/${theirs?.id}/remove`, hiddenFieldsIn(confirm.body));
    expect(removed.statusCode).toBe(302);
    expect((await evidenceRows()).map((row) => row.id)).not.toContain(theirs?.id);
    // Its file goes with it.
    expect(await attachmentCount()).toBe(attachments - 1);
    expect((await contributor.get(page)).body).toContain('“Quarterly starts table” has been removed');
  });

  it('lets the lead remove anyone’s evidence, and tells the second of two people removing it at once', async () => {
    const item = (await evidenceRows()).find((row) => row.title === 'Photo of the feedback wall');
    const remove = `${page}/items/${item?.id}/remove`;
    const first = await lead.get(remove);
    const second = await contributor.get(remove);
    expect((await lead.post(remove, hiddenFieldsIn(first.body))).statusCode).toBe(302);
    const late = await contributor.post(remove, hiddenFieldsIn(second.body));
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain('This evidence has already been removed by someone else');
    expect((await evidenceRows()).map((row) => row.id)).not.toContain(item?.id);
    expect((await lead.get(remove)).statusCode).toBe(404);
  });

  it('records every addition and removal in the audit trail', async () => {
    const added = await auditOf('statement_evidence_added');
    expect(added).toHaveLength(5);
    expect(added[0]?.summary).toBe(`Added process evidence “Funding panel terms of reference, 2026” to ${key} in “Evidence test round” with the file Panel terms.pdf (${pdf.length} bytes)`);
    expect(added[0]?.actor_user_id).toBe(context.demo.userIds['lead@northmoor.example']);
    const removed = await auditOf('statement_evidence_removed');
    expect(removed.map((entry) => entry.summary)).toEqual([
      `Removed numerical evidence “Quarterly starts table” from ${key} in “Evidence test round” with its file`,
      `Removed lived experience evidence “Photo of the feedback wall” from ${key} in “Evidence test round” with its file`,
    ]);
    expect(removed[1]?.actor_user_id).toBe(context.demo.userIds['lead@northmoor.example']);
  });

  it('shows an "Evidence" line with the count beside each statement where partners answer and agree', async () => {
    const count = (await evidenceRows()).length;
    const theme = await contributor.get(`/assessments/${roundId}/themes/${statements[0]?.themeKey}`);
    expect(theme.body).toContain(`href="${page}">${count} items<span class="govuk-visually-hidden"> for ${key}</span></a>`);
    expect(theme.body).toContain(`href="/assessments/${roundId}/evidence/${statements[1]?.key}">none added yet`);
    await context.database.db.updateTable('assessment_rounds').set({ status: 'agreeing' }).where('id', '=', roundId).execute();
    const agree = await lead.get(`/assessments/${roundId}/agree/${key}`);
    expect(agree.body).toContain(`href="${page}">${count} items`);
    // Evidence can still be gathered while answers are agreed.
    expect((await add(lead, key, { kind: 'numerical', title: 'Added while agreeing' })).statusCode).toBe(302);
  });

  it('is read-only once the round is in peer review or signed off', async () => {
    const closed = await insertRound('peer_review', 'Closed evidence round');
    const url = `/assessments/${closed}/evidence/${key}`;
    const response = await lead.get(url);
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toContain('Add evidence');
    expect(response.body).toContain('evidence cannot be added or removed now');
    const refused = await add(lead, key, { kind: 'process', title: 'Too late' }, { round: closed });
    expect(refused.statusCode).toBe(302);
    expect((await lead.get(url)).body).toContain('Evidence can only be added or removed while the round is open');
    expect(await context.database.db.selectFrom('statement_evidence').select('id').where('round_id', '=', closed).execute()).toEqual([]);
    const review = await peer.get(`/assessments/${closed}/peer-review`);
    expect(review.body).toContain(`href="${url}">none added yet`);
  });

  it('accepts a file just under the limit, streamed in whole', async () => {
    const other = await insertRound('open', 'Large file round');
    const nearly = Buffer.concat([pdf, Buffer.alloc(5 * 1024 * 1024 - pdf.length - 1, 0x20)]);
    const added = await add(lead, key, { kind: 'numerical', title: 'Annual pathway report', file: { data: nearly, name: 'annual.pdf' } }, { round: other });
    expect(added.statusCode).toBe(302);
    const body = (await viewer.get(`/assessments/${other}/evidence/${key}`)).body;
    expect(body).toContain('annual.pdf');
    expect(body).toContain('(PDF, 5.0 MB)');
    const download = await viewer.get(fileLinks(body)[0] as string);
    expect(download.rawPayload.length).toBe(nearly.length);
  });
});
