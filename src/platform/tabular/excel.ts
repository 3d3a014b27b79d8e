import type ExcelJS from 'exceljs';

let loading: Promise<typeof ExcelJS> | null = null;

/**
 * exceljs takes about as long to load as the rest of the service's modules together, so it is
 * loaded the first time a workbook is read or written rather than at start-up.
 */
export function excel(): Promise<typeof ExcelJS> {
  loading ??= import('exceljs').then((module) => module.default);
  return loading;
}
