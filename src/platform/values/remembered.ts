import { LRUCache } from 'lru-cache';

/**
 * A pure function of one key, with its answers for the most recent keys kept: for formatting that
 * pages repeat on every row and every request (a date in UK time takes Intl a few microseconds;
 * looking it up, a tenth of one), and for reading the same answers again and again in a file's
 * cells. An answer of undefined is not kept: it is worked out again each time.
 */
export function rememberingAnswers<K extends string | number, V extends string | number | undefined>(answer: (key: K) => V, keepAtMost = 5_000): (key: K) => V {
  const kept = new LRUCache<K, NonNullable<V>>({ max: keepAtMost });
  return (key) => {
    let value: V | undefined = kept.get(key);
    if (value === undefined) {
      value = answer(key);
      if (value !== undefined) kept.set(key, value as NonNullable<V>);
    }
    return value as V;
  };
}
