import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { type Database, evidenceKinds } from '../../platform/db/schema.js';
import { forbidden, notFound, recordId } from '../../platform/web/errors.js';
import { type FormErrors, formErrors, validateForm } from '../../platform/web/forms.js';
import { inMemoryUploads, uploadProblem } from '../../platform/web/upload.js';
import { roundForRequest, type RoundAccess } from '../access.js';
import * as repository from '../evidence-repository.js';
import {
  attachmentDisposition,
  attachmentKinds,
  attachmentKindOf,
  attachmentKindsText,
  attachmentProblem,
  canAddEvidence,
  canRemoveEvidence,
  evidenceClosedProblem,
  evidenceKindText,
  fileSizeText,
  maximumAttachmentBytes,
  maximumAttachmentText,
  storedFileName,
} from '../evidence-rules.js';
import { type EvidenceService, type NewAttachment, notYoursProblem } from '../evidence-service.js';
import { evidenceFields as fields, evidenceForm, removeEvidenceForm } from '../forms/evidence.js';
import { assessmentPaths as paths, evidencePaths, peerReviewPaths } from '../paths.js';
import { templateStructure, type TemplateStatement, type TemplateTheme } from '../repository.js';

const view = (name: string) => `assessment/views/evidence/${name}.njk`;
const uploads = inMemoryUploads('evidence file');
const typeLabels = new Map<string, string>(Object.values(attachmentKinds).map((kind) => [kind.contentType, kind.label]));

type Loaded = RoundAccess & { theme: TemplateTheme; statement: TemplateStatement };

/**
 * The "Evidence" line each statement shows on the answering, agreeing and peer review pages:
 * where its evidence is and how many items it has, keyed by statement key.
 */
export async function evidenceSummaries(db: Kysely<Database>, partnershipId: string, roundId: string, statements: ReadonlyArray<{ id: string; key: string }>) {
  const counts = await repository.evidenceCounts(db, partnershipId, roundId);
  return Object.fromEntries(
    statements.map((statement) => {
      const count = counts.get(statement.id) ?? 0;
      return [statement.key, { href: paths.evidence(roundId, statement.key), count, text: count === 0 ? 'none added yet' : count === 1 ? '1 item' : `${count} items` }];
    }),
  );
}

/** Adds a problem with the chosen file after the form's own, as the file box is the form's last field. */
function withFileProblem(errors: FormErrors | null, problem: string | null): FormErrors | undefined {
  if (!problem) return errors ?? undefined;
  const fileErrors = formErrors([[fields.file, problem]]);
  if (!errors) return fileErrors;
  return { fields: { ...errors.fields, ...fileErrors.fields }, summary: [...errors.summary, ...fileErrors.summary] };
}

