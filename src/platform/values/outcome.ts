/**
 * The shapes every capability's services share: who is making a change, and what came of it.
 */

/**
 * Who made a change, for the audit trail: the signed-in person and the request it came in on.
 * Changes the system makes on nobody's behalf (the demo data, imports in tests) have no person,
 * which only the services that allow them accept, as `Actor<null>`.
 */
export interface Actor<Nobody extends null = never> {
  userId: string | Nobody;
  requestId?: string | null;
}

/** A change that worked (with what the caller needs next), or the form field to show the problem against. */
export type Outcome<T = object> = ({ ok: true } & T) | { ok: false; field: string; problem: string };

/**
 * What a person is told when a record changed under them. Each page names what changed in its
 * own words, and says where the other person's version is.
 */
export function conflictMessage(thing = 'this', nextStep = 'Their version is shown below: check it and make your change again.'): string {
  return `Someone else changed ${thing} while you were editing it. ${nextStep}`;
}
