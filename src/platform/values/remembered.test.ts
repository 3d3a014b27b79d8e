import { expect, it } from 'vitest';
import { rememberingAnswers } from './remembered.js';

it('works an answer out once for each key kept, and again for a key let go', () => {
  const asked: number[] = [];
  const doubled = rememberingAnswers((key: number) => {
    asked.push(key);
    return String(key * 2);
  }, 2);
  expect([doubled(1), doubled(1), doubled(2), doubled(1)]).toEqual(['2', '2', '4', '2']);
  expect(asked).toEqual([1, 2]);
  doubled(3); // keeps 1 (used last) and 3; lets 2 go
  doubled(2);
  expect(asked).toEqual([1, 2, 3, 2]);
});

it('keeps no answer for a key whose working out failed', () => {
  let calls = 0;
  const refusing = rememberingAnswers((key: string) => {
    calls += 1;
    throw new Error(`no answer for ${key}`);
  });
  expect(() => refusing('x')).toThrow('no answer for x');
  expect(() => refusing('x')).toThrow('no answer for x');
  expect(calls).toBe(2);
});

it('keeps numbers as answers, and works out again a key that had no answer', () => {
  const asked: string[] = [];
  const lengthOfKnown = rememberingAnswers((key: string) => {
    asked.push(key);
    return key.startsWith('known') ? key.length : undefined;
  });
  expect([lengthOfKnown('known-1'), lengthOfKnown('known-1'), lengthOfKnown('other'), lengthOfKnown('other')]).toEqual([7, 7, undefined, undefined]);
  expect(asked).toEqual(['known-1', 'other', 'other']);
});
