import { describe, expect, it } from 'vitest';
import type { Role, RoundStatus } from '../platform/db/schema.js';
import {
  acceptedAttachment,
  attachmentDisposition,
  attachmentKindOf,
  attachmentKinds,
  attachmentProblem,
  canAddEvidence,
  canRemoveEvidence,
  fileSizeText,
  linkProblem,
  maximumAttachmentBytes,
  storedFileName,
} from './evidence-rules.js';

const cfbSignature = Buffer.from('d0cf11e0a1b11ae1', 'hex');
/** The start of an old-style Office file whose directory names the given stream. */
const compoundFile = (stream: string) => Buffer.concat([cfbSignature, Buffer.alloc(504), Buffer.from(stream, 'utf16le'), Buffer.alloc(100)]);

describe('which files may be attached, by their first bytes', () => {
  it('accepts PDF, PNG and JPEG content whatever the file is called', async () => {
    expect(await attachmentKindOf(Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n'))).toBe(attachmentKinds.pdf);
    expect(await attachmentKindOf(Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex'))).toBe(attachmentKinds.png);
    expect(await attachmentKindOf(Buffer.from('ffd8ffe000104a4649460001', 'hex'))).toBe(attachmentKinds.jpeg);
  });

  it('refuses programs, scripts, plain text and empty files', async () => {
    expect(await attachmentKindOf(Buffer.from('MZ\x90\x00\x03\x00\x00\x00'))).toBeNull();
    expect(await attachmentKindOf(Buffer.from('\x7fELF\x02\x01\x01'))).toBeNull();
    expect(await attachmentKindOf(Buffer.from('#!/bin/sh\nrm -rf /\n'))).toBeNull();
    expect(await attachmentKindOf(Buffer.from('<html><script>alert(1)</script></html>'))).toBeNull();
    expect(await attachmentKindOf(Buffer.alloc(0))).toBeNull();
  });

  it('accepts Word documents but not macro-enabled ones, spreadsheets or other zips', () => {
    const data = Buffer.from('PK');
    expect(acceptedAttachment({ mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' }, data)).toBe(attachmentKinds.docx);
    expect(acceptedAttachment({ mime: 'application/vnd.ms-word.document.macroenabled.12' }, data)).toBeNull();
    expect(acceptedAttachment({ mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }, data)).toBeNull();
    expect(acceptedAttachment({ mime: 'application/zip' }, data)).toBeNull();
  });

  it('accepts an old-style Office file only when it holds a Word document', async () => {
    expect(await attachmentKindOf(compoundFile('WordDocument'))).toBe(attachmentKinds.doc);
    expect(await attachmentKindOf(compoundFile('Workbook'))).toBeNull();
  });
});

describe('what is wrong with a chosen file', () => {
  it('names an empty file, one too large and one of the wrong kind', () => {
    expect(attachmentProblem(0, null)).toBe('The selected file is empty');
    expect(attachmentProblem(maximumAttachmentBytes + 1, attachmentKinds.pdf)).toBe('The selected file must be smaller than 5 MB');
    expect(attachmentProblem(100, null)).toBe('The selected file must be a PDF, a Word document (.docx or .doc), or a PNG or JPEG image');
    expect(attachmentProblem(maximumAttachmentBytes, attachmentKinds.pdf)).toBeNull();
  });
});

describe('file names', () => {
  it('keeps the person’s name without folders or unsafe characters, ending as its content is', () => {
    expect(storedFileName('C:\\Users\\me\\Panel protocol.pdf', attachmentKinds.pdf)).toBe('Panel protocol.pdf');
    expect(storedFileName('../../etc/passwd', attachmentKinds.pdf)).toBe('passwd.pdf');
    expect(storedFileName('photo.JPEG', attachmentKinds.jpeg)).toBe('photo.JPEG');
    expect(storedFileName('chart.pdf', attachmentKinds.png)).toBe('chart.pdf.png');
    expect(storedFileName('..hidden', attachmentKinds.pdf)).toBe('hidden.pdf');
    expect(storedFileName('a\u0000b"c<d>?.pdf', attachmentKinds.pdf)).toBe('abcd.pdf');
    expect(storedFileName('', attachmentKinds.doc)).toBe('evidence.doc');
    expect(storedFileName(`${'x'.repeat(300)}.pdf`, attachmentKinds.pdf)).toHaveLength(200);
  });

  it('is sent as an attachment with a plain name and the full name encoded', () => {
    expect(attachmentDisposition('Panel protocol.pdf')).toBe(`attachment; filename="Panel protocol.pdf"; filename*=UTF-8''Panel%20protocol.pdf`);
    expect(attachmentDisposition('Café’s notes (v2).docx')).toBe(`attachment; filename="Cafe_s notes _v2_.docx"; filename*=UTF-8''Caf%C3%A9%E2%80%99s%20notes%20%28v2%29.docx`);
  });

  it('gives sizes as people read them', () => {
    expect(fileSizeText(512)).toBe('512 bytes');
    expect(fileSizeText(2048)).toBe('2 KB');
    expect(fileSizeText(1.25 * 1024 * 1024)).toBe('1.3 MB');
  });
});

describe('links', () => {
  it('accepts https addresses only', () => {
    expect(linkProblem('https://www.example.org/pathway?version=2#part')).toBeNull();
    expect(linkProblem('http://www.example.org/')).toBe('Enter a link that starts with https://');
    expect(linkProblem('javascript:alert(1)')).toBe('Enter a link that starts with https://');
    expect(linkProblem('www.example.org')).toBe('Enter a link that starts with https://');
    expect(linkProblem('https://example')).toMatch(/^Enter the link in the correct format/);
    expect(linkProblem('https://www.example.org/a b')).toMatch(/^Enter the link in the correct format/);
    expect(linkProblem('https://someone:secret@www.example.org/')).toBe('Link must not include a user name or password');
    expect(linkProblem(`https://www.example.org/${'a'.repeat(500)}`)).toBe('Link must be 500 characters or fewer');
  });
});

describe('who may add and remove evidence, and when', () => {
  const statuses: RoundStatus[] = ['draft', 'open', 'agreeing', 'peer_review', 'signed_off'];
  const roles: Role[] = ['lead_commissioner', 'contributor', 'peer_reviewer', 'viewer', 'pathway_staff'];

  it('lets the lead and contributors add while the round is open or agreeing, and nobody else', () => {
    const allowed = statuses.flatMap((status) => roles.filter((role) => canAddEvidence(status, role)).map((role) => `${status}:${role}`));
    expect(allowed).toEqual(['open:lead_commissioner', 'open:contributor', 'agreeing:lead_commissioner', 'agreeing:contributor']);
  });

  it('lets the lead remove anyone’s evidence and a contributor only their own', () => {
    expect(canRemoveEvidence('open', 'lead_commissioner', 'lead', 'someone-else')).toBe(true);
    expect(canRemoveEvidence('agreeing', 'contributor', 'me', 'me')).toBe(true);
    expect(canRemoveEvidence('open', 'contributor', 'me', 'someone-else')).toBe(false);
    expect(canRemoveEvidence('peer_review', 'lead_commissioner', 'lead', 'lead')).toBe(false);
    expect(canRemoveEvidence('open', 'viewer', 'me', 'me')).toBe(false);
  });
});
