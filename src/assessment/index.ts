// What other capabilities, the composition root and the demo data may use of the self-assessment.
export { assessmentNavigation } from './navigation.js';
export { type EvidenceService, createEvidenceService } from './evidence-service.js';
export { recordAgreedFigures } from './linked-figures.js';
export { type PlanService, createPlanService } from './plan-service.js';
export { type ReviewService, createReviewService } from './review-service.js';
export { assessmentRoutes } from './routes/index.js';
export { type AssessmentService, createAssessmentService } from './service.js';
export { builtInQuestionBanks } from './templates/store.js';
export { type AgreedRatingCount, agreedRatingCounts } from './shared-figures-repository.js';
export { assessmentHomeTasks, peerReviewHomeTasks, questionBankHomeTasks } from './home-tasks.js';
