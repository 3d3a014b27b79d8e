// Turns an Observable Plot chart into SVG markup that suits a page served under a strict content
// security policy: no <style> element and no style attribute, a <title> and <desc> the chart is
// labelled by, and the font and size left to the stylesheet (`.app-plot` in app.css).
import type * as Plot from '@observablehq/plot';
import { parseHtml, plot } from './modules.js';

/** The class Plot puts on every chart's <svg>; its rules are in the "Charts" section of app.css. */
export const chartClass = 'app-plot';

/** Chart text size in viewBox units; layouts below are worked out from it. */
export const fontSize = 16;
/** Default width in viewBox units; the stylesheet scales the chart to its container. */
export const chartWidth = 640;
/** GOV.UK text colour, and secondary text (#505a5f, 7:1 on white). */
export const textColour = '#0b0c0c';
export const secondaryTextColour = '#505a5f';

/**
 * The Government Analysis Function's categorical palette, in its recommended order: chosen to be
 * told apart with common colour vision deficiencies, and each at least 3:1 against white
 * (WCAG 1.4.11). Colour is never the only difference: see `dashes` and `symbols`.
 */
export const palette = ['#12436d', '#28a197', '#801650', '#f46a25', '#3d3d3d', '#a285d1'] as const;
/** Line dash patterns, one per series, in the same order as the palette ('' is a solid line). */
export const dashes = ['', '10 5', '2 4', '14 4 3 4', '5 5', '1 3 6 3'] as const;

export interface ChartWords {
  /** Used for the ids of the <title> and <desc>; letters, digits and hyphens, starting with a letter. */
  id: string;
  title: string;
  /** One sentence saying what the chart shows. */
  description: string;
}

export interface Chart {
  /** SVG markup, safe to put in a template with `| safe`: all text in it is escaped. */
  svg: string;
}

// ---- Marker shapes -----------------------------------------------------------------------

interface PathContext {
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  arc(x: number, y: number, radius: number, startAngle: number, endAngle: number): void;
  closePath(): void;
}

/** A marker shape Plot's dot mark can draw (the d3 symbol interface), with the name used in keys. */
export interface Shape {
  name: string;
  draw(context: PathContext, size: number): void;
}

const polygon = (name: string, corners: (r: number) => Array<[number, number]>): Shape => ({
  name,
  draw(context, size) {
    const [first, ...rest] = corners(Math.sqrt(size / Math.PI));
    if (!first) return;
    context.moveTo(...first);
    for (const corner of rest) context.lineTo(...corner);
    context.closePath();
  },
});

/** Marker shapes, one per series, in the same order as the palette. Sizes are roughly equal in area. */
export const symbols: readonly Shape[] = [
  {
    name: 'circle',
    draw(context, size) {
      const r = Math.sqrt(size / Math.PI);
      context.moveTo(r, 0);
      context.arc(0, 0, r, 0, 2 * Math.PI);
      context.closePath();
    },
  },
  polygon('square', (r) => [[-0.9 * r, -0.9 * r], [0.9 * r, -0.9 * r], [0.9 * r, 0.9 * r], [-0.9 * r, 0.9 * r]]),
  polygon('triangle', (r) => [[0, -1.3 * r], [1.15 * r, 0.75 * r], [-1.15 * r, 0.75 * r]]),
  polygon('diamond', (r) => [[0, -1.3 * r], [1.1 * r, 0], [0, 1.3 * r], [-1.1 * r, 0]]),
  polygon('downward triangle', (r) => [[0, 1.3 * r], [1.15 * r, -0.75 * r], [-1.15 * r, -0.75 * r]]),
  polygon('cross', (r) => {
    const a = 0.35 * r;
    const b = 1.05 * r;
    return [[-a, -b], [a, -b], [a, -a], [b, -a], [b, a], [a, a], [a, b], [-a, b], [-a, a], [-b, a], [-b, -a], [-a, -a]];
  }),
];

const round = (value: number) => Math.round(value * 100) / 100;

/** The SVG path of a shape at the origin, for drawing keys with the same shapes as the marks. */
export function shapePath(shape: Shape, radius: number): string {
  let d = '';
  shape.draw(
    {
      moveTo: (x, y) => (d += `M${round(x)},${round(y)}`),
      lineTo: (x, y) => (d += `L${round(x)},${round(y)}`),
      arc: (x, y, r) => (d += `M${round(x + r)},${round(y)}A${round(r)},${round(r)},0,1,1,${round(x - r)},${round(y)}A${round(r)},${round(r)},0,1,1,${round(x + r)},${round(y)}`),
      closePath: () => (d += 'Z'),
    },
    Math.PI * radius * radius,
  );
  return d;
}

// ---- Text sizes --------------------------------------------------------------------------

/** A generous guess at the width of a line of chart text (GDS Transport averages about 0.55em). */
export const textWidth = (text: string) => Math.ceil(text.length * 0.6 * fontSize);
export const lineHeight = Math.round(fontSize * 1.25);
/**
 * Room for text Plot wraps at `ems` (its **lineWidth**): Plot measures with Helvetica's widths,
 * and the page's GDS Transport is wider, so leave a sixth more.
 */
export const wrappedWidth = (ems: number) => Math.ceil(ems * fontSize * 1.15);

// ---- Keys --------------------------------------------------------------------------------

export interface KeyItem {
  label: string;
  line?: { stroke: string; dash: string; width: number };
  shape?: { shape: Shape; fill: string; stroke: string };
}

const keySampleWidth = 36;
const keyGap = 24;

