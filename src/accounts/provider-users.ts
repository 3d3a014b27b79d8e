import crypto from 'node:crypto';
import { hashPassword } from '../platform/auth/passwords.js';
import type { Executor } from '../platform/db/executor.js';
import * as repository from './repository.js';
import { oneTimePasswordExpiry } from './rules.js';

/**
 * What the directory needs of people's accounts to give someone a provider account: find the
 * person, or make their account with a one-time password that expires and must be replaced at
 * the first sign-in. Only accounts writes users.
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

/** A new one-time password and its hash; hashing is slow, so callers do it before their transaction. */
export async function newOneTimePassword(): Promise<{ password: string; passwordHash: string }> {
  const password = crypto.randomBytes(18).toString('base64url');
  return { password, passwordHash: await hashPassword(password) };
}

export async function createProviderUser(trx: Executor, person: { email: string; name: string }, passwordHash: string, now: Date): Promise<PersonAccount> {
  const inserted = await repository.insertUser(trx, { email: person.email, displayName: person.name, passwordHash, oneTimePasswordExpiresAt: oneTimePasswordExpiry(now) });
  const user = await findPersonByEmail(trx, inserted.email);
  if (!user) throw new Error('The new account could not be read back');
  return user;
}
