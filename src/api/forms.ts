import { z } from 'zod';
import { requiredText, tickedChoices } from '../platform/web/fields.js';
import { apiScopes, expiryChoices } from './token-rules.js';

/** The form a lead commissioner makes an API token with. */
export const newTokenForm = z.object({
  name: requiredText('Enter a name for the token', 100, 'Name must be 100 characters or fewer'),
  scopes: tickedChoices(apiScopes, 'Select what the token may do').refine((scopes) => scopes.length > 0, { error: 'Select what the token may do' }),
  days: z
    .string({ error: 'Select how long the token lasts' })
    .refine((value) => (expiryChoices as readonly number[]).includes(Number(value)), { error: 'Select how long the token lasts' })
    .transform(Number),
});
