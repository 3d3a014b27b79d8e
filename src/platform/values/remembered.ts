import { LRUCache } from 'lru-cache';

/**
 * A pure function of one key, with its answers for the most recent keys kept: for formatting that
 * pages repeat on every row and every request (a date in UK time takes Intl a few microseconds;
 * looking it up, a tenth of one).
 */
export function rememberingAnswers<K extends string | number, V extends string>(answer: (key: K) => V, keepAtMost = 5_000): (key: K) => V {
  const kept = new LRUCache<K, V>({ max: keepAtMost });
  return (key) => {
    let value = kept.get(key);
    if (value === undefined) {
      value = answer(key);
      kept.set(key, value);
    }
    return value;
  };
}
