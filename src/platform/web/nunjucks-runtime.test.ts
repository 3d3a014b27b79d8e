import nunjucks from 'nunjucks';
import { describe, expect, it } from 'vitest';
import { createTemplateEngine } from './nunjucks.js';
import { frameSet, originalFrameSet, trimFilter } from './nunjucks-runtime.js';

type Frame = { variables: Record<string, unknown>; parent: Frame | null; set: (name: string, value: unknown, resolveUp?: boolean) => void; push(isolate?: boolean): Frame };
const FrameClass = (nunjucks.runtime as unknown as { Frame: new (parent?: Frame, isolateWrites?: boolean) => Frame }).Frame;

/** A parent frame with a variable, and a child (isolated or not), both set by `set`. */
function frames(set: typeof frameSet, isolateWrites: boolean) {
  const parent = new FrameClass();
  set.call(parent as never, 'shared', 'parent');
  set.call(parent as never, 'loop.index', 1);
  const child = new FrameClass(parent, isolateWrites);
  return { parent, child };
}

describe('the faster Frame.set', () => {
  it.each([
    ['a plain name', 'name', false],
    ['a dotted name', 'loop.index', false],
    ['a dotted name under one already there', 'loop.first', false],
    ['a deeper name', 'a.b.c', false],
    ['a name found in a parent, written up', 'shared', true],
    ['a dotted name found in a parent, written up', 'loop.last', true],
    ['a name in no frame, written up', 'fresh', true],
  ])('sets %s as Nunjucks does', (_what, name, resolveUp) => {
    for (const isolateWrites of [false, true]) {
      const mine = frames(frameSet, isolateWrites);
      const theirs = frames(originalFrameSet as typeof frameSet, isolateWrites);
      frameSet.call(mine.child as never, name, 'value', resolveUp);
      (originalFrameSet as typeof frameSet).call(theirs.child as never, name, 'value', resolveUp);
      expect(mine.child.variables).toEqual(theirs.child.variables);
      expect(mine.parent.variables).toEqual(theirs.parent.variables);
    }
  });

  it('is the one templates use, and loops still number their passes', () => {
    const environment = createTemplateEngine();
    expect((FrameClass.prototype as Frame).set).toBe(frameSet);
    expect(environment.renderString('{% for x in ["a", "b", "c"] %}{{ loop.index }}{{ x }}{% if loop.last %}!{% endif %}{% endfor %}', {})).toBe('1a2b3c!');
  });
});

describe('the faster trim filter', () => {
  // A new environment's trim is Nunjucks' own: only the service's environment has the faster one.
  const original = new nunjucks.Environment().getFilter('trim') as (value: unknown) => unknown;
  const trim = trimFilter(original);

  it.each(['  both ends  ', '\n\t line breaks and tabs \r\n', '\u00a0no-break and\u2003em spaces\u00a0', '\ufeffbyte order mark', 'inner   spaces   kept', '', '   '])(
    'removes what the original removes from %j',
    (text) => {
      expect(trim(text)).toBe(original(text));
      const safe = trim(new nunjucks.runtime.SafeString(text));
      expect(safe).toBeInstanceOf(nunjucks.runtime.SafeString);
      expect(String(safe)).toBe(String(original(new nunjucks.runtime.SafeString(text))));
    },
  );

  it('is the one templates use, and keeps markup safe', () => {
    const environment = createTemplateEngine();
    expect(environment.renderString('[{{ html | safe | trim }}][{{ text | trim }}]', { html: '  <b>x</b> ', text: ' <b> ' })).toBe('[<b>x</b>][&lt;b&gt;]');
  });
});
