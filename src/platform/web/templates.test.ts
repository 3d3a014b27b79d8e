import { describe, expect, it } from 'vitest';
import { compileAllTemplates, createTemplateEngine, templateNames } from './nunjucks.js';

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
