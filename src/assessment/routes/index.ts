import type { FastifyPluginAsync } from 'fastify';
import type { Kysely } from 'kysely';
import { guardAll, requireAdmin, requireSignIn } from '../../platform/auth/context.js';
import type { Database } from '../../platform/db/schema.js';
import type { EvidenceService } from '../evidence-service.js';
import type { PlanService } from '../plan-service.js';
import type { ReviewService } from '../review-service.js';
import type { AssessmentService } from '../service.js';
import { agreeingRoutes } from './agreeing.js';
import { evidenceRoutes } from './evidence.js';
import { exportRoutes } from './exports.js';
import { partnerRoutes } from './partners.js';
import { peerReviewRoutes } from './peer-review.js';
import { actionPlanRoutes } from './plan.js';
import { responseRoutes } from './responses.js';
import { resultsRoutes } from './results.js';
import { roundRoutes } from './rounds.js';
import { templateRoutes } from './templates.js';

export interface AssessmentRouteServices {
  db: Kysely<Database>;
  now: () => Date;
  assessments: AssessmentService;
  plans: PlanService;
  peerReviews: ReviewService;
  evidence: EvidenceService;
}

/** Every page of the self-assessment toolkit; each page then checks the role its work needs. */
export function assessmentRoutes({ db, now, assessments, plans, peerReviews, evidence }: AssessmentRouteServices): FastifyPluginAsync {
  return async (app) => {
    guardAll(app, requireSignIn);
    roundRoutes(app, db, assessments, now);
    partnerRoutes(app, db, assessments);
    responseRoutes(app, db, assessments, now);
    agreeingRoutes(app, db, assessments, now);
    evidenceRoutes(app, db, evidence);
    peerReviewRoutes(app, db, peerReviews, now);
    resultsRoutes(app, db, now);
    actionPlanRoutes(app, db, plans, now);
    exportRoutes(app, db, now);
    app.register(async (administrators) => {
      guardAll(administrators, requireAdmin());
      templateRoutes(administrators, db);
    });
  };
}