/** Where each key item goes, wrapping onto new rows within the chart's width, and the key's height. */
export function layoutKey(items: readonly KeyItem[], width = chartWidth): { rows: Array<Array<{ item: KeyItem; x: number }>>; height: number } {
  const rows: Array<Array<{ item: KeyItem; x: number }>> = [];
  let row: Array<{ item: KeyItem; x: number }> = [];
  let x = 0;
  for (const item of items) {
    const itemWidth = keySampleWidth + 8 + textWidth(item.label);
    if (row.length > 0 && x + itemWidth > width) {
      rows.push(row);
      row = [];
      x = 0;
    }
    row.push({ item, x });
    x += itemWidth + keyGap;
  }
  if (row.length > 0) rows.push(row);
  return { rows, height: rows.length * (lineHeight + 8) };
}

// ---- Rendering ---------------------------------------------------------------------------

type SvgDocument = ReturnType<typeof parseHtml>['document'];
const svgNamespace = 'http://www.w3.org/2000/svg';

export interface RenderOptions {
  words: ChartWords;
  plot: Plot.PlotOptions;
  /** A key drawn across the top of the chart; leave room for it with the plot's marginTop (see layoutKey). */
  key?: readonly KeyItem[];
}

const idPattern = /^[A-Za-z][A-Za-z0-9-]*$/;

/**
 * Draws the chart with Plot in a linkedom document, then makes it fit the service:
 * - removes every <style> element and style attribute Plot wrote (their rules are in app.css,
 *   under `.app-plot`), because the content security policy allows neither;
 * - removes Plot's font family so the chart uses the page's font, and sets the text size;
 * - labels it with a <title> and <desc> as its first children, by `aria-labelledby`.
 */
export function renderChart({ words, plot: options, key }: RenderOptions): Chart {
  if (!idPattern.test(words.id)) throw new Error(`A chart id must be letters, digits and hyphens, starting with a letter: ${JSON.stringify(words.id)}`);
  const { document } = parseHtml('<!doctype html><html><body></body></html>');
  const rendered = plot().plot({ width: chartWidth, ...options, document: document as unknown as Document, figure: false, className: chartClass });
  const svg = rendered as unknown as Element;
  if (svg.tagName.toLowerCase() !== 'svg') throw new Error('A chart must render as a bare <svg>.');

  stripStyles(svg);
  nameMarksForTests(svg);
  svg.removeAttribute('font-family');
  svg.removeAttribute('aria-label');
  svg.removeAttribute('aria-description');
  svg.setAttribute('font-size', String(fontSize));
  svg.setAttribute('fill', textColour);
  svg.setAttribute('role', 'img');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('aria-labelledby', `${words.id}-title ${words.id}-desc`);

  if (key && key.length > 0) svg.appendChild(drawKey(document, key, Number(svg.getAttribute('width') ?? chartWidth)));

  const title = element(document, 'title', { id: `${words.id}-title` });
  title.textContent = words.title;
  const desc = element(document, 'desc', { id: `${words.id}-desc` });
  desc.textContent = words.description;
  svg.insertBefore(desc, svg.firstChild);
  svg.insertBefore(title, svg.firstChild);
  return { svg: svg.outerHTML };
}

/**
 * The chart is one image to assistive technology (role="img" with its title and description),
 * and ARIA forbids aria-label on the plain groups inside it, where Plot writes the name of each
 * mark. The names are kept as data-mark, which tests and people reading the markup can use.
 */
function nameMarksForTests(root: Element): void {
  for (const named of [...root.querySelectorAll('[aria-label]')]) {
    named.setAttribute('data-mark', named.getAttribute('aria-label') ?? '');
    named.removeAttribute('aria-label');
  }
  for (const described of [...root.querySelectorAll('[aria-description]')]) described.removeAttribute('aria-description');
}

/** Removes <style> elements and style attributes anywhere in the chart. */
export function stripStyles(root: Element): void {
  for (const style of [...root.querySelectorAll('style')]) style.remove();
  for (const styled of [root, ...root.querySelectorAll('[style]')]) styled.removeAttribute('style');
}

function element(document: SvgDocument, name: string, attributes: Record<string, string | number>): Element {
  const node = document.createElementNS(svgNamespace, name) as unknown as Element;
  for (const [attribute, value] of Object.entries(attributes)) node.setAttribute(attribute, String(value));
  return node;
}

function drawKey(document: SvgDocument, items: readonly KeyItem[], width: number): Element {
  const group = element(document, 'g', { class: `${chartClass}__key`, 'data-mark': 'key', 'text-anchor': 'start' });
  const { rows } = layoutKey(items, width);
  rows.forEach((row, rowIndex) => {
    const middle = rowIndex * (lineHeight + 8) + lineHeight / 2 + 4;
    for (const { item, x } of row) {
      if (item.line) {
        group.appendChild(
          element(document, 'line', {
            x1: x + 1,
            x2: x + keySampleWidth - 1,
            y1: middle,
            y2: middle,
            stroke: item.line.stroke,
            'stroke-width': item.line.width,
            ...(item.line.dash ? { 'stroke-dasharray': item.line.dash } : {}),
          }),
        );
      }
      if (item.shape) {
        group.appendChild(
          element(document, 'path', {
            d: shapePath(item.shape.shape, 5),
            transform: `translate(${x + keySampleWidth / 2},${middle})`,
            fill: item.shape.fill,
            stroke: item.shape.stroke,
            'stroke-width': 1.5,
          }),
        );
      }
      const label = element(document, 'text', { x: x + keySampleWidth + 8, y: middle, dy: '0.32em' });
      label.textContent = item.label;
      group.appendChild(label);
    }
  });
  return group;
}
