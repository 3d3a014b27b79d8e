/** A table of an analyst's page, shown with its caption and downloadable as CSV. */
export interface RegionalTable {
  key: string;
  caption: string;
  head: string[];
  rows: string[][];
  /** Which columns hold numbers, right-aligned. */
  numeric: boolean[];
}
