import type { TemplateDefinition } from '../src/assessment/templates/template-schema.js';

/** A short question bank, so a browser test can take one round all the way to sign-off. */
export const shortQuestionBank: TemplateDefinition = {
  key: 'e2e-short-bank',
  version: '1',
  title: 'Short question bank for browser tests',
  description: 'Two themes of two statements each.',
  themes: [
    {
      key: 'getting-in',
      title: 'Getting into treatment',
      description: 'How people are found and referred.',
      statements: [
        { key: 'GET-01', text: 'Keyworkers raise residential treatment at every care-plan review.', goodLooksLike: 'Reviews record the discussion.', evidence: ['Audit of care plans'], measures: [] },
        { key: 'GET-02', text: 'Funding decisions are made within ten working days.', goodLooksLike: 'Most decisions are quick.', evidence: ['Panel log'], measures: [{ measure: 'days_to_funding_decision', inPlace: 14, partly: 28 }] },
      ],
    },
    {
      key: 'getting-out',
      title: 'Leaving safely',
      description: 'Aftercare and discharge.',
      statements: [
        { key: 'OUT-01', text: 'An aftercare plan is agreed before admission.', goodLooksLike: 'Every admission has a plan.', evidence: ['Pre-admission checklist'], measures: [{ measure: 'aftercare_before_admission', inPlace: 90, partly: 60 }] },
        { key: 'OUT-02', text: 'Referrers hear about unplanned discharges the same day.', goodLooksLike: 'Notifications are logged.', evidence: ['Notification log'], measures: [] },
      ],
    },
  ],
};
