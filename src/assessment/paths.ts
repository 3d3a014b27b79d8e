/** Every address in the assessment toolkit, built in one place. */
export const assessmentPaths = {
  list: () => '/assessments',
  start: () => '/assessments/new',
  round: (roundId: string) => `/assessments/${roundId}`,
  edit: (roundId: string) => `/assessments/${roundId}/edit`,
  status: (roundId: string) => `/assessments/${roundId}/status`,
  closeResponses: (roundId: string) => `/assessments/${roundId}/close-responses`,
  sendForPeerReview: (roundId: string) => `/assessments/${roundId}/send-for-peer-review`,
  partners: (roundId: string) => `/assessments/${roundId}/partners`,
  participant: (roundId: string, participantId: string) => `/assessments/${roundId}/partners/${participantId}`,
  theme: (roundId: string, themeKey: string) => `/assessments/${roundId}/themes/${themeKey}`,
  agreeList: (roundId: string) => `/assessments/${roundId}/agree`,
  agree: (roundId: string, statementKey: string) => `/assessments/${roundId}/agree/${statementKey}`,
  evidence: (roundId: string, statementKey: string) => `/assessments/${roundId}/evidence/${statementKey}`,
  priorities: (roundId: string) => `/assessments/${roundId}/priorities`,
  actions: (roundId: string) => `/assessments/${roundId}/actions`,
  newAction: (roundId: string) => `/assessments/${roundId}/actions/new`,
  action: (roundId: string, actionId: string) => `/assessments/${roundId}/actions/${actionId}`,
  editAction: (roundId: string, actionId: string) => `/assessments/${roundId}/actions/${actionId}/edit`,
  actionsCsv: (roundId: string) => `/assessments/${roundId}/actions.csv`,
  reviews: (roundId: string) => `/assessments/${roundId}/reviews`,
  newReview: (roundId: string) => `/assessments/${roundId}/reviews/new`,
  review: (roundId: string, meetingId: string) => `/assessments/${roundId}/reviews/${meetingId}`,
  peerReview: (roundId: string) => `/assessments/${roundId}/peer-review`,
  results: (roundId: string) => `/assessments/${roundId}/results`,
  report: (roundId: string) => `/assessments/${roundId}/report`,
  workbook: (roundId: string) => `/assessments/${roundId}/export.xlsx`,
  templates: () => '/admin/templates',
  importTemplate: () => '/admin/templates/import',
};

/** The action plan's priorities and actions. */
export const planPaths = {
  priority: (roundId: string, priorityId: string) => `/assessments/${roundId}/priorities/${priorityId}`,
  movePriority: (roundId: string, priorityId: string) => `/assessments/${roundId}/priorities/${priorityId}/move`,
  deletePriority: (roundId: string, priorityId: string) => `/assessments/${roundId}/priorities/${priorityId}/delete`,
  actionUpdates: (roundId: string, actionId: string) => `/assessments/${roundId}/actions/${actionId}/updates`,
  deleteAction: (roundId: string, actionId: string) => `/assessments/${roundId}/actions/${actionId}/delete`,
};

/** A statement's evidence: its attachments and removing an item. */
export const evidencePaths = {
  page: (roundId: string, statementKey: string) => assessmentPaths.evidence(roundId, statementKey),
  file: (roundId: string, statementKey: string, attachmentId: string) => `${assessmentPaths.evidence(roundId, statementKey)}/files/${attachmentId}`,
  remove: (roundId: string, statementKey: string, evidenceId: string) => `${assessmentPaths.evidence(roundId, statementKey)}/items/${evidenceId}/remove`,
};

/** Changing and deleting one of the plan's review meetings. */
export const meetingPaths = {
  edit: (roundId: string, meetingId: string) => `/assessments/${roundId}/reviews/${meetingId}/edit`,
  delete: (roundId: string, meetingId: string) => `/assessments/${roundId}/reviews/${meetingId}/delete`,
};

/** The pages below the peer review page. */
export const peerReviewPaths = {
  overview: (roundId: string) => assessmentPaths.peerReview(roundId),
  statement: (roundId: string, statementKey: string) => `${assessmentPaths.peerReview(roundId)}#statement-${statementKey}`,
  overallComment: (roundId: string) => `${assessmentPaths.peerReview(roundId)}/comments/new`,
  statementComment: (roundId: string, statementKey: string) => `${assessmentPaths.peerReview(roundId)}/statements/${statementKey}/comments/new`,
  comment: (roundId: string, commentId: string) => `${assessmentPaths.peerReview(roundId)}/comments/${commentId}`,
  reply: (roundId: string, commentId: string) => `${assessmentPaths.peerReview(roundId)}/comments/${commentId}/reply`,
  decision: (roundId: string) => `${assessmentPaths.peerReview(roundId)}/decision`,
};

/** The question bank administrators' downloads. */
export const templatePaths = {
  exampleWorkbook: () => '/admin/templates/example.xlsx',
  exampleJson: () => '/admin/templates/example.json',
  download: (templateId: string) => `/admin/templates/${templateId}/download.xlsx`,
};
