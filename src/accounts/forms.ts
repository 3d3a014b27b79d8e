import { z } from 'zod';
import { roles } from '../platform/db/schema.js';
import { choice, dateField, emailAddress, newPassword, optionalText, requiredText, searchText, text } from '../platform/web/fields.js';
import { partnerTypeValues } from './partner-types.js';
import { regions } from './regions.js';

export const signInForm = z.object({
  email: text('Email address', 'Enter your email address').trim().min(1, { error: 'Enter your email address' }).max(254, { error: 'Enter your email address' }),
  password: z.string({ error: 'Enter your password' }).min(1, { error: 'Enter your password' }).max(200, { error: 'Enter your password' }),
  returnTo: z.string().optional(),
});

export const changePasswordForm = z
  .object({
    currentPassword: z.string({ error: 'Enter your current password' }).min(1, { error: 'Enter your current password' }),
    newPassword,
    confirmPassword: z.string().default(''),
  })
  .refine((values) => values.newPassword === values.confirmPassword, { path: ['confirmPassword'], error: 'The passwords do not match' });

export const newPasswordForm = z
  .object({ newPassword, confirmPassword: z.string().default('') })
  .refine((values) => values.newPassword === values.confirmPassword, { path: ['confirmPassword'], error: 'The passwords do not match' });

export const acceptInvitationForm = z
  .object({
    displayName: requiredText('Enter your full name', 100, 'Name must be 100 characters or fewer'),
    password: newPassword,
    confirmPassword: z.string().default(''),
  })
  .refine((values) => values.password === values.confirmPassword, { path: ['confirmPassword'], error: 'The passwords do not match' });

const membershipFields = {
  role: choice(roles, 'Select a role'),
  organisation: optionalText(150, 'Organisation must be 150 characters or fewer'),
  partnerType: z
    .union([z.literal(''), z.enum(partnerTypeValues)], { error: 'Select a partner type from the list' })
    .optional()
    .transform((value) => (value ? value : null)),
};

function contributorsNeedAnOrganisation<T extends { role: string; organisation: string | null; partnerType: string | null }>(
  values: T,
  context: z.RefinementCtx,
) {
  if (values.role !== 'contributor') return;
  if (!values.organisation) context.addIssue({ code: 'custom', path: ['organisation'], message: 'Enter the organisation this contributor works for' });
  if (!values.partnerType) context.addIssue({ code: 'custom', path: ['partnerType'], message: 'Select the type of partner organisation' });
}

export const inviteForm = z.object({ email: emailAddress, ...membershipFields }).superRefine(contributorsNeedAnOrganisation);

export const membershipForm = z
  .object({ ...membershipFields, version: z.coerce.number().int().min(1) })
  .superRefine(contributorsNeedAnOrganisation);

export const versionForm = z.object({ version: z.coerce.number().int().min(1) });

export const partnershipForm = z.object({
  name: requiredText('Enter the partnership’s name', 120, 'Name must be 120 characters or fewer'),
  onsCode: z
    .string()
    .trim()
    .toUpperCase()
    .optional()
    .transform((value) => (value ? value : null))
    .refine((value) => value === null || /^E0[6-9]\d{6}$/.test(value), {
      error: 'Enter the area code in the correct format, like E08000035, or leave it blank',
    }),
  region: choice(regions, 'Select the region'),
});

/** The scope an analyst compares: all of England, or one region. */
export const englandScope = 'England';

export const analystForm = z.object({
  displayName: requiredText('Enter the analyst’s full name', 100, 'Name must be 100 characters or fewer'),
  email: emailAddress,
  scope: choice([englandScope, ...regions], 'Select England or the region the analyst works on').transform((scope) => (scope === englandScope ? null : scope)),
});

export const switchPartnershipForm = z.object({
  partnershipId: z.uuid({ error: 'Select a partnership' }),
});

export const auditFilterQuery = z
  .object({
    action: searchText(60, 'Select an action from the list'),
    recordType: searchText(60, 'Select a type of record from the list'),
    actor: z.union([z.literal(''), z.uuid()]).optional().transform((value) => value || undefined),
    from: dateField({ inSentence: 'the start of the period', asSubject: 'The start of the period' }, false),
    to: dateField({ inSentence: 'the end of the period', asSubject: 'The end of the period' }, false),
    page: z.coerce.number().int().min(1).max(100_000).optional().default(1),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, {
    path: ['to'],
    error: 'The end date must be the same as or after the start date',
  });
