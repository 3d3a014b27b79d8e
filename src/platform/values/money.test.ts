import { describe, expect, it } from 'vitest';
import { formatPounds, penceToPounds, poundsForInput, parsePounds } from './money.js';

const upTo = (maximumPounds: number) => ({ maximumPounds });

describe('parsePounds', () => {
  it('reads pounds typed in ordinary ways as pence', () => {
    expect(parsePounds('650', upTo(20_000))).toEqual({ ok: true, pence: 65_000 });
    expect(parsePounds(' £1,250.50 ', upTo(20_000))).toEqual({ ok: true, pence: 125_050 });
    expect(parsePounds('£ 99.5', upTo(20_000))).toEqual({ ok: true, pence: 9_950 });
    expect(parsePounds('0', upTo(20_000))).toEqual({ ok: true, pence: 0 });
    expect(parsePounds('', upTo(20_000))).toEqual({ ok: true, pence: null });
    expect(parsePounds('   ', upTo(20_000))).toEqual({ ok: true, pence: null });
  });

  it('accepts thousands grouped in threes and refuses badly placed commas', () => {
    expect(parsePounds('6,500', upTo(20_000))).toEqual({ ok: true, pence: 650_000 });
    expect(parsePounds('1,250,000', upTo(2_000_000))).toEqual({ ok: true, pence: 125_000_000 });
    for (const wrong of ['6,5,0', '1,25', '12,50', ',650', '1250,', '1,2500']) {
      expect(parsePounds(wrong, upTo(20_000)), wrong).toEqual({ ok: false, problem: 'not_an_amount' });
    }
  });

  it('refuses what is not an amount of pounds and pence', () => {
    for (const wrong of ['12.345', 'ten', '1e3', '£', '12.', '.5', '1 250', '€900', '1250 a week']) {
      expect(parsePounds(wrong, upTo(20_000)), wrong).toEqual({ ok: false, problem: 'not_an_amount' });
    }
  });

  it('reads the amounts typed into commissioning forms', () => {
    const pence = (text: string) => {
      const reading = parsePounds(text, upTo(20_000));
      return reading.ok ? reading.pence : null;
    };
    expect(pence('650')).toBe(65000);
    expect(pence('£1,250.5')).toBe(125050);
    expect(pence(' 99.99 ')).toBe(9999);
    expect(pence('0')).toBe(0);
    expect(pence('12.345')).toBeNull();
    expect(pence('-5')).toBeNull();
    expect(pence('six hundred')).toBeNull();
    expect(pence('')).toBeNull();
  });

  it('keeps to the bounds given, the maximum itself allowed', () => {
    expect(parsePounds('20000', upTo(20_000))).toEqual({ ok: true, pence: 2_000_000 });
    expect(parsePounds('20000.01', upTo(20_000))).toEqual({ ok: false, problem: 'too_large' });
    expect(parsePounds('4.99', { minimumPounds: 5, maximumPounds: 10 })).toEqual({ ok: false, problem: 'too_small' });
    expect(parsePounds('-5', upTo(20_000))).toEqual({ ok: false, problem: 'too_small' });
    expect(parsePounds('99999999999999999999', upTo(Number.MAX_SAFE_INTEGER))).toEqual({ ok: false, problem: 'too_large' });
  });
});

describe('writing pounds', () => {
  it('fills a form box with pounds, pence only when there are some', () => {
    expect(poundsForInput(125_000)).toBe('1250');
    expect(poundsForInput(125_050)).toBe('1250.50');
    expect(poundsForInput(5)).toBe('0.05');
    expect(poundsForInput(null)).toBe('');
    expect(poundsForInput(undefined)).toBe('');
    expect(poundsForInput(65000)).toBe('650');
    for (const pence of [0, 1, 99, 100, 123_456]) expect(parsePounds(poundsForInput(pence), upTo(1_000_000))).toEqual({ ok: true, pence });
  });

  it('gives spreadsheets a number of pounds', () => {
    expect(penceToPounds(125_050)).toBe(1250.5);
    expect(penceToPounds(null)).toBeNull();
  });

  it('shows pounds on a page with thousands grouped', () => {
    expect(formatPounds(125_000)).toBe('£1,250');
    expect(formatPounds(125_050)).toBe('£1,250.50');
    expect(formatPounds(null)).toBe('Not known');
    expect(formatPounds(125_060, { roundToPounds: true })).toBe('£1,251');
  });
});