export function evidenceRoutes(app: FastifyInstance, db: Kysely<Database>, service: EvidenceService) {
  // The round and statement are looked up before the role is checked, so another partnership always gets "not found".
  async function load(request: FastifyRequest): Promise<Loaded> {
    const access = await roundForRequest(db, request);
    const statementKey = (request.params as Record<string, unknown>).statementKey;
    const themes = await templateStructure(db, access.round.template_id);
    for (const theme of themes) {
      const statement = theme.statements.find((candidate) => candidate.key === statementKey);
      if (statement) return { ...access, theme, statement };
    }
    throw notFound();
  }

  /** Only the lead commissioner and contributors gather evidence; everyone else in the partnership reads it. */
  function mayGather(loaded: Loaded): boolean {
    return loaded.membership.role === 'lead_commissioner' || loaded.membership.role === 'contributor';
  }

  function backLink(loaded: Loaded) {
    const { round, membership, theme, statement } = loaded;
    if (membership.role === 'peer_reviewer') return { text: 'Back to the peer review', href: peerReviewPaths.statement(round.id, statement.key) };
    if (membership.role === 'contributor' || round.status === 'open') return { text: `Back to ${theme.title}`, href: paths.theme(round.id, theme.key) };
    return { text: `Back to agreeing ${statement.key}`, href: paths.agree(round.id, statement.key) };
  }

  async function page(loaded: Loaded, values: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
    const { round, membership, userId, statement } = loaded;
    const items = await repository.listEvidence(db, membership.partnershipId, round.id, statement.id);
    return {
      pageTitle: `Evidence for ${statement.key}`,
      round,
      theme: loaded.theme,
      statement,
      backLink: backLink(loaded),
      adding: canAddEvidence(round.status, membership.role),
      closed: mayGather(loaded) && !canAddEvidence(round.status, membership.role),
      itemCount: items.length,
      kinds: evidenceKinds.map((kind) => ({
        kind,
        ...evidenceKindText[kind],
        items: items
          .filter((item) => item.kind === kind)
          .map((item) => ({
            ...item,
            file:
              item.attachment_id && item.file_name
                ? {
                    href: evidencePaths.file(round.id, statement.key, item.attachment_id),
                    name: item.file_name,
                    description: `${typeLabels.get(item.content_type ?? '') ?? 'File'}, ${fileSizeText(item.size_bytes ?? 0)}`,
                  }
                : null,
            removeHref: canRemoveEvidence(round.status, membership.role, userId, item.created_by) ? evidencePaths.remove(round.id, statement.key, item.id) : null,
          })),
      })),
      kindOptions: evidenceKinds.map((kind) => ({ value: kind, text: evidenceKindText[kind].label, hint: { text: evidenceKindText[kind].hint }, checked: values.kind === kind })),
      values,
      fields,
      maximumAttachmentText,
      attachmentKindsText,
      action: paths.evidence(round.id, statement.key),
      ...extra,
    };
  }

  app.get('/assessments/:roundId/evidence/:statementKey', async (request, reply) => {
    return reply.render(view('statement'), await page(await load(request)));
  });

  app.get('/assessments/:roundId/evidence/:statementKey/files/:attachmentId', async (request, reply) => {
    const loaded = await load(request);
    const attachmentId = recordId((request.params as Record<string, unknown>).attachmentId);
    const file = await repository.findAttachment(db, loaded.membership.partnershipId, loaded.round.id, loaded.statement.id, attachmentId);
    if (!file) throw notFound();
    return reply
      .header('content-type', file.content_type)
      .header('content-disposition', attachmentDisposition(file.file_name))
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .send(file.content);
  });

  // Adding evidence ------------------------------------------------------------------------------

  // The form sends a file, so the multipart parser is registered for this one route alone.
  app.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      limits: { fileSize: maximumAttachmentBytes, files: 1, fields: 10, fieldSize: 8192, parts: 12, headerPairs: 100 },
      throwFileSizeLimit: false,
    });

    scope.post(
      '/assessments/:roundId/evidence/:statementKey',
      {
        // Checked as soon as the request arrives, so a file from someone who may not add evidence is never read.
        onRequest: async (request) => {
          if (!mayGather(await load(request))) throw forbidden();
        },
        preValidation: uploads.read,
      },
      async (request, reply) => {
        const loaded = await load(request);
        const { round, membership, statement } = loaded;
        if (!canAddEvidence(round.status, membership.role)) {
          request.session.problem = evidenceClosedProblem;
          return reply.redirect(paths.evidence(round.id, statement.key));
        }
        const form = validateForm(evidenceForm, request.body);
        const upload = uploads.of(request);
        let attachment: NewAttachment | null = null;
        let fileProblem: string | null = null;
        if (upload.kind === 'file') {
          const kind = await attachmentKindOf(upload.data);
          fileProblem = attachmentProblem(upload.data.byteLength, kind);
          if (!fileProblem && kind) attachment = { fileName: storedFileName(upload.filename, kind), contentType: kind.contentType, data: upload.data };
        } else if (upload.kind !== 'none') {
          fileProblem = uploadProblem(upload, '', maximumAttachmentText);
        }
        if (!form.ok || fileProblem) {
          return reply.code(400).render(
            view('statement'),
            await page(loaded, form.values, { errors: withFileProblem(form.ok ? null : form.errors, fileProblem), fileNotKept: attachment !== null }),
          );
        }
        const result = await service.addEvidence(
          membership.partnershipId,
          { userId: loaded.userId, requestId: request.id },
          { role: membership.role },
          round,
          { id: statement.id, key: statement.key },
          { kind: form.data.kind, title: form.data.title, link: form.data.link, attachment },
        );
        if (!result.ok) return reply.code(400).render(view('statement'), await page(loaded, form.values, { errors: formErrors([[result.field, result.problem]]) }));
        request.session.flash = `Your ${evidenceKindText[form.data.kind].inSentence} evidence for ${statement.key} has been added.`;
        return reply.redirect(`${paths.evidence(round.id, statement.key)}#${form.data.kind}`);
      },
    );
  });

  // Removing evidence ----------------------------------------------------------------------------

  async function loadItem(request: FastifyRequest) {
    const loaded = await load(request);
    const evidenceId = recordId((request.params as Record<string, unknown>).evidenceId);
    const item = await repository.findEvidence(db, loaded.membership.partnershipId, loaded.round.id, loaded.statement.id, evidenceId);
    return { loaded, evidenceId, item };
  }

  app.get('/assessments/:roundId/evidence/:statementKey/items/:evidenceId/remove', async (request, reply) => {
    const { loaded, item } = await loadItem(request);
    if (!item) throw notFound();
    const { round, membership, userId, statement } = loaded;
    if (!mayGather(loaded)) throw forbidden();
    if (!canAddEvidence(round.status, membership.role)) {
      request.session.problem = evidenceClosedProblem;
      return reply.redirect(paths.evidence(round.id, statement.key));
    }
    if (!canRemoveEvidence(round.status, membership.role, userId, item.created_by)) throw forbidden();
    return reply.render(view('remove'), {
      pageTitle: `Remove evidence from ${statement.key}`,
      round,
      statement,
      item: { ...item, kindText: evidenceKindText[item.kind] },
      action: evidencePaths.remove(round.id, statement.key, item.id),
      cancel: paths.evidence(round.id, statement.key),
    });
  });

  app.post('/assessments/:roundId/evidence/:statementKey/items/:evidenceId/remove', async (request, reply) => {
    const { loaded, evidenceId, item } = await loadItem(request);
    const { round, membership, statement } = loaded;
    if (!mayGather(loaded)) throw forbidden();
    if (!canAddEvidence(round.status, membership.role)) {
      request.session.problem = evidenceClosedProblem;
      return reply.redirect(paths.evidence(round.id, statement.key));
    }
    const form = validateForm(removeEvidenceForm, request.body);
    const result = form.ok
      ? await service.removeEvidence(membership.partnershipId, { userId: loaded.userId, requestId: request.id }, { role: membership.role }, round, statement, evidenceId, form.data.version)
      : { ok: false as const, field: 'remove', problem: 'Reload the page and try again' };
    if (!result.ok) {
      if (result.problem === notYoursProblem) throw forbidden();
      // Removed (or changed) by someone else meanwhile: say so on the evidence page, which shows what is there now.
      const errors = { fields: {}, summary: [{ text: result.problem, href: '#evidence' }] };
      return reply.code(409).render(view('statement'), await page(loaded, {}, { errors }));
    }
    request.session.flash = `The ${evidenceKindText[item?.kind ?? 'process'].inSentence} evidence “${item?.title ?? ''}” has been removed.`;
    return reply.redirect(paths.evidence(round.id, statement.key));
  });
}
