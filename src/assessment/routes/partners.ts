import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { partnerTypeLabel, partnerTypeOptions } from '../../accounts/index.js';
import { requireRole } from '../../platform/auth/context.js';
import type { Database } from '../../platform/db/schema.js';
import { notFound, recordId } from '../../platform/web/errors.js';
import { formErrors, validateForm } from '../../platform/web/forms.js';
import { roundForRequest } from '../access.js';
import { participantEditForm, participantForm } from '../forms/rounds.js';
import { assessmentPaths as paths } from '../paths.js';
import * as repository from '../repository.js';
import { partnerCoverage } from '../rules.js';
import type { AssessmentService } from '../service.js';

export function partnerRoutes(app: FastifyInstance, db: Kysely<Database>, assessments: AssessmentService) {
  const leadOnly = requireRole('lead_commissioner');

  async function partnersPage(request: Parameters<typeof roundForRequest>[1], values: Record<string, unknown>, extra: Record<string, unknown> = {}) {
    const { round, membership } = await roundForRequest(db, request);
    const participants = await repository.listParticipants(db, membership.partnershipId, round.id);
    const coverage = partnerCoverage(participants.map((participant) => ({ partnerType: participant.partner_type, hasAuthority: participant.has_authority, knowsPathway: participant.knows_pathway })));
    return {
      pageTitle: 'Partners taking part',
      round,
      coverage,
      participants: participants.map((participant) => ({
        ...participant,
        partnerTypeLabel: partnerTypeLabel(participant.partner_type),
        href: paths.participant(round.id, participant.id),
        isYou: participant.membership_id === membership.membershipId,
      })),
      isLead: membership.role === 'lead_commissioner',
      values,
      partnerTypeOptions: partnerTypeOptions(values.partnerType),
      paths,
      ...extra,
    };
  }

  app.get('/assessments/:roundId/partners', async (request, reply) => {
    return reply.render('assessment/views/partners.njk', await partnersPage(request, {}));
  });

  app.post('/assessments/:roundId/partners', { preHandler: leadOnly }, async (request, reply) => {
    const { round, membership, userId } = await roundForRequest(db, request);
    const form = validateForm(participantForm, request.body);
    if (!form.ok) return reply.code(400).render('assessment/views/partners.njk', await partnersPage(request, form.values, { errors: form.errors }));
    const result = await assessments.addParticipant(membership.partnershipId, { userId, requestId: request.id }, round.id, { membershipId: null, ...form.data });
    if (!result.ok) return reply.code(400).render('assessment/views/partners.njk', await partnersPage(request, form.values, { errors: formErrors([[result.field, result.problem]]) }));
    request.session.flash = `${form.data.organisation} has been added.`;
    return reply.redirect(paths.partners(round.id));
  });

  async function loadParticipant(request: Parameters<typeof roundForRequest>[1]) {
    const access = await roundForRequest(db, request);
    const participantId = recordId((request.params as Record<string, unknown>).participantId);
    const participant = await repository.findParticipant(db, access.membership.partnershipId, participantId);
    if (!participant || participant.round_id !== access.round.id) throw notFound();
    // The lead manages everyone; a member may update their own entry.
    const mayEdit = access.membership.role === 'lead_commissioner' || participant.membership_id === access.membership.membershipId;
    if (!mayEdit) throw notFound();
    return { ...access, participant };
  }

  const editPage = (loaded: Awaited<ReturnType<typeof loadParticipant>>, values: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    pageTitle: `Change ${loaded.participant.name}’s details`,
    round: loaded.round,
    participant: loaded.participant,
    isLead: loaded.membership.role === 'lead_commissioner',
    values,
    partnerTypeOptions: partnerTypeOptions(values.partnerType),
    paths,
    ...extra,
  });

  app.get('/assessments/:roundId/partners/:participantId', async (request, reply) => {
    const loaded = await loadParticipant(request);
    const { participant } = loaded;
    return reply.render(
      'assessment/views/participant.njk',
      editPage(loaded, {
        name: participant.name,
        organisation: participant.organisation,
        partnerType: participant.partner_type,
        hasAuthority: participant.has_authority ? 'yes' : '',
        knowsPathway: participant.knows_pathway ? 'yes' : '',
        version: participant.version,
      }),
    );
  });

  app.post('/assessments/:roundId/partners/:participantId', async (request, reply) => {
    const loaded = await loadParticipant(request);
    const body = request.body as Record<string, unknown>;
    if (body.remove === 'yes' && loaded.membership.role === 'lead_commissioner') {
      const removed = await assessments.removeParticipant(loaded.membership.partnershipId, { userId: loaded.userId, requestId: request.id }, loaded.participant.id, Number(body.version));
      if (removed.ok) {
        request.session.flash = `${loaded.participant.organisation} has been removed from this round.`;
        return reply.redirect(paths.partners(loaded.round.id));
      }
      request.session.problem = removed.problem;
      return reply.redirect(paths.participant(loaded.round.id, loaded.participant.id));
    }
    const form = validateForm(participantEditForm, body);
    if (!form.ok) return reply.code(400).render('assessment/views/participant.njk', editPage(loaded, form.values, { errors: form.errors }));
    const { version, ...changes } = form.data;
    const result = await assessments.updateParticipant(loaded.membership.partnershipId, { userId: loaded.userId, requestId: request.id }, loaded.participant.id, version, changes);
    if (!result.ok) {
      const latest = await loadParticipant(request);
      return reply.code(409).render('assessment/views/participant.njk', editPage(latest, { ...form.values, version: latest.participant.version }, { errors: formErrors([[result.field, result.problem]]) }));
    }
    request.session.flash = 'The details have been saved.';
    return reply.redirect(paths.partners(loaded.round.id));
  });
}
