import type ExcelJS from 'exceljs';
import { isoDateOfUtcMoment } from '../values/calendar.js';

/** Reading an uploaded Excel workbook safely. */

/**
 * The total size of an xlsx (ZIP) file once unpacked, from its central directory, or null if
 * the directory cannot be read. Used to refuse a small file that would
 * unpack into a huge one.
 */
export function unpackedZipSize(data: Uint8Array): number | null {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  // The end-of-central-directory record is in the last 22 to 65,557 bytes.
  let end = -1;
  for (let offset = data.length - 22; offset >= Math.max(0, data.length - 65_557); offset -= 1) {
    if (view.getUint32(offset, true) === 0x06054b50) {
      end = offset;
      break;
    }
  }
  if (end < 0) return null;
  const entries = view.getUint16(end + 10, true);
  let offset = view.getUint32(end + 16, true);
  let total = 0;
  for (let entry = 0; entry < entries; entry += 1) {
    if (offset + 46 > data.length || view.getUint32(offset, true) !== 0x02014b50) return null;
    const size = view.getUint32(offset + 24, true);
    // 0xFFFFFFFF means a ZIP64 size, far beyond anything a question bank needs.
    if (size === 0xffffffff) return Number.POSITIVE_INFINITY;
    total += size;
    offset += 46 + view.getUint16(offset + 28, true) + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
  }
  return total;
}

/** A cell's text as the person sees it, whatever kind of value it holds; a date as 'YYYY-MM-DD'. */
export function cellDisplayText(cell: ExcelJS.Cell | undefined): string {
  if (!cell || cell.value === null || cell.value === undefined) return '';
  const value = cell.value;
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return isoDateOfUtcMoment(value);
  try {
    return (cell.text ?? '').trim();
  } catch {
    return '';
  }
}
