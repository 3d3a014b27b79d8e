import { describe, expect, it } from 'vitest';
import { choiceKey, choices, cleanText, orList, quoted, readChoiceList, readDate, readPostcode, readPounds, readText, readWholeNumber, readYesNo, splitList } from './cells.js';

const today = '2026-11-23';

describe('reading single values', () => {
  it('reads pounds as written by people and spreadsheets, in pence', () => {
    expect(readPounds('1250', 50_000)).toEqual({ ok: true, value: 125_000 });
    expect(readPounds('£1,250.50', 50_000)).toEqual({ ok: true, value: 125_050 });
    expect(readPounds(' £ 1250.5 ', 50_000)).toEqual({ ok: true, value: 125_050 });
    expect(readPounds('12,500', 50_000)).toEqual({ ok: true, value: 1_250_000 });
    expect(readPounds('', 50_000)).toEqual({ ok: true, value: null });
    for (const wrong of ['1,25', '12.345', 'about 900', '-600', '1250 a week', '€900']) {
      expect(readPounds(wrong, 50_000)).toEqual({ ok: false, message: 'enter an amount in pounds, like 1250' });
    }
    expect(readPounds('50000.01', 50_000).ok).toBe(false);
    expect(readPounds('50000', 50_000).ok).toBe(true);
  });

  it('reads UK and ISO dates, refusing unreal, future and 2-digit-year dates', () => {
    expect(readDate('23/11/2026', today)).toEqual({ ok: true, value: '2026-11-23' });
    expect(readDate('1/2/2026', today)).toEqual({ ok: true, value: '2026-02-01' });
    expect(readDate('2026-02-01', today)).toEqual({ ok: true, value: '2026-02-01' });
    expect(readDate('01.02.2026', today)).toEqual({ ok: true, value: '2026-02-01' });
    expect(readDate('', today)).toEqual({ ok: true, value: null });
    expect(readDate('31/02/2026', today)).toEqual({ ok: false, message: '‘31/02/2026’ is not a real date' });
    expect(readDate('24/11/2026', today)).toEqual({ ok: false, message: 'the date cannot be in the future' });
    expect(readDate('23/11/26', today)).toEqual({ ok: false, message: 'write the year in full, like 23/11/2026' });
    expect(readDate('last week', today)).toEqual({ ok: false, message: 'enter a date like 23/11/2026 or 2026-11-23' });
    expect(readDate('01/01/1999', today).ok).toBe(false);
  });

  it('reads yes and no, with an empty cell meaning no', () => {
    for (const yes of ['yes', 'Yes', 'Y', 'true', '1']) expect(readYesNo(yes)).toEqual({ ok: true, value: true });
    for (const no of ['no', 'NO', 'n', 'false', '0', '']) expect(readYesNo(no)).toEqual({ ok: true, value: false });
    expect(readYesNo('sometimes').ok).toBe(false);
  });

  it('writes postcodes in capitals with one space', () => {
    expect(readPostcode('zz991aa')).toEqual({ ok: true, value: 'ZZ99 1AA' });
    expect(readPostcode(' SW1A  1AA ')).toEqual({ ok: true, value: 'SW1A 1AA' });
    expect(readPostcode('')).toEqual({ ok: true, value: '' });
    expect(readPostcode('ZZ99').ok).toBe(false);
  });

  it('tidies text: control characters, spaces and the apostrophe a spreadsheet export adds before a formula', () => {
    expect(cleanText('  Hillside\u0000 House  ')).toBe('Hillside House');
    expect(cleanText("'=SUM(A1)")).toBe('=SUM(A1)');
    expect(cleanText("'Twas")).toBe("'Twas");
    expect(cleanText('Line one\r\nLine two\u0007', true)).toBe('Line one\nLine two');
  });

  it('gives the same text whether or not a cell takes the shortcut for text that needs no tidying', () => {
    // Every step of the tidying, always run: what cleanText did before it had a shortcut.
    const tidied = (raw: string, multiline: boolean) => {
      const withoutControls = raw.replace(multiline ? /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g : /[\u0000-\u001F\u007F]/g, multiline ? '' : ' ');
      const trimmed = (multiline ? withoutControls.replace(/\r\n?/g, '\n') : withoutControls.replace(/\s+/g, ' ')).trim();
      return /^'[=+\-@]/.test(trimmed) ? trimmed.slice(1) : trimmed;
    };
    const pieces = ['a', ' ', '  ', '\t', '\n', '\r\n', '\r', '\u00a0', '\u2028', '\ufeff', "'", '=', '\u0000', '\u007f', 'b c', '\u3000'];
    for (const a of pieces) {
      for (const b of pieces) {
        for (const c of ['', ...pieces]) {
          for (const multiline of [false, true]) expect(cleanText(a + b + c, multiline), JSON.stringify(a + b + c)).toBe(tidied(a + b + c, multiline));
        }
      }
    }
  });
});

