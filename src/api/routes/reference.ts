import type { FastifyPluginAsync } from 'fastify';
import { apiRequestsPerMinute } from './limits.js';
import { problemTypeUri, type problemKinds } from '../problems.js';
import { scopeLabels } from '../token-rules.js';

interface Operation {
  method: string;
  path: string;
  summary?: string;
  description?: string;
  security?: unknown[];
}

type OpenApiDocument = { paths?: Record<string, Record<string, Operation>> };

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/** Text with `code` in backticks (as OpenAPI descriptions are written) as safe HTML. */
export function withCodeSpans(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

/** The operations of the generated document, in its order, for the reference page. */
export function operationsOf(document: OpenApiDocument): Operation[] {
  return Object.entries(document.paths ?? {}).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ ...operation, method: method.toUpperCase(), path })),
  );
}

/**
 * The OpenAPI document and a page that reads it: server-rendered, with no script of its own,
 * so it passes the content security policy and works without JavaScript.
 */
export function referenceRoutes(kinds: typeof problemKinds): FastifyPluginAsync {
  return async (api) => {
    api.get('/openapi.json', { schema: { hide: true } }, async () => api.swagger());

    api.get('/reference', { schema: { hide: true } }, async (_request, reply) => {
      const document = api.swagger() as OpenApiDocument;
      return reply.render('api/views/reference.njk', {
        pageTitle: 'API reference',
        operations: operationsOf(document).map((operation) => ({
          ...operation,
          descriptionHtml: operation.description ? withCodeSpans(operation.description) : null,
          anchor: `${operation.method}-${operation.path}`.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
        })),
        scopes: Object.entries(scopeLabels).map(([scope, label]) => ({ scope, ...label })),
        problems: Object.entries(kinds)
          .map(([kind, details]) => ({ kind, anchor: problemTypeUri(kind as keyof typeof kinds).split('#')[1], ...details, explanationHtml: withCodeSpans(details.explanation) }))
          .sort((a, b) => a.status - b.status),
        requestsPerMinute: apiRequestsPerMinute,
      });
    });
  };
}
