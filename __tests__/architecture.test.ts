// The shape the code keeps as it grows: pure core, one module per flow, one place that concludes, no
// import cycles. Read from the sources, so a change that breaks the shape fails here.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from '@jest/globals';

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');

interface Import {
  from: string;
  /** A relative import resolved to a path under src/ (`core/render.ts`), or the package name. */
  to: string;
  typeOnly: boolean;
}

function sources(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [relative(SRC, join(dir, e.name))] : [],
  );
}

function importsOf(file: string): Import[] {
  const text = readFileSync(join(SRC, file), 'utf8');
  const found: Import[] = [];
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)) {
    const spec = m[3] as string;
    const to = spec.startsWith('.') ? normalize(join(dirname(file), spec)).replace(/\.js$/, '.ts') : spec;
    found.push({ from: file, to, typeOnly: m[2] !== undefined });
  }
  for (const m of text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    const spec = m[1] as string;
    found.push({ from: file, to: spec.startsWith('.') ? normalize(join(dirname(file), spec)).replace(/\.js$/, '.ts') : spec, typeOnly: false });
  }
  return found;
}

const files = sources();
const graph = new Map(files.map((f) => [f, importsOf(f)]));
const local = (i: Import) => !i.to.startsWith('@') && !i.to.startsWith('node:') && i.to.endsWith('.ts');

describe('architecture', () => {
  test('the sources were found and every relative import resolves to one of them', () => {
    expect(files).toContain('main.ts');
    expect(files).toContain('core/conclude.ts');
    const missing = [...graph.values()].flat().filter((i) => local(i) && !graph.has(i.to));
    expect(missing).toEqual([]);
  });

  test('no import cycles', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...path.slice(path.indexOf(file)), file].join(' -> '));
        return;
      }
      state.set(file, 'open');
      for (const i of graph.get(file) ?? []) if (local(i) && !i.typeOnly) visit(i.to, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
  });

  test('nothing but index.ts imports main.ts', () => {
    const importers = [...graph.values()].flat().filter((i) => i.to === 'main.ts').map((i) => i.from);
    expect(importers).toEqual(['index.ts']);
  });

  test('src/core is pure: it imports only src/core, and AWS SDK shapes as types', () => {
    const bad = files
      .filter((f) => f.startsWith('core/'))
      .flatMap((f) => graph.get(f) ?? [])
      .filter((i) => !(local(i) && i.to.startsWith('core/')) && !(i.typeOnly && i.to.startsWith('@aws-sdk/')))
      .map((i) => `${i.from} imports ${i.to}`);
    expect(bad).toEqual([]);
  });

  test('conclude imports no flow and no step; a flow imports no other flow', () => {
    const reach = (file: string, seen = new Set<string>()): Set<string> => {
      for (const i of graph.get(file) ?? []) if (local(i) && !seen.has(i.to)) reach(i.to, seen.add(i.to));
      return seen;
    };
    expect([...reach('core/conclude.ts')].filter((f) => f.startsWith('flows/') || f.startsWith('steps/'))).toEqual([]);
    const crossFlow = files
      .filter((f) => f.startsWith('flows/'))
      .flatMap((f) => (graph.get(f) ?? []).filter((i) => i.to.startsWith('flows/')).map((i) => `${f} imports ${i.to}`));
    expect(crossFlow).toEqual([]);
  });

  test('start-up loads neither @actions/core nor @actions/github: their HTTP stack (undici) is a third of the bundle', () => {
    // Static, value imports only: what evaluating dist/index.js evaluates before the first line of run().
    const staticImports = (file: string) =>
      [...readFileSync(join(SRC, file), 'utf8').matchAll(/^\s*(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)].map((m) => m[1] as string);
    const loaded = new Set<string>();
    const bad: string[] = [];
    const visit = (file: string) => {
      if (loaded.has(file)) return;
      loaded.add(file);
      for (const spec of staticImports(file)) {
        if (spec.startsWith('.')) visit(normalize(join(dirname(file), spec)).replace(/\.js$/, '.ts'));
        else if (spec === '@actions/core' || spec === '@actions/github') bad.push(`${file} imports ${spec}`);
      }
    };
    visit('index.ts');
    expect(loaded).toContain('main.ts');
    expect(bad).toEqual([]);
  });

  test('only conclude decides the status: no other module names a status output', () => {
    const deciding = files.filter((f) => /\b(?:setOutput\(\s*['"]status|status:\s*'(?:completed|failed|error|cancelled)')/.test(readFileSync(join(SRC, f), 'utf8')));
    expect(deciding).toEqual(['core/conclude.ts']);
  });
});
