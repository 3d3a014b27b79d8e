import type { EvidenceKind, Role, RoundStatus } from '../platform/db/schema.js';

/**
 * The rules for a partnership's evidence on a statement: its three kinds, who may add and
 * remove it when, which links are accepted, and which files may be attached, judged by their
 * content alone.
 */

// The three kinds ------------------------------------------------------------------------------

export const evidenceKindText: Record<EvidenceKind, { heading: string; label: string; hint: string; emptyText: string; inSentence: string }> = {
  process: {
    heading: 'Process evidence',
    label: 'Process',
    hint: 'How the pathway is meant to work: a protocol, a pathway document, terms of reference, a checklist.',
    emptyText: 'No process evidence has been added yet.',
    inSentence: 'process',
  },
  numerical: {
    heading: 'Numerical evidence',
    label: 'Numerical',
    hint: 'Figures that show how the pathway works in practice: a report, a table, a summary of the numbers.',
    emptyText: 'No numerical evidence has been added yet.',
    inSentence: 'numerical',
  },
  lived_experience: {
    heading: 'Lived experience evidence',
    label: 'Lived experience',
    hint: 'What people who used the pathway, or their families, said about it: feedback, a survey, notes from a group.',
    emptyText: 'No lived experience evidence has been added yet.',
    inSentence: 'lived experience',
  },
};

// Who may do what, when ------------------------------------------------------------------------

/** Evidence is gathered while partners answer and while the lead agrees the answers. */
const gatheringStatuses: ReadonlySet<RoundStatus> = new Set(['open', 'agreeing']);

export function canAddEvidence(status: RoundStatus, role: Role): boolean {
  return gatheringStatuses.has(status) && (role === 'lead_commissioner' || role === 'contributor');
}

/** The lead may remove any evidence; a contributor only what they added themselves. */
export function canRemoveEvidence(status: RoundStatus, role: Role, userId: string, addedBy: string): boolean {
  if (!canAddEvidence(status, role)) return false;
  return role === 'lead_commissioner' || addedBy === userId;
}

export const evidenceClosedProblem = 'Evidence can only be added or removed while the round is open for responses or answers are being agreed.';

// Links ----------------------------------------------------------------------------------------

export const maximumLinkLength = 500;

/** What is wrong with a link someone typed, or null when it is a usable https address. */
export function linkProblem(value: string): string | null {
  if (value.length > maximumLinkLength) return `Link must be ${maximumLinkLength} characters or fewer`;
  const format = 'Enter the link in the correct format, like https://www.example.org/pathway-protocol';
  if (!/^https:\/\//i.test(value)) return 'Enter a link that starts with https://';
  if (/\s/.test(value) || !URL.canParse(value)) return format;
  const url = new URL(value);
  if (url.protocol !== 'https:' || !url.hostname.includes('.') || url.hostname.startsWith('.') || url.hostname.endsWith('.')) return format;
  // A link with a user name or password in it would show them to everyone who can read the page.
  if (url.username || url.password) return 'Link must not include a user name or password';
  return null;
}

// Attachments ----------------------------------------------------------------------------------

export const maximumAttachmentBytes = 5 * 1024 * 1024;
export const maximumAttachmentText = '5 MB';

export interface AttachmentKind {
  contentType: string;
  /** File name endings that may stand for this kind; the first is added when the name has none of them. */
  extensions: readonly [string, ...string[]];
  /** What people call it, in the list of evidence. */
  label: string;
}

export const attachmentKinds = {
  pdf: { contentType: 'application/pdf', extensions: ['pdf'], label: 'PDF' },
  docx: { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extensions: ['docx'], label: 'Word document' },
  doc: { contentType: 'application/msword', extensions: ['doc'], label: 'Word document' },
  png: { contentType: 'image/png', extensions: ['png'], label: 'PNG image' },
  jpeg: { contentType: 'image/jpeg', extensions: ['jpg', 'jpeg'], label: 'JPEG image' },
} as const satisfies Record<string, AttachmentKind>;

export const attachmentKindsText = 'a PDF, a Word document (.docx or .doc), or a PNG or JPEG image';

/** The stream every Word 97–2003 document holds, as its name is written in the file's directory (UTF-16). */
const wordDocumentStream = Buffer.from('WordDocument', 'utf16le');

/**
 * The kind of file that `detected` (file-type's reading of the first bytes) and the content
 * show, if it is one that may be attached. Older Word files share their container with Excel,
 * PowerPoint and Outlook files, so the container must also hold a Word document stream.
 * Macro-enabled Word files (.docm) are not accepted.
 */
export function acceptedAttachment(detected: { mime: string } | undefined, data: Uint8Array): AttachmentKind | null {
  switch (detected?.mime) {
    case 'application/pdf':
      return attachmentKinds.pdf;
    case attachmentKinds.docx.contentType:
      return attachmentKinds.docx;
    case 'application/x-cfb':
      return Buffer.from(data.buffer, data.byteOffset, data.byteLength).includes(wordDocumentStream) ? attachmentKinds.doc : null;
    case 'image/png':
      return attachmentKinds.png;
    case 'image/jpeg':
      return attachmentKinds.jpeg;
    default:
      return null;
  }
}

/** Reads the file's own bytes to find its kind; the name and the browser's word for it are not trusted. */
export async function attachmentKindOf(data: Uint8Array): Promise<AttachmentKind | null> {
  if (data.length === 0) return null;
  // Loaded with the first attachment rather than with the service.
  const { fileTypeFromBuffer } = await import('file-type');
  return acceptedAttachment(await fileTypeFromBuffer(data), data);
}

/** What is wrong with a chosen file's content, or null when it may be attached. */
export function attachmentProblem(size: number, kind: AttachmentKind | null): string | null {
  if (size === 0) return 'The selected file is empty';
  if (size > maximumAttachmentBytes) return `The selected file must be smaller than ${maximumAttachmentText}`;
  if (!kind) return `The selected file must be ${attachmentKindsText}`;
  return null;
}

const maximumFileNameLength = 200;

/**
 * The name a file is kept and sent under: the person's own name without any folder, control
 * characters or characters that are unsafe in a file name, ending in one of its kind's endings.
 */
export function storedFileName(original: string, kind: AttachmentKind): string {
  const withoutFolders = original.split(/[\\/]/).pop() ?? '';
  let name = withoutFolders
    .normalize('NFC')
    .replace(/[\u0000-\u001F\u007F"*:<>?|]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '');
  const extension = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
  const ending = kind.extensions.includes(extension as never) ? '' : `.${kind.extensions[0]}`;
  if (!name) name = 'evidence';
  const room = maximumFileNameLength - ending.length;
  return `${Array.from(name).slice(0, room).join('')}${ending}`;
}

/**
 * The Content-Disposition header for a download: always an attachment, never shown in the
 * browser, with a plain ASCII name for old browsers and the full name for the others.
 */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9._ -]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** A file's size as people read it: 850 KB, 1.2 MB. */
export function fileSizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
