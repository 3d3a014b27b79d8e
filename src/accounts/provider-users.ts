import type { Executor } from '../platform/db/executor.js';
import * as repository from './repository.js';

/**
 * What the directory needs of people's accounts to give someone a provider account: find the
 * person who already has one. Someone without an account is invited by a link instead (see
 * provider-invitations.ts). Only accounts writes users.
 */

export interface PersonAccount {
  id: string;
  email: string;
  displayName: string;
}

export async function findPersonByEmail(db: Executor, email: string): Promise<PersonAccount | null> {
  const user = await repository.findUserByEmail(db, email);
  return user ? { id: user.id, email: user.email, displayName: user.display_name } : null;
}
