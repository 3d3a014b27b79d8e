import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { currentMembership, requireRole } from '../../platform/auth/context.js';
import type { Database } from '../../platform/db/schema.js';
import { validateForm } from '../../platform/web/forms.js';
import { pagination } from '../../platform/web/pagination.js';
import { auditFilterQuery } from '../forms.js';
import * as repository from '../repository.js';

const pageSize = 50;

export function auditActionLabel(action: string): string {
  const text = action.replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function auditRoutes(app: FastifyInstance, db: Kysely<Database>) {
  app.get('/audit', { preHandler: requireRole('lead_commissioner') }, async (request, reply) => {
    const { partnershipId } = currentMembership(request);
    const query = validateForm(auditFilterQuery, request.query);
    const filter = query.ok ? query.data : { page: 1 };
    const [result, facets] = await Promise.all([
      repository.listAuditEvents(
        db,
        partnershipId,
        query.ok ? { action: query.data.action, recordType: query.data.recordType, actorUserId: query.data.actor, from: query.data.from ?? undefined, to: query.data.to ?? undefined } : {},
        filter.page,
        pageSize,
      ),
      repository.listAuditFacets(db, partnershipId),
    ]);
    const values = (query.ok ? query.data : query.values) as Record<string, unknown>;
    return reply.code(query.ok ? 200 : 400).render('accounts/views/audit.njk', {
      pageTitle: 'Audit log',
      events: result.rows.map((row) => ({ ...row, actionLabel: auditActionLabel(row.action) })),
      total: result.total,
      values,
      errors: query.ok ? undefined : query.errors,
      actionOptions: [{ value: '', text: 'Any action' }, ...facets.actions.map((action) => ({ value: action, text: auditActionLabel(action), selected: action === values.action }))],
      recordTypeOptions: [{ value: '', text: 'Any record' }, ...facets.recordTypes.map((type) => ({ value: type, text: auditActionLabel(type), selected: type === values.recordType }))],
      actorOptions: [{ value: '', text: 'Anyone' }, ...facets.actors.map((actor) => ({ value: actor.id, text: actor.display_name, selected: actor.id === values.actor }))],
      pagination: pagination('/audit', request.query as Record<string, unknown>, filter.page, pageSize, result.total),
    });
  });
}
