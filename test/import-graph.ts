import fs from 'node:fs';
import path from 'node:path';

/**
 * The boundary rule of ARCHITECTURE.md, checked on the source tree's import graph:
 * - `platform/` is the shared kernel: it imports only itself (and the settings in `config.ts`);
 * - a capability imports another capability only through that capability's `index.ts`;
 * - everything outside the capabilities (the composition root, commands, demo data) does the same;
 * - a capability never imports the composition root, the commands or the demo data;
 * - capabilities do not import each other in a circle.
 * Tests are left out: a test may set up its data through any module it likes.
 */

export const capabilities = ['accounts', 'assessment', 'providers', 'pathway', 'insight', 'regional', 'home', 'api'] as const;

export interface ImportEdge {
  from: string;
  to: string;
}

export interface BoundaryViolation {
  rule: 'platform-imports-outside' | 'capability-internals' | 'capability-imports-root' | 'capability-cycle';
  from: string;
  to: string;
}

const importPattern = /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function sourceFiles(root: string, folder = ''): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(path.join(root, folder), { withFileTypes: true })) {
    const relative = path.posix.join(folder, entry.name);
    if (entry.isDirectory()) files.push(...sourceFiles(root, relative));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.d.ts')) files.push(relative);
  }
  return files;
}

/** Every import between source files under `root`, as paths relative to it. */
export function importGraph(root: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of sourceFiles(root)) {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    for (const match of text.matchAll(importPattern)) {
      const specifier = match[1] ?? match[2];
      if (!specifier?.startsWith('.')) continue;
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier)).replace(/\.js$/, '.ts');
      if (target.startsWith('..')) continue;
      edges.push({ from: file, to: target });
    }
  }
  return edges;
}

type Area = { kind: 'platform' } | { kind: 'capability'; name: string } | { kind: 'config' } | { kind: 'outside' };

function areaOf(file: string): Area {
  const [top] = file.split('/');
  if (top === 'platform') return { kind: 'platform' };
  if (file === 'config.ts') return { kind: 'config' };
  if ((capabilities as readonly string[]).includes(top ?? '') && file.includes('/')) return { kind: 'capability', name: top as string };
  return { kind: 'outside' };
}

const isIndexOf = (file: string, capability: string) => file === `${capability}/index.ts`;

export function boundaryViolations(edges: readonly ImportEdge[]): BoundaryViolation[] {
  const violations: BoundaryViolation[] = [];
  const capabilityEdges = new Map<string, Set<string>>();
  for (const edge of edges) {
    const from = areaOf(edge.from);
    const to = areaOf(edge.to);
    if (from.kind === 'platform') {
      if (to.kind !== 'platform' && to.kind !== 'config') violations.push({ rule: 'platform-imports-outside', ...edge });
      continue;
    }
    if (from.kind === 'capability' && to.kind === 'outside') {
      violations.push({ rule: 'capability-imports-root', ...edge });
      continue;
    }
    if (to.kind !== 'capability') continue;
    if (from.kind === 'capability' && from.name === to.name) continue;
    if (!isIndexOf(edge.to, to.name)) violations.push({ rule: 'capability-internals', ...edge });
    if (from.kind === 'capability') {
      const targets = capabilityEdges.get(from.name) ?? new Set<string>();
      targets.add(to.name);
      capabilityEdges.set(from.name, targets);
    }
  }
  for (const cycle of cyclesOf(capabilityEdges)) {
    violations.push({ rule: 'capability-cycle', from: cycle.join(' → '), to: cycle[0] as string });
  }
  return violations;
}

/** Each circle of capabilities once, starting from its alphabetically first member. */
function cyclesOf(graph: Map<string, Set<string>>): string[][] {
  const found = new Map<string, string[]>();
  const walk = (start: string, node: string, trail: string[]) => {
    for (const next of graph.get(node) ?? []) {
      if (next === start) {
        const cycle = [...trail];
        const first = [...cycle].sort()[0] as string;
        const rotated = [...cycle.slice(cycle.indexOf(first)), ...cycle.slice(0, cycle.indexOf(first))];
        found.set(rotated.join(' → '), rotated);
      } else if (!trail.includes(next)) {
        walk(start, next, [...trail, next]);
      }
    }
  };
  for (const start of graph.keys()) walk(start, start, [start]);
  return [...found.values()];
}
