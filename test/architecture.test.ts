import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const srcDir = join(root, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Relative imports of a file, type-only and dynamic ones included, as paths of .ts files under the root. */
function relativeImports(file: string, text: string): string[] {
  const specifiers = [
    ...text.matchAll(/\b(?:import|export)\s[^;]*?\bfrom\s*['"](\.{1,2}\/[^'"]+)['"]/g),
    ...text.matchAll(/\bimport\s*\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g),
    ...text.matchAll(/^\s*import\s*['"](\.{1,2}\/[^'"]+)['"]/gm),
  ].map((match) => match[1] as string);
  return specifiers.map((spec) => relative(root, resolve(dirname(file), spec.replace(/\.js$/, '.ts'))));
}

/** Every import cycle in the graph, each reported once as the path that closes it. */
function findCycles(graph: Map<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}

const queryBuilderCall = /\.(?:selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\(|\bsql`/;

/** Where SQL may be written: repositories and the db layer (migrations live outside src). */
function mayHoldSql(path: string): boolean {
  return path.endsWith('.repository.ts') || path.startsWith('src/db/');
}

/**
 * The doors (the bot, the CLI, and the HTTP side that feeds the bot webhooks) and the composition root may import
 * anything; the rooms behind them may not import them.
 */
function isEdge(path: string): boolean {
  return /^src\/(bot|cli|http)\//.test(path) || path === 'src/main.ts';
}

/** The rooms: domain folders (services, repositories, schemas), which know nothing of Telegram or terminals. */
function isDomain(path: string): boolean {
  return !/^src\/(bot|cli|jobs|messages|http|telegram|db|shared)\//.test(path) && path.split('/').length > 2;
}

/** Package imports of a file (bare specifiers), type-only included. */
function packageImports(text: string): string[] {
  return [...text.matchAll(/\b(?:import|export)\s[^;]*?\bfrom\s*['"]([^./'"][^'"]*)['"]/g)].map(
    (match) => match[1] as string,
  );
}

const files = sourceFiles(srcDir).map((path) => ({
  path: relative(root, path),
  text: readFileSync(path, 'utf8'),
}));

describe('architecture', () => {
  it('keeps query-builder calls in repositories and the db layer', () => {
    const offenders = files
      .filter((f) => !mayHoldSql(f.path))
      .flatMap((f) =>
        f.text
          .split('\n')
          .map((line, i) => ({ line, at: `${f.path}:${i + 1}` }))
          .filter(({ line }) => queryBuilderCall.test(line))
          .map(({ at, line }) => `${at}: ${line.trim()}`),
      );
    expect(offenders).toEqual([]);
  });

  it('keeps the bot and the CLI at the edges: nothing behind them imports them; no domain imports grammY, commander or a job', () => {
    const offenders = files
      .filter((f) => !isEdge(f.path))
      .flatMap((f) =>
        [
          ...relativeImports(join(root, f.path), f.text).filter(
            (target) => isEdge(target) || (isDomain(f.path) && target.startsWith('src/jobs/')),
          ),
          ...(isDomain(f.path) ? packageImports(f.text) : []).filter((name) =>
            /^(grammy|@grammyjs\/|commander|@inquirer\/)/.test(name),
          ),
        ].map((target) => `${f.path} -> ${target}`),
      );
    expect(offenders).toEqual([]);
  });

  it('has no import cycles, type-only imports included', () => {
    const graph = new Map(files.map((f) => [f.path, relativeImports(join(root, f.path), f.text)]));
    expect(findCycles(graph).map((cycle) => cycle.join(' -> '))).toEqual([]);
  });

  it('detects a cycle and reads multi-line and type-only imports', () => {
    const text =
      "import type {\n  A,\n} from './b.js';\nexport { c } from '../c.js';\nawait import('./d.js');";
    expect(relativeImports(join(root, 'src/x/a.ts'), text)).toEqual(['src/x/b.ts', 'src/c.ts', 'src/x/d.ts']);
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(findCycles(graph)).toEqual([['a', 'b', 'c', 'a']]);
  });

  it('flags SQL outside repositories', () => {
    expect(queryBuilderCall.test("db.selectFrom('orders')")).toBe(true);
    expect(queryBuilderCall.test('sql`select 1`')).toBe(true);
    expect(mayHoldSql('src/orders/orders.service.ts')).toBe(false);
    expect(mayHoldSql('src/orders/orders.repository.ts')).toBe(true);
    expect(packageImports("import type { Bot } from 'grammy';\nimport { x } from './y.js';")).toEqual([
      'grammy',
    ]);
    expect(isEdge('src/bot/index.ts')).toBe(true);
    expect(isEdge('src/jobs/outbox-worker.ts')).toBe(false);
    expect(isDomain('src/orders/place-order.ts')).toBe(true);
    expect(isDomain('src/messages/i18n.ts')).toBe(false);
  });
});
