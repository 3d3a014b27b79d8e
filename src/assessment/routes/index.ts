import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { AssessmentService } from '../service.js';
import { agreeingRoutes } from './agreeing.js';
import { exportRoutes } from './exports.js';
import { partnerRoutes } from './partners.js';
import { peerReviewRoutes } from './peer-review.js';
import { actionPlanRoutes } from './plan.js';
import { responseRoutes } from './responses.js';
import { resultsRoutes } from './results.js';
import { roundRoutes } from './rounds.js';
import { templateRoutes } from './templates.js';

export interface AssessmentRouteDependencies {
  db: Kysely<Database>;
  assessments: AssessmentService;
  now: () => Date;
}

/** Every page of the self-assessment toolkit. */
export function assessmentRoutes(app: FastifyInstance, { db, assessments, now }: AssessmentRouteDependencies) {
  roundRoutes(app, db, assessments, now);
  partnerRoutes(app, db, assessments);
  responseRoutes(app, db, assessments);
  agreeingRoutes(app, db, assessments);
  peerReviewRoutes(app, db, now);
  resultsRoutes(app, db);
  actionPlanRoutes(app, db, now);
  exportRoutes(app, db, now);
  templateRoutes(app, db);
}
