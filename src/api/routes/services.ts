import type { Kysely } from 'kysely';
import type { PathwayService } from '../../pathway/index.js';
import type { Database } from '../../platform/db/schema.js';
import type { ApiTokenService } from '../token-service.js';

/** What the API's routes are given from the composition root. */
export interface ApiServices {
  db: Kysely<Database>;
  now: () => Date;
  pathway: PathwayService;
  apiTokens: ApiTokenService;
}
