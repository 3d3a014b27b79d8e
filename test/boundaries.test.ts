import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { boundaryViolations, importGraph } from './import-graph.js';

const sourceRoot = path.resolve(import.meta.dirname, '..', 'src');

describe('the boundaries between platform and the capabilities', () => {
  it('holds in the source tree', () => {
    const edges = importGraph(sourceRoot);
    expect(edges.length).toBeGreaterThan(100);
    expect(boundaryViolations(edges)).toEqual([]);
  });
});

describe('the boundary check', () => {
  let fixture: string;
  const write = (files: Record<string, string>) => {
    fixture = fs.mkdtempSync(path.join(os.tmpdir(), 'rp-boundaries-'));
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(fixture, file)), { recursive: true });
      fs.writeFileSync(path.join(fixture, file), text);
    }
    return boundaryViolations(importGraph(fixture));
  };
  afterEach(() => fs.rmSync(fixture, { recursive: true, force: true }));

  it('accepts imports through a capability’s index and from platform', () => {
    expect(
      write({
        'platform/values/calendar.ts': 'export const x = 1;',
        'providers/index.ts': "export { serviceName } from './rules.js';",
        'providers/rules.ts': "import { x } from '../platform/values/calendar.js';\nexport const serviceName = x;",
        'pathway/service.ts': "import { serviceName } from '../providers/index.js';\nimport type { AppConfig } from '../config.js';",
        'app.ts': "import { serviceName } from './providers/index.js';",
        'config.ts': 'export type AppConfig = object;',
      }),
    ).toEqual([]);
  });

  it('finds a capability borrowing another’s internals', () => {
    expect(
      write({
        'providers/service-import.ts': 'export const headingKey = 1;',
        'pathway/import-rules.ts': "import { headingKey } from '../providers/service-import.js';",
      }),
    ).toEqual([{ rule: 'capability-internals', from: 'pathway/import-rules.ts', to: 'providers/service-import.ts' }]);
  });

  it('finds type-only, re-exported and dynamic imports of internals', () => {
    const violations = write({
      'assessment/labels.ts': 'export type Tag = object;',
      'providers/routes/commissioning.ts': "import type { Tag } from '../../assessment/labels.js';",
      'pathway/labels.ts': "export { type Tag } from '../assessment/labels.js';",
      'home/routes.ts': "const later = await import('../assessment/labels.js');",
    });
    expect(violations.map((violation) => violation.from).sort()).toEqual(['home/routes.ts', 'pathway/labels.ts', 'providers/routes/commissioning.ts']);
  });

  it('finds platform reaching into a capability', () => {
    expect(
      write({
        'assessment/templates/store.ts': 'export const loadBuiltInTemplates = 1;',
        'platform/db/migrate-command.ts': "import { loadBuiltInTemplates } from '../../assessment/templates/store.js';",
      }),
    ).toEqual([{ rule: 'platform-imports-outside', from: 'platform/db/migrate-command.ts', to: 'assessment/templates/store.ts' }]);
  });

  it('finds platform importing a capability even through its index', () => {
    expect(
      write({
        'accounts/index.ts': 'export const regions = [];',
        'platform/web/setup.ts': "import { regions } from '../../accounts/index.js';",
      }),
    ).toEqual([{ rule: 'platform-imports-outside', from: 'platform/web/setup.ts', to: 'accounts/index.ts' }]);
  });

  it('finds a capability importing the demo data or the composition root', () => {
    const violations = write({
      'demo/provider-demo.ts': 'export const demoServices = [];',
      'services.ts': 'export const createServices = 1;',
      'pathway/import-example.ts': "import { demoServices } from '../demo/provider-demo.js';\nimport { createServices } from '../services.js';",
    });
    expect(violations).toEqual([
      { rule: 'capability-imports-root', from: 'pathway/import-example.ts', to: 'demo/provider-demo.ts' },
      { rule: 'capability-imports-root', from: 'pathway/import-example.ts', to: 'services.ts' },
    ]);
  });

  it('finds the demo data reaching into a capability’s internals', () => {
    expect(
      write({
        'pathway/stage-rules.ts': 'export const move = 1;',
        'demo/pathway-demo.ts': "import { move } from '../pathway/stage-rules.js';",
      }),
    ).toEqual([{ rule: 'capability-internals', from: 'demo/pathway-demo.ts', to: 'pathway/stage-rules.ts' }]);
  });

  it('finds capabilities that import each other in a circle, even through their indexes', () => {
    const violations = write({
      'pathway/index.ts': "import { a } from '../providers/index.js';\nexport const b = a;",
      'providers/index.ts': "import { c } from '../insight/index.js';\nexport const a = c;",
      'insight/index.ts': "import { b } from '../pathway/index.js';\nexport const c = b;",
    });
    expect(violations).toEqual([{ rule: 'capability-cycle', from: 'insight → pathway → providers', to: 'insight' }]);
  });

  it('leaves tests out of the graph', () => {
    expect(
      write({
        'providers/rules.ts': 'export const x = 1;',
        'pathway/import.test.ts': "import { x } from '../providers/rules.js';",
      }),
    ).toEqual([]);
  });
});
