/**
 * The GOV.UK tag component's parameters: a status in words with its colour. Each capability keeps
 * its own statuses' maps; the shape and the helpers are shared.
 */
export interface Tag {
  text: string;
  classes: string;
}

/** The words of each status in a tag map, for lists of choices and for files that name statuses. */
export function tagLabels<K extends string>(tags: Record<K, Tag>): Record<K, string> {
  return Object.fromEntries(Object.entries<Tag>(tags).map(([status, tag]) => [status, tag.text])) as Record<K, string>;
}