describe('words in messages', () => {
  it('lists items with commas and a last joining word', () => {
    expect(orList([])).toBe('');
    expect(orList(['Drugs'])).toBe('Drugs');
    expect(orList(['Drugs', 'Alcohol'])).toBe('Drugs or Alcohol');
    expect(orList(['A', 'B', 'C'], 'and')).toBe('A, B and C');
  });

  it('quotes a value, shortening a long one', () => {
    expect(quoted('Hillside')).toBe('‘Hillside’');
    expect(quoted('x'.repeat(60))).toBe(`‘${'x'.repeat(39)}…’`);
  });
});

describe('text, numbers and lists', () => {
  it('limits the length of text', () => {
    expect(readText(' Hillside ', 10, 'the name')).toEqual({ ok: true, value: 'Hillside' });
    expect(readText('x'.repeat(11), 10, 'the name')).toEqual({ ok: false, message: 'the name must be 10 characters or fewer' });
  });

  it('reads whole numbers with thousands commas, up to a maximum', () => {
    expect(readWholeNumber('1,000', 2000, { example: '24', noun: 'beds' })).toEqual({ ok: true, value: 1000 });
    expect(readWholeNumber('', 2000, { example: '24', noun: 'beds' })).toEqual({ ok: true, value: null });
    expect(readWholeNumber('2.5', 2000, { example: '24', noun: 'beds' })).toEqual({ ok: false, message: 'enter a whole number of beds, like 24' });
    expect(readWholeNumber('2001', 2000, { example: '24', noun: 'beds' })).toEqual({ ok: false, message: 'enter 2,000 beds or fewer' });
  });

  it('refuses money with badly grouped thousands', () => {
    expect(readPounds('6,500', 50_000)).toEqual({ ok: true, value: 650_000 });
    expect(readPounds('6,5,0', 50_000)).toEqual({ ok: false, message: 'enter an amount in pounds, like 1250' });
    expect(readPounds('1 250', 50_000)).toEqual({ ok: true, value: 125_000 });
  });

  it('splits lists on semicolons and new lines', () => {
    expect(splitList(' a ; b\nc;; ')).toEqual(['a', 'b', 'c']);
  });
});

describe('choices', () => {
  const colours = choices(['light_blue', 'green', 'womens'] as const, { light_blue: 'Light blue (sky)', green: 'Green', womens: 'Women’s' }, { teal: 'green' });

  it('ignores case, punctuation, brackets and apostrophes, but not plus signs', () => {
    expect(choiceKey('Twelve_step')).toBe('twelve step');
    expect(choiceKey("Women's")).toBe(choiceKey('Womens'));
    expect(choiceKey('Women’s')).toBe('womens');
    expect(choiceKey('Mental health & housing')).toBe('mental health and housing');
    expect(choiceKey('65+')).toBe('65+');
    expect(choiceKey('65+')).not.toBe(choiceKey('65'));
  });

  it('finds a code by itself, its label with or without the bracketed note, or a synonym', () => {
    expect(colours.find('LIGHT-BLUE')).toBe('light_blue');
    expect(colours.find('light blue (sky)')).toBe('light_blue');
    expect(colours.find('Light blue')).toBe('light_blue');
    expect(colours.find('teal')).toBe('green');
    expect(colours.find("women's")).toBe('womens');
    expect(colours.find('red')).toBeUndefined();
    expect(colours.labelOf('green')).toBe('Green');
  });

  it('reads several answers in one cell without repeats, naming every unknown one', () => {
    expect(readChoiceList('green; teal; light blue', colours, 'colours')).toEqual({ ok: true, value: ['green', 'light_blue'] });
    expect(readChoiceList('red; green; pink', colours, 'colours')).toEqual({
      ok: false,
      message: '‘red’ and ‘pink’ are not in the list of colours. Use Light blue (sky), Green or Women’s, separated by semicolons',
    });
  });
});
