import { describe, expect, it } from 'vitest';
import { conflictMessage } from './outcome.js';

describe('conflictMessage', () => {
  it('says someone else changed the record, in the words each page has always used', () => {
    expect(conflictMessage()).toBe('Someone else changed this while you were editing it. Their version is shown below: check it and make your change again.');
    expect(conflictMessage('this referral')).toBe(
      'Someone else changed this referral while you were editing it. Their version is shown below: check it and make your change again.',
    );
    expect(conflictMessage('this', 'Check the latest details below and make your change again.')).toBe(
      'Someone else changed this while you were editing it. Check the latest details below and make your change again.',
    );
  });
});
