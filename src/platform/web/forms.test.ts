import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { dateField, datePartsOf } from './fields.js';
import { validateForm } from './forms.js';

const schema = z.object({
  startsOn: dateField({ inSentence: 'the start date', asSubject: 'Start date' }, true),
  reEvaluateOn: dateField({ inSentence: 'the re-evaluation date', asSubject: 'Re-evaluation date' }, false),
});

describe('GOV.UK date inputs', () => {
  it('turns day, month and year boxes into an ISO date', () => {
    const result = validateForm(schema, { 'startsOn-day': '3', 'startsOn-month': '2', 'startsOn-year': '2027' });
    expect(result.ok && result.data).toEqual({ startsOn: '2027-02-03', reEvaluateOn: null });
  });

  it.each([
    [{ 'startsOn-day': '', 'startsOn-month': '', 'startsOn-year': '' }, 'Enter the start date'],
    [{ 'startsOn-day': '3', 'startsOn-year': '2027' }, 'Start date must include a month'],
    [{ 'startsOn-day': '30', 'startsOn-month': '2', 'startsOn-year': '2027' }, 'Start date must be a real date'],
    [{ 'startsOn-day': 'x', 'startsOn-month': '2', 'startsOn-year': '2027' }, 'Start date must be a real date'],
  ])('explains what is wrong with %j', (body, message) => {
    const result = validateForm(schema, body);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.fields.startsOn?.text).toBe(message);
    expect(result.errors.summary[0]).toEqual({ text: message, href: '#startsOn-day' });
  });

  it('keeps what was typed so the form can show it again', () => {
    const result = validateForm(schema, { 'startsOn-day': '31', 'startsOn-month': '4', 'startsOn-year': '2027' });
    expect(result.values.startsOn).toEqual({ day: '31', month: '4', year: '2027' });
  });

  it('fills the boxes from a stored date', () => {
    expect(datePartsOf('2027-02-03')).toEqual({ day: '3', month: '2', year: '2027' });
    expect(datePartsOf(null)).toBeUndefined();
  });
});
