import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import formats from 'ajv-formats';

// ajv-formats is CommonJS: under NodeNext its plugin is the default export's `default`.
const addFormats = formats.default;

/**
 * The vendored Open Referral UK schemas (vendor/open-referral-uk) as validators for tests.
 * The schemas name no JSON Schema draft and use only keywords draft-07 reads the same way as
 * later drafts, so ajv's default (draft-07) class is used; ajv-formats checks their `uuid`,
 * `uri`, `email` and `date-time` formats. Their tabular keys are registered as annotations so
 * that strict mode still refuses anything else it does not understand.
 */

const vendored = (file: string) => JSON.parse(readFileSync(new URL(`../vendor/open-referral-uk/${file}`, import.meta.url), 'utf8')) as Record<string, unknown>;

/** Where the profile's own OpenAPI document says the service schema lives. */
export const serviceSchemaUrl = 'https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/compiled/service.json';

const ajv = new Ajv({ strict: true, allErrors: true });
addFormats(ajv);
ajv.addVocabulary(['name', 'path', 'constraints', 'core', 'example', 'datapackage_metadata', 'datapackage_type', 'tabular_required']);
ajv.addSchema(vendored('service.json'), serviceSchemaUrl);

const openapi = vendored('openapi.json') as { components: { schemas: { Page: object } } };

/** One fully nested service: the `/services/{id}` response. */
export const validateService = ajv.getSchema(serviceSchemaUrl) as ReturnType<typeof ajv.compile>;

/** A page of fully nested services: the profile's `Page` with a `contents` list of services. */
export const validatePage = ajv.compile({
  type: 'object',
  allOf: [openapi.components.schemas.Page],
  properties: { contents: { type: 'array', items: { $ref: serviceSchemaUrl } } },
  required: ['total_items', 'total_pages', 'page_number', 'size', 'first_page', 'last_page', 'empty', 'contents'],
});

/** The validator's errors in a form a failing test shows at a glance. */
export function schemaErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((error) => `${error.instancePath || '(top)'} ${error.message ?? ''}`);
}
