import type { FastifyPluginAsync } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { AccountsService } from '../service.js';
import { accountRoutes } from './account.js';
import { analystRoutes } from './analysts.js';
import { auditRoutes } from './audit.js';
import { partnershipRoutes } from './partnerships.js';
import { peopleRoutes } from './people.js';

export interface AccountRouteServices {
  db: Kysely<Database>;
  now: () => Date;
  accounts: AccountsService;
}

/** Signing in, a person's own account, the partnership's people and audit log, and the administrators' partnership and analyst pages. */
export function accountsRoutes({ db, now, accounts }: AccountRouteServices): FastifyPluginAsync {
  return async (app) => {
    accountRoutes(app, accounts);
    peopleRoutes(app, db, accounts, now);
    auditRoutes(app, db);
    partnershipRoutes(app, db, accounts);
    analystRoutes(app, db, accounts, now);
  };
}
