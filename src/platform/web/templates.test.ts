import { LRUCache } from 'lru-cache';
import nunjucks from 'nunjucks';
import { describe, expect, it } from 'vitest';
import { compileAllTemplates, createTemplateEngine, rememberingOutput, templateNames } from './nunjucks.js';

describe('compiling every template ahead of use', () => {
  it('finds the service’s own templates and govuk-frontend’s', () => {
    const names = templateNames();
    expect(names).toContain('home/views/home.njk');
    expect(names).toContain('platform/web/views/layout.njk');
    expect(names).toContain('govuk/template.njk');
    expect(names).toContain('govuk/components/button/macro.njk');
  });

  it('compiles each of them once, so a later render finds it compiled', async () => {
    const environment = createTemplateEngine();
    const loader = (environment as unknown as { loaders: Array<{ cache: Record<string, unknown> }> }).loaders[0];
    // Only the components' macro files, read when the engine is made (their macros are globals).
    const before = Object.keys(loader?.cache ?? {});
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((name) => name.endsWith('/macro.njk'))).toBe(true);
    const count = await compileAllTemplates(environment);
    expect(count).toBe(templateNames().length);
    expect(Object.keys(loader?.cache ?? {})).toHaveLength(count);
  });
});

describe('the components’ macros', () => {
  it('are there for a template that imports none, and render as an import of them would', () => {
    const environment = createTemplateEngine();
    const withGlobal = environment.renderString('{{ govukTag({ text: "Waiting", classes: "govuk-tag--blue" }) }}', {});
    const imported = environment.renderString('{% from "govuk/components/tag/macro.njk" import govukTag %}{{ govukTag({ text: "Waiting", classes: "govuk-tag--blue" }) }}', {});
    expect(withGlobal).toContain('<strong class="govuk-tag govuk-tag--blue">');
    expect(withGlobal).toBe(imported);
  });
});

describe('components rendered once for the same parameters', () => {
  function counted() {
    let calls = 0;
    const kept = new LRUCache<string, object>({ max: 10 });
    const macro = rememberingOutput('govukExample', (...args: unknown[]) => {
      calls += 1;
      return new nunjucks.runtime.SafeString(`<p>${JSON.stringify(args)} ${calls}</p>`);
    }, kept);
    return { macro, calls: () => calls };
  }

  it('renders a component again only when its parameters differ', () => {
    const { macro, calls } = counted();
    const first = macro({ text: 'Waiting', classes: 'govuk-tag--blue' });
    expect(macro({ text: 'Waiting', classes: 'govuk-tag--blue' })).toBe(first);
    expect(calls()).toBe(1);
    macro({ text: 'Admitted', classes: 'govuk-tag--blue' });
    expect(calls()).toBe(2);
  });

  it.each([
    ['markup already made safe and the same text to escape', { html: new nunjucks.runtime.SafeString('<b>x</b>') }, { html: '<b>x</b>' }],
    ['an undefined entry and null', { items: [undefined] }, { items: [null] }],
    ['NaN and null', { value: Number.NaN }, { value: null }],
    ['an entry left undefined and one left out', { hint: undefined }, {}],
  ])('tells apart %s', (_what, one: object, other: object) => {
    const { macro, calls } = counted();
    macro(one);
    macro(other);
    expect(calls()).toBe(2);
  });

  it.each([
    ['a caller block', () => [{ text: 'x' }, { caller: () => 'inside', __keywords: true }]],
    ['keyword arguments alone', () => [{ text: 'x', __keywords: true }]],
    ['a Date, which is not plain data', () => [{ value: new Date('2026-12-04T00:00:00Z') }]],
    ['a function', () => [{ value: () => 'x' }]],
    ['parameters too long to be worth keeping', () => [{ rows: 'x'.repeat(5_000) }]],
  ])('renders afresh every time with %s', (_what, args: () => unknown[]) => {
    const { macro, calls } = counted();
    macro(...args());
    macro(...args());
    expect(calls()).toBe(2);
  });

  it('gives pages the same markup as govuk-frontend’s own macros', () => {
    const environment = createTemplateEngine();
    const page = '{{ govukTag({ text: "Waiting" }) }}{{ govukButton({ text: "Save", html: html }) }}{{ govukInput({ id: "q", name: "q", label: { text: "Reference" }, value: value }) }}';
    const imported = `{% from "govuk/components/tag/macro.njk" import govukTag %}{% from "govuk/components/button/macro.njk" import govukButton %}{% from "govuk/components/input/macro.njk" import govukInput %}${page}`;
    for (const context of [{ value: 'NM-1' }, { value: 'NM-1' }, { value: '<b>', html: new nunjucks.runtime.SafeString('<b>Save</b>') }, { value: '<b>' }]) {
      expect(environment.renderString(page, context)).toBe(environment.renderString(imported, context));
    }
  });
});
