import { z } from 'zod';
import { regions } from '../../accounts/index.js';
import { packAudiences, regulatorRatings, serviceKinds, specialisms, treatmentApproaches } from '../../platform/db/schema.js';
import { choice, dateField, emailAddress, optionalLongText, optionalText, requiredText, text, tickedChoices, versionField } from '../../platform/web/fields.js';
import { accessibilityFeatures, parsePoundsToPence } from '../directory-rules.js';

/** Forms for the directory's providers, services, information packs and provider accounts. */

export const version = versionField;

export const versionForm = z.object({ version });

const ticked = tickedChoices;

/** A web address starting http:// or https://, or nothing. */
function optionalWebAddress(what: string) {
  return optionalText(500, `${what} must be 500 characters or fewer`).refine(
    (value) => value === null || (/^https?:\/\/[^\s/$.?#][^\s]*$/i.test(value) && URL.canParse(value)),
    { error: `Enter ${what.toLowerCase()} in the correct format, starting with https://` },
  );
}

/** A whole number typed in a box, or nothing. */
function optionalWholeNumber(what: string, maximum: number, example: string) {
  return z
    .string()
    .optional()
    .transform((text, context) => {
      const trimmed = (text ?? '').trim();
      if (trimmed === '') return null;
      if (!/^\d+$/.test(trimmed)) {
        context.addIssue({ code: 'custom', message: `${what} must be a whole number, like ${example}` });
        return z.NEVER;
      }
      const value = Number(trimmed);
      if (value > maximum) {
        context.addIssue({ code: 'custom', message: `${what} must be ${maximum.toLocaleString('en-GB')} or fewer` });
        return z.NEVER;
      }
      return value;
    });
}


// Providers -------------------------------------------------------------------------------------------

export const providerForm = z.object({
  name: requiredText('Enter the provider’s name', 150, 'Name must be 150 characters or fewer'),
  website: optionalWebAddress('Website'),
});

export const providerEditForm = providerForm.extend({ version });

// Services -------------------------------------------------------------------------------------------

const postcodePattern = /^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/;

const yesNo = (message: string) => choice(['yes', 'no'] as const, message).transform((value) => value === 'yes');

const inFuture = (value: string | null, today: string) => value !== null && value > today;

/**
 * The service form. `today` keeps "last updated" and rating dates out of the future; providers
 * are the ones the person may add services for (only asked for when adding a service).
 */
export function serviceForm(options: { today: string; providerIds?: readonly string[] }) {
  const { today, providerIds } = options;
  return z
    .object({
      // Only asked for when adding a service; must be one of the person's own providers.
      providerId: z
        .string({ error: 'Select the provider' })
        .optional()
        .refine((id) => !providerIds || (id !== undefined && providerIds.includes(id)), { error: 'Select the provider' }),
      name: requiredText('Enter the name of the service', 150, 'Name must be 150 characters or fewer'),
      kind: choice(serviceKinds, 'Select the kind of service'),
      approaches: ticked(treatmentApproaches, 'Select treatment approaches from the list'),
      specialisms: ticked(specialisms, 'Select groups served from the list'),
      detoxOnSite: yesNo('Select yes if the service provides detox on site'),
      address: optionalLongText(300, 'Address'),
      town: optionalLongText(100, 'Town or city'),
      postcode: z
        .string()
        .optional()
        .transform((value) => (value ?? '').trim().toUpperCase().replace(/\s+/g, ' '))
        .refine((value) => value === '' || postcodePattern.test(value), { error: 'Enter a real postcode, like LS1 4AP' })
        .transform((value) => (value && !value.includes(' ') ? `${value.slice(0, -3)} ${value.slice(-3)}` : value)),
      region: choice(regions, 'Select the region'),
      beds: optionalWholeNumber('Number of beds', 2000, '24'),
      weeklyCost: z
        .string()
        .optional()
        .transform((text, context) => {
          const pence = parsePoundsToPence(text ?? '');
          if (pence === undefined) {
            context.addIssue({ code: 'custom', message: 'Weekly cost must be an amount in pounds, like 1250 or 1250.50' });
            return z.NEVER;
          }
          return pence;
        }),
      minimumWeeks: optionalWholeNumber('Minimum programme length', 104, '6'),
      typicalWeeks: optionalWholeNumber('Typical programme length', 104, '12'),
      waitingWeeks: optionalWholeNumber('Waiting time', 520, '3'),
      waitingUpdatedOn: dateField({ inSentence: 'the date the waiting time was checked', asSubject: 'Date the waiting time was checked' }, false),
      regulatorRating: z
        .union([z.literal(''), z.enum(regulatorRatings)], { error: 'Select the regulator rating from the list' })
        .optional()
        .transform((value) => value || null),
      ratingDate: dateField({ inSentence: 'the date of the rating', asSubject: 'Date of the rating' }, false),
      eligibility: optionalLongText(4000, 'Eligibility criteria'),
      exclusions: optionalLongText(4000, 'Exclusion criteria'),
      accessibility: ticked(accessibilityFeatures, 'Select accessibility features from the list'),
      languages: text('Languages')
        .optional()
        .transform((text) =>
          [...new Set((text ?? '').split(/[,;\n]/).map((item) => item.trim().replace(/\s+/g, ' ')).filter(Boolean))],
        )
        .refine((items) => items.length <= 20, { error: 'Enter 20 languages or fewer' })
        .refine((items) => items.every((item) => item.length <= 40), { error: 'Each language must be 40 characters or fewer' }),
    })
    .superRefine((values, context) => {
      if (values.minimumWeeks !== null && values.typicalWeeks !== null && values.typicalWeeks < values.minimumWeeks) {
        context.addIssue({ code: 'custom', path: ['typicalWeeks'], message: 'Typical programme length must be the same as or longer than the minimum' });
      }
      if (values.waitingWeeks !== null && values.waitingUpdatedOn === null) {
        context.addIssue({ code: 'custom', path: ['waitingUpdatedOn'], message: 'Enter the date the waiting time was checked' });
      }
      if (inFuture(values.waitingUpdatedOn, today)) {
        context.addIssue({ code: 'custom', path: ['waitingUpdatedOn'], message: 'Date the waiting time was checked must be today or in the past' });
      }
      if (values.regulatorRating && values.regulatorRating !== 'not_rated' && values.ratingDate === null) {
        context.addIssue({ code: 'custom', path: ['ratingDate'], message: 'Enter the date of the rating' });
      }
      if (inFuture(values.ratingDate, today)) {
        context.addIssue({ code: 'custom', path: ['ratingDate'], message: 'Date of the rating must be today or in the past' });
      }
    });
}

// Information packs ----------------------------------------------------------------------------------

export const packForm = z.object({
  audience: choice(packAudiences, 'Select who the pack is for'),
  title: requiredText('Enter the title of the pack', 150, 'Title must be 150 characters or fewer'),
  link: optionalWebAddress('Link'),
  reviewOn: dateField({ inSentence: 'the date the pack is next due for review', asSubject: 'Review date' }, true),
});

export const packEditForm = packForm.extend({ version });

// Provider accounts -----------------------------------------------------------------------------------

export const providerAccountForm = z.object({
  name: requiredText('Enter the person’s full name', 100, 'Name must be 100 characters or fewer'),
  email: emailAddress,
});
