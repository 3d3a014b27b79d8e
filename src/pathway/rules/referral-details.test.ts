import { describe, expect, it } from 'vitest';
import {
  ageBandProblem,
  changedDetails,
  localReferenceProblem,
  notPersonalMessage,
  type ReferralDetails,
  underEighteenMessage,
  validateReferralDetails,
} from './referral-details.js';

const today = '2026-11-23';

describe('localReferenceProblem', () => {
  it('accepts the kinds of reference case systems use', () => {
    for (const reference of ['NM-2026-0001', 'RP/0042', 'CRS 123456', 'A1B2C3', 'nm_2026_17', 'NM 2026 17', 'Case 17', 'NM-26-117', 'REF.2026.004']) {
      expect(localReferenceProblem(reference), reference).toBeNull();
    }
  });

  it('refuses something that looks like a name', () => {
    for (const reference of ['John Smith', 'Mary-Jane O’Neil', 'ref Jane Doe', 'Anna McDonald 2', 'Zoë Brontë']) {
      expect(localReferenceProblem(reference), reference).toBe(notPersonalMessage);
    }
  });

  it('refuses something that looks like an NHS number', () => {
    for (const reference of ['4857773456', '485 777 3456', '485-777-3456', 'NM4857773456']) {
      expect(localReferenceProblem(reference), reference).toBe(notPersonalMessage);
    }
    expect(localReferenceProblem('48577734561')).toBeNull(); // 11 digits: not an NHS number
  });

  it('refuses something that looks like a date of birth', () => {
    for (const reference of ['01/02/1980', '1-2-80', '1980-02-01', '01021980', '1 Feb 1980', 'NM 3rd March 1975', '12.12.1999']) {
      expect(localReferenceProblem(reference), reference).toBe(notPersonalMessage);
    }
  });

  it('asks for a reference, keeps it short and to plain characters', () => {
    expect(localReferenceProblem('  ')).toBe('Enter the local reference');
    expect(localReferenceProblem('A'.repeat(31))).toBe('Local reference must be 30 characters or fewer');
    expect(localReferenceProblem('someone@example.org')).toContain('must only include letters, numbers');
    expect(localReferenceProblem('-NM1')).toContain('must only include letters, numbers');
  });
});

describe('ageBandProblem', () => {
  it('accepts the adult bands', () => {
    for (const band of ['18-24', '25-34', '35-44', '45-54', '55-64', '65+']) expect(ageBandProblem(band)).toBeNull();
  });

  it('refuses an under-18, pointing to young people’s services', () => {
    expect(ageBandProblem('under_18')).toBe(underEighteenMessage);
    expect(underEighteenMessage).toContain('young people’s drug and alcohol service');
  });

  it('asks for a band from the list', () => {
    expect(ageBandProblem('')).toBe('Select the person’s age band');
    expect(ageBandProblem('12-17')).toBe('Select the person’s age band');
  });
});

describe('validateReferralDetails', () => {
  it('finds nothing wrong with a good record', () => {
    expect(validateReferralDetails({ localReference: 'NM-2026-0001', ageBand: '25-34', identifiedOn: today }, today)).toEqual([]);
  });

  it('gathers every problem, in form order', () => {
    expect(validateReferralDetails({ localReference: 'John Smith', ageBand: 'under_18', identifiedOn: '2026-11-24' }, today)).toEqual([
      ['localReference', notPersonalMessage],
      ['ageBand', underEighteenMessage],
      ['identifiedOn', 'Date identified must be today or in the past'],
    ]);
    expect(validateReferralDetails({ localReference: 'NM1', ageBand: '25-34', identifiedOn: null }, today)).toEqual([
      ['identifiedOn', 'Enter the date the person was identified as someone who might need residential treatment'],
    ]);
  });

  it('keeps the date identified on or before the referral date', () => {
    expect(validateReferralDetails({ localReference: 'NM1', ageBand: '25-34', identifiedOn: '2026-11-10' }, today, { nextStageDate: '2026-11-09' })).toEqual([
      ['identifiedOn', 'Date identified must be the same as or before the date of the referral (9 November 2026)'],
    ]);
  });
});

describe('changedDetails', () => {
  const before: ReferralDetails = {
    localReference: 'NM1',
    identifiedVia: 'presentation',
    identifiedOn: today,
    referringService: 'Community recovery service',
    keyworkerRole: 'Recovery worker',
    ageBand: '25-34',
    sex: 'female',
    ethnicityGroup: 'white',
    disability: 'no',
    pregnant: 'no',
    parentalResponsibility: 'yes',
    mainSubstance: 'alcohol',
    complexity: ['mental_health', 'homelessness'],
    eligibilityInformationGiven: true,
  };

  it('names what changed, ignoring the order of ticked boxes', () => {
    expect(changedDetails(before, { ...before, complexity: ['homelessness', 'mental_health'] })).toEqual([]);
    expect(changedDetails(before, { ...before, ageBand: '35-44', complexity: ['homelessness'], eligibilityInformationGiven: false })).toEqual([
      'age band',
      'complex needs',
      'eligibility information given',
    ]);
  });
});
