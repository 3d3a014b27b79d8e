import type { Kysely, Transaction } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.js';
import type { Database } from '../../platform/db/schema.js';
import type { Actor } from '../../platform/values/outcome.js';
import { type AreaPeriod, insertImport, insertRevisions, replaceFigures, setImportCounts, storedFigures, upsertAreas } from './repository.js';
import { areaPeriodKey, type PublishedArea, type PublishedFigure, revisionsOf } from './rules.js';

export const plural = (count: number, word: string, plurals = `${word}s`) => `${count.toLocaleString('en-GB')} ${count === 1 ? word : plurals}`;

export interface ImportCounts {
  figures: number;
  added: number;
  changed: number;
  removed: number;
}

export interface PublishedImport {
  /** The lead commissioner's partnership, or null for an administrator's import. */
  partnershipId: string | null;
  source: string;
  dataAsOf: string;
  fileName: string;
  figures: readonly PublishedFigure[];
  areas: readonly PublishedArea[];
  /** When it was imported: now, unless the demo data says otherwise. */
  importedAt?: Date;
}

/** The areas and periods a file holds figures for: what its import replaces. */
export function areaPeriodsOf(figures: readonly PublishedFigure[]): AreaPeriod[] {
  const found = new Map<string, AreaPeriod>();
  for (const figure of figures) {
    const key = areaPeriodKey(figure.areaCode, figure.period);
    if (!found.has(key)) found.set(key, { areaCode: figure.areaCode, period: figure.period });
  }
  return [...found.values()];
}

/**
 * Stores a file of figures that readFiguresRecords accepted. For each area and period in the
 * file, the figures stored for it are replaced by the file's, and every figure added, changed
 * or removed is written down as a revision of this import. One transaction with its audit
 * event, so the import happens whole or not at all.
 */
export async function importPublishedFigures(db: Kysely<Database>, actor: Actor, file: PublishedImport): Promise<{ importId: string } & ImportCounts> {
  return db.transaction().execute((trx) => storePublishedFigures(trx, actor, file));
}

/** importPublishedFigures within a transaction the caller holds (the demo data's). */
export async function storePublishedFigures(trx: Transaction<Database>, actor: Actor, file: PublishedImport): Promise<{ importId: string } & ImportCounts> {
  const importId = await insertImport(trx, {
    partnershipId: file.partnershipId,
    importedBy: actor.userId,
    source: file.source,
    dataAsOf: file.dataAsOf,
    fileName: file.fileName.slice(0, 200),
    createdAt: file.importedAt,
  });
  // First, so that another import of the same areas waits for this one to finish.
  await upsertAreas(trx, file.areas);
  const areaPeriods = areaPeriodsOf(file.figures);
  const revisions = revisionsOf(await storedFigures(trx, areaPeriods), file.figures);
  await replaceFigures(trx, importId, areaPeriods, file.figures);
  await insertRevisions(trx, importId, revisions);
  const counts: ImportCounts = {
    figures: file.figures.length,
    added: revisions.filter((revision) => revision.change === 'added').length,
    changed: revisions.filter((revision) => revision.change === 'changed').length,
    removed: revisions.filter((revision) => revision.change === 'removed').length,
  };
  await setImportCounts(trx, importId, counts);
  await recordAudit(trx, {
    partnershipId: file.partnershipId,
    actorUserId: actor.userId,
    action: 'published_figures_imported',
    recordType: 'aggregate_import',
    recordId: importId,
    summary: `Imported ${plural(counts.figures, 'published figure')} for ${plural(file.areas.length, 'area')} from ${file.source.slice(0, 200)} (data as of ${file.dataAsOf}), file ${file.fileName.slice(0, 120) || 'without a name'}: ${counts.added} added, ${counts.changed} changed, ${counts.removed} removed`,
    requestId: actor.requestId ?? null,
  });
  return { importId, ...counts };
}
