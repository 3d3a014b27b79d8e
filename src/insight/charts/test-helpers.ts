// Reads a chart's markup back into a document, so tests can assert on its structure.
import { parseHTML } from 'linkedom';
import { expect } from 'vitest';

/** A <text>'s words, with the lines Plot wrapped into <tspan>s joined by spaces. */
export function textOf(text: Element): string {
  const lines = [...text.querySelectorAll('tspan')];
  return lines.length > 0 ? lines.map((line) => line.textContent ?? '').join(' ') : (text.textContent ?? '');
}

export function readChart(svg: string) {
  const { document } = parseHTML(`<!doctype html><html><body>${svg}</body></html>`);
  const root = document.querySelector('svg');
  if (!root) throw new Error('no <svg> in the chart');
  const texts = [...root.querySelectorAll('text')].map(textOf);
  const textsIn = (label: string) => [...root.querySelectorAll(`g[data-mark="${label}"] text`)].map(textOf);
  const group = (label: string) => [...root.querySelectorAll(`g[data-mark="${label}"]`)];
  return { root, texts, textsIn, group };
}

/** What every chart must do: be labelled by its own title and description, and carry no styles. */
export function expectAccessibleChart(svg: string, id: string, title: string, description: string) {
  const { root } = readChart(svg);
  expect(root.getAttribute('role')).toBe('img');
  expect(root.getAttribute('class')).toBe('app-plot');
  expect(root.getAttribute('aria-labelledby')).toBe(`${id}-title ${id}-desc`);
  expect(root.firstElementChild?.tagName.toLowerCase()).toBe('title');
  expect(root.querySelector(`title[id="${id}-title"]`)?.textContent).toBe(title);
  expect(root.querySelector(`desc[id="${id}-desc"]`)?.textContent).toBe(description);
  expect(root.getAttribute('viewBox')).toMatch(/^0 0 \d+ \d+$/);
  expect(root.hasAttribute('font-family')).toBe(false);
  expect(svg).not.toMatch(/<style/i);
  // ARIA allows no aria-label on the plain groups inside an image.
  expect(root.querySelectorAll('[aria-label], [aria-description]').length).toBe(0);
  expect(svg).not.toMatch(/\sstyle=/i);
}
