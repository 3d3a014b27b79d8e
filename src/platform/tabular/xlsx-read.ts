import zlib from 'node:zlib';
import type ExcelJS from 'exceljs';
import { isoDateOfUtcMoment } from '../values/calendar.js';

/** Reading an uploaded Excel workbook safely. */

/**
 * The total size of an xlsx (ZIP) file once unpacked, found by actually inflating every entry
 * with a running count that stops past `limit`: the sizes a ZIP's headers declare can be
 * false (a "zip bomb" understates them), so they are never trusted. Gives the size, 'too-big'
 * as soon as the count passes the limit, or null when the file is not a readable ZIP.
 */
export function unpackedZipSize(data: Uint8Array, limit: number): number | 'too-big' | null {
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
    const method = view.getUint16(offset + 10, true);
    const compressedSize = view.getUint32(offset + 20, true);
    const localHeader = view.getUint32(offset + 42, true);
    if (localHeader + 30 > data.length || view.getUint32(localHeader, true) !== 0x04034b50) return null;
    const start = localHeader + 30 + view.getUint16(localHeader + 26, true) + view.getUint16(localHeader + 28, true);
    if (start + compressedSize > data.length) return null;
    const stored = data.subarray(start, start + compressedSize);
    if (method === 0) {
      total += stored.length;
    } else if (method === 8) {
      try {
        total += zlib.inflateRawSync(stored, { maxOutputLength: Math.max(1, limit - total + 1) }).length;
      } catch (error) {
        if (error instanceof RangeError) return 'too-big';
        return null;
      }
    } else {
      return null;
    }
    if (total > limit) return 'too-big';
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
