import crypto from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { recordAudit } from '../platform/audit/audit.js';
import { hashPassword } from '../platform/auth/passwords.js';
import { createEmbeddedDatabase, createPostgresDatabase } from '../platform/db/connect.js';
import { prepareDatabase } from '../prepare-database.js';
import { emailAddress } from '../platform/web/fields.js';
import { findUserByEmail, insertUser, oneTimePasswordExpiry, oneTimePasswordValidDays } from '../accounts/index.js';

// npm run create-admin -- --email someone@example.org [--name "Their Name"]
const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' } } });
const email = emailAddress.safeParse(values.email ?? '');
if (!email.success) {
  console.error('Give the new administrator’s email address: npm run create-admin -- --email name@example.org');
  process.exit(1);
}

const config = loadConfig();
const database = config.databaseUrl ? createPostgresDatabase(config.databaseUrl, { poolSize: 2, statementTimeoutMs: 0 }) : await createEmbeddedDatabase(config.dataDir);
try {
  await prepareDatabase(database.db);
  if (await findUserByEmail(database.db, email.data)) {
    console.error(`An account for ${email.data} already exists.`);
    process.exitCode = 1;
  } else {
    const password = crypto.randomBytes(18).toString('base64url');
    const passwordHash = await hashPassword(password);
    await database.db.transaction().execute(async (trx) => {
      const user = await insertUser(trx, {
        email: email.data,
        displayName: values.name ?? 'Administrator',
        passwordHash,
        isAdmin: true,
        oneTimePasswordExpiresAt: oneTimePasswordExpiry(new Date()),
      });
      await recordAudit(trx, {
        partnershipId: null,
        actorUserId: null,
        action: 'administrator_created',
        recordType: 'user',
        recordId: user.id,
        summary: 'Administrator created from the command line',
      });
    });
    console.log(
      `Administrator created: ${email.data}\nOne-time password: ${password}\n` +
        `It works for ${oneTimePasswordValidDays} days. Signing in with it asks for a new password before anything else.`,
    );
  }
} finally {
  await database.close();
}
