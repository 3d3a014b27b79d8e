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
    expect(Object.keys(loader?.cache ?? {})).toHaveLength(0);
    const count = await compileAllTemplates(environment);
    expect(count).toBe(templateNames().length);
    expect(Object.keys(loader?.cache ?? {})).toHaveLength(count);
  });
});
