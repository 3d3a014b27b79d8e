/** Items for the GOV.UK radios and checkboxes components, from a map of values to their words. */

/** One radio per key (all the labels' keys unless given), the selected one checked, with any hints. */
export function radioItems(labels: Record<string, string>, selected: unknown, keys: readonly string[] = Object.keys(labels), hints: Record<string, string> = {}) {
  return keys.map((key) => ({ value: key, text: labels[key] ?? key, checked: key === selected, ...(hints[key] ? { hint: { text: hints[key] } } : {}) }));
}

/** One checkbox per label; `selected` is what the form sent: nothing, one value or several. */
export function checkboxItems(labels: Record<string, string>, selected: unknown) {
  const ticked = new Set(Array.isArray(selected) ? selected : typeof selected === 'string' ? [selected] : []);
  return Object.entries(labels).map(([value, text]) => ({ value, text, checked: ticked.has(value) }));
}

/**
 * Options for the GOV.UK select component, the selected one marked, after a first option with
 * no value (like "Select a region") when a choice is not made for the person.
 */
export function selectItems(options: ReadonlyArray<{ value: string; text: string }>, selected: unknown, placeholder?: string) {
  return [...(placeholder === undefined ? [] : [{ value: '', text: placeholder }]), ...options.map(({ value, text }) => ({ value, text, selected: value === selected }))];
}
