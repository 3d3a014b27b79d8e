import { type Region, regions } from '../accounts/index.js';
import type { AreaLevel } from '../platform/db/schema.js';

/**
 * The ONS codes of the areas published treatment statistics are about: England, its 9 regions
 * and its local authorities (unitary authorities E06, non-metropolitan districts E07,
 * metropolitan districts E08, London boroughs E09 and counties E10).
 */

export const englandAreaCode = 'E92000001';
export const englandAreaName = 'England';

/** Each region's ONS code, by the region names the service uses. */
export const regionAreaCodes: Record<Region, string> = {
  'North East': 'E12000001',
  'North West': 'E12000002',
  'Yorkshire and the Humber': 'E12000003',
  'East Midlands': 'E12000004',
  'West Midlands': 'E12000005',
  'East of England': 'E12000006',
  London: 'E12000007',
  'South East': 'E12000008',
  'South West': 'E12000009',
};

const regionByCode = new Map<string, Region>(regions.map((region) => [regionAreaCodes[region], region]));

/** The region an ONS region code names, or undefined. */
export function regionOfCode(code: string): Region | undefined {
  return regionByCode.get(code);
}

/** The ONS code of one of the service's region names, or undefined for a name it does not know. */
export function regionCodeOf(region: string): string | undefined {
  return (regions as readonly string[]).includes(region) ? regionAreaCodes[region as Region] : undefined;
}

const localAuthorityPattern = /^E(0[6-9]|10)\d{6}$/;

/** The level of area an ONS code is for, or null when it is not a code of an English area this service knows. */
export function areaLevelOfCode(code: string): AreaLevel | null {
  if (code === englandAreaCode) return 'england';
  if (regionByCode.has(code)) return 'region';
  if (localAuthorityPattern.test(code)) return 'local_authority';
  return null;
}

/** Whether the code is an English local authority's, a region's or England's (of the level asked for, if one is). */
export function isAreaCode(code: string, level?: AreaLevel): boolean {
  const found = areaLevelOfCode(code);
  return found !== null && (level === undefined || found === level);
}

export const areaLevelLabels: Record<AreaLevel, string> = {
  local_authority: 'Local authority',
  region: 'Region',
  england: 'England',
};
