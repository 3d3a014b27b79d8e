/**
 * One line of someone's home page: what needs them, how many, and where to deal with it. Each
 * capability builds its own (its `…HomeTasks` function); the home page only orders and shows them.
 */

/** How soon something needs doing, most urgent first: a risk to someone's safety, late, due soon, or a way in. */
export const homeTaskUrgencies = ['safety', 'overdue', 'due', 'information'] as const;
export type HomeTaskUrgency = (typeof homeTaskUrgencies)[number];

export interface HomeTask {
  /** Stable name of the kind of task, such as 'pathway.unplanned-not-told' (tests and the page use it). */
  key: string;
  /** The whole line as shown, with the count in it: "2 contracts have an overdue review". */
  label: string;
  /** How many there are; null for a line that is a way in rather than a count (question banks, the latest figures). */
  count: number | null;
  href: string;
  urgency: HomeTaskUrgency;
  /** A short second line: a due date, what happens next. */
  hint?: string;
  /** The partnership the task belongs to, when it may not be the one the person is working in now. */
  partnership?: { id: string; name: string };
}

/** "1 referral" or "1,204 referrals". */
export function countPhrase(count: number, one: string, many: string): string {
  return `${count.toLocaleString('en-GB')} ${count === 1 ? one : many}`;
}
