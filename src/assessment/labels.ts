import type { ActionPurpose, ActionStatus, Judgement, PeerDecision, Rating, RoundStatus } from '../platform/db/schema.js';
import type { ProgressStatus } from '../insight/index.js';
import type { Tag } from '../platform/web/tags.js';

// One map per status: its words and its GOV.UK tag colour, used on every page and export.

export const ratingTags: Record<Rating, Tag> = {
  in_place: { text: 'In place', classes: 'govuk-tag--green' },
  partly: { text: 'Partly in place', classes: 'govuk-tag--yellow' },
  not_in_place: { text: 'Not in place', classes: 'govuk-tag--red' },
  dont_know: { text: 'Don’t know', classes: 'govuk-tag--grey' },
  not_applicable: { text: 'Not applicable', classes: 'govuk-tag--grey' },
};

export const ratingHints: Record<Rating, string> = {
  in_place: 'This happens consistently and you could show evidence of it',
  partly: 'Some of it happens, or it happens only sometimes',
  not_in_place: 'This does not happen',
  dont_know: 'You do not have enough knowledge to say',
  not_applicable: 'This does not apply to your area',
};

export const roundStatusTags: Record<RoundStatus, Tag> = {
  draft: { text: 'Draft', classes: 'govuk-tag--grey' },
  open: { text: 'Open for responses', classes: 'govuk-tag--blue' },
  agreeing: { text: 'Agreeing answers', classes: 'govuk-tag--purple' },
  peer_review: { text: 'In peer review', classes: 'govuk-tag--orange' },
  signed_off: { text: 'Signed off', classes: 'govuk-tag--green' },
};

export const judgementTags: Record<Judgement, Tag> = {
  strength: { text: 'Strength', classes: 'govuk-tag--green' },
  concern: { text: 'Concern', classes: 'govuk-tag--red' },
  neither: { text: 'Neither', classes: 'govuk-tag--grey' },
};

export const actionStatusTags: Record<ActionStatus, Tag> = {
  not_started: { text: 'Not started', classes: 'govuk-tag--grey' },
  in_progress: { text: 'In progress', classes: 'govuk-tag--blue' },
  done: { text: 'Done', classes: 'govuk-tag--green' },
  blocked: { text: 'Blocked', classes: 'govuk-tag--red' },
};

export const actionPurposeLabels: Record<ActionPurpose, string> = {
  address_concern: 'Address a concern',
  maintain_strength: 'Maintain a strength',
};

export const peerDecisionTags: Record<PeerDecision, Tag> = {
  signed_off: { text: 'Signed off', classes: 'govuk-tag--green' },
  changes_requested: { text: 'Changes requested', classes: 'govuk-tag--orange' },
};

export const overdueTag: Tag = { text: 'Overdue', classes: 'govuk-tag--red' };

/** An action's progress to its target, judged from its measure's live figure. */
export const progressTags: Record<ProgressStatus, Tag> = {
  met: { text: 'Met', classes: 'govuk-tag--green' },
  on_track: { text: 'On track', classes: 'govuk-tag--turquoise' },
  off_track: { text: 'Off track', classes: 'govuk-tag--red' },
  no_figure: { text: 'No figure', classes: 'govuk-tag--grey' },
};
