import type { Kysely } from 'kysely';
import { recordAudit } from '../platform/audit/audit.js';
import type { Database } from '../platform/db/schema.js';
import type { Actor } from '../platform/values/outcome.js';
import { findProvidersByName, insertImportedServices, insertProviders, servicesOfProviders } from './service-import-repository.js';
import { alreadyInDirectory, type ImportedService, providerNamesIn } from './service-import-rules.js';

export const plural = (count: number, word: string, plurals = `${word}s`) => `${count.toLocaleString('en-GB')} ${count === 1 ? word : plurals}`;

/** Why a good file could not be stored after all. */
class Refused extends Error {
  constructor(readonly problems: string[]) {
    super('refused');
  }
}

export type ServiceImportResult = { ok: true; added: number; newProviders: number } | { ok: false; problems: string[] };

/**
 * Stores the services of a file that readServicesCsv accepted, adding the providers the directory
 * does not have yet. One transaction, so a file is imported whole or not at all.
 */
export async function importServices(db: Kysely<Database>, actor: Actor, file: { services: ImportedService[]; filename: string }): Promise<ServiceImportResult> {
  const { services, filename } = file;
  const providerNames = providerNamesIn(services);
  try {
    const result = await db.transaction().execute(async (trx) => {
      const existingProviders = await findProvidersByName(trx, providerNames);
      const existingServices = await servicesOfProviders(trx, [...existingProviders.values()].map((provider) => provider.id));
      const clashes = alreadyInDirectory(services, existingServices);
      if (clashes.length) throw new Refused(clashes);

      const providerIds = new Map([...existingProviders].map(([key, provider]) => [key, provider.id]));
      const newNames = providerNames.filter((name) => !existingProviders.has(name.toLowerCase()));
      for (const [key, id] of await insertProviders(trx, newNames)) providerIds.set(key, id);
      const added = await insertImportedServices(trx, services, providerIds);

      await recordAudit(trx, {
        partnershipId: null,
        actorUserId: actor.userId,
        action: 'services_imported',
        recordType: 'service',
        recordId: null,
        summary: `Imported ${plural(added, 'service')} from the file ${filename.slice(0, 120) || 'without a name'}: ${plural(providerNames.length, 'provider')} named, ${newNames.length.toLocaleString('en-GB')} of them new to the directory`,
        requestId: actor.requestId,
      });
      return { added, newProviders: newNames.length };
    });
    return { ok: true, ...result };
  } catch (error) {
    if (error instanceof Refused) return { ok: false, problems: error.problems };
    // Another administrator added one of the same providers at the same moment.
    if ((error as { code?: string }).code === '23505') {
      return { ok: false, problems: ['Someone else added one of the file’s providers to the directory while it was being imported. Nothing has been imported: upload the file again'] };
    }
    throw error;
  }
}
