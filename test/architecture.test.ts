/**
 * ARCHITECTURE.md's layering, checked on the import graph of server/src, client/src and media/src.
 * Every import form counts: `import`, `import type`, `export … from`, `import()` and `require()`; type-only imports
 * too, because a type import is still a dependency on another layer's vocabulary.
 * Each violation names the importing file and line, the target and the rule it breaks.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..');
const SOURCE_ROOTS = ['server/src', 'client/src', 'media/src'];

interface Import {
  /** Importing file, relative to the repository with '/' separators. */
  from: string;
  line: number;
  /** The specifier as written. */
  spec: string;
  /** A repository-relative file for relative imports, the package name (or `node:x`) otherwise. */
  target: string;
}

/** All module specifiers a source text uses, with their 1-based lines. */
export function listImports(text: string): { spec: string; line: number }[] {
  const info = ts.preProcessFile(text, true, true);
  const lineAt = (pos: number) => text.slice(0, pos).split('\n').length;
  return info.importedFiles.map((f) => ({ spec: f.fileName, line: lineAt(f.pos) }));
}

const packageOf = (spec: string) => (spec.startsWith('node:') ? spec : /^(@[^/]+\/[^/]+|[^/]+)/.exec(spec)![1]);

function resolveRelative(fromFile: string, spec: string): string {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), spec));
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`]) {
    try {
      if (statSync(path.join(ROOT, candidate)).isFile()) return candidate;
    } catch {
      // Not this candidate.
    }
  }
  return base;
}

function sourceFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(rel);
      else if (/\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(rel);
    }
  };
  for (const r of SOURCE_ROOTS) walk(r);
  return out.sort();
}

function importGraph(files: string[]): Import[] {
  return files.flatMap((from) =>
    listImports(readFileSync(path.join(ROOT, from), 'utf8')).map(({ spec, line }) => ({
      from,
      line,
      spec,
      target: spec.startsWith('.') ? resolveRelative(from, spec) : packageOf(spec),
    })),
  );
}

/** The layer of a repository file: `server/<folder>` for server/src/<folder>/…, `server/<file>` for top-level files. */
function layerOf(file: string): string {
  const server = /^server\/src\/([^/]+)/.exec(file);
  if (server) return `server/${server[1].replace(/\.ts$/, '')}`;
  return file.split('/').slice(0, 2).join('/');
}
const isRepoFile = (target: string) => SOURCE_ROOTS.some((r) => target.startsWith(`${r}/`));
const under = (file: string, ...prefixes: string[]) => prefixes.some((p) => file === p || file.startsWith(`${p}/`));

/** Which server layers each server layer may import (ARCHITECTURE.md, invariant 1: analysis ← rules ← lint ← lsp/cli). */
const SERVER_LAYERS: Record<string, string[]> = {
  'server/protocol': ['server/protocol'],
  'server/analysis': ['server/analysis'],
  'server/simulator': ['server/simulator', 'server/protocol'],
  'server/ruleSupport': ['server/analysis', 'server/ruleSupport'],
  'server/rules': ['server/analysis', 'server/ruleSupport', 'server/rules'],
  'server/lint': ['server/analysis', 'server/ruleSupport', 'server/rules', 'server/lint', 'server/protocol', 'server/simulator'],
  'server/lsp': ['server/analysis', 'server/ruleSupport', 'server/rules', 'server/lint', 'server/lsp', 'server/protocol', 'server/simulator'],
  'server/main': ['server/lsp'],
  'server/cliArgs': [],
  'server/cli': ['server/analysis', 'server/rules', 'server/lint', 'server/protocol', 'server/simulator', 'server/simulateCommand', 'server/cliArgs'],
  'server/simulateCommand': ['server/analysis', 'server/rules', 'server/lint', 'server/protocol', 'server/simulator', 'server/cliArgs'],
};
/** Inside analysis: the low-level readers never reach up into the model that assembles them. */
const ANALYSIS_LOW = ['text', 'parsing', 'project', 'plist', 'xcode'].map((f) => `server/src/analysis/${f}`);
const ANALYSIS_HIGH = ['model', 'swift', 'typescript', 'flow'].map((f) => `server/src/analysis/${f}`);

/** The rules each import is checked against; returns the rule it breaks, or undefined. */
export function violation(im: Import): string | undefined {
  const { from, target } = im;
  const layer = layerOf(from);
  if (!isRepoFile(target)) {
    const pkg = target;
    if (/^vscode-(languageserver|jsonrpc)/.test(pkg) && !under(from, 'server/src/lsp')) return 'only server/src/lsp imports the language server packages (invariant 1)';
    if (pkg === 'vscode' && !under(from, 'client/src')) return '`vscode` is importable only in client/ (invariant 1)';
    if (pkg === 'vscode' && under(from, 'client/src/device/core')) return 'client/src/device/core is pure Node: no `vscode` (map)';
    if (pkg === 'vscode-languageclient' && !under(from, 'client/src')) return 'only client/ imports vscode-languageclient';
    if (under(from, 'server/src/protocol')) return 'protocol/ is a leaf: no packages';
    if (under(from, 'server/src/simulator') && pkg !== '@sinclair/typebox') return 'the simulator is pure (bundled into the webview): no Node APIs or packages but TypeBox';
    if (under(from, 'media/src') && (pkg.startsWith('node:') || pkg === 'vscode')) return 'the webview front end runs in a browser: no Node APIs, no vscode';
    return undefined;
  }
  const targetLayer = layerOf(target);
  if (from.startsWith('client/src/') || from.startsWith('media/src/')) {
    if (target.startsWith('server/src/') && !['server/protocol', 'server/simulator'].includes(targetLayer))
      return `${layerOf(from)} imports from server/src only protocol/ and the pure simulator (invariant 1)`;
    if (from.startsWith('media/src/') && target.startsWith('client/src/')) return 'the webview front end does not import the extension host';
    if (from.startsWith('client/src/') && target.startsWith('media/src/')) return 'the extension host does not import the webview front end';
    return undefined;
  }
  const allowed = SERVER_LAYERS[layer];
  if (!allowed) return `${layer} is not in the layer map of test/architecture.test.ts (add it there and to ARCHITECTURE.md)`;
  if (!target.startsWith('server/src/')) return `${layer} imports outside server/src`;
  if (!allowed.includes(targetLayer)) return `${layer} may import only ${allowed.map((l) => l.slice('server/'.length)).join(', ')} (invariant 1: analysis ← rules ← lint ← lsp/cli)`;
  if (under(from, ...ANALYSIS_LOW) && under(target, ...ANALYSIS_HIGH))
    return 'analysis/{text,parsing,project,plist,xcode} never import the model or the language front ends above them';
  // Outside rules/, rules are reached through the registry and the shared types; constants a rule shares live in a leaf.
  if (targetLayer === 'server/rules' && layer !== 'server/rules' && layer !== 'server/lint' && !['server/src/rules/index.ts', 'server/src/rules/types.ts'].includes(target))
    return 'outside rules/ and lint/, rules are imported only through rules/index.ts and rules/types.ts (move shared values to a leaf)';
  return undefined;
}

/** Import cycles between files (strongly connected components with more than one file, or a self-import). */
export function cycles(edges: Import[]): string[][] {
  const next = new Map<string, Set<string>>();
  for (const e of edges) if (isRepoFile(e.target)) (next.get(e.from) ?? next.set(e.from, new Set()).get(e.from)!).add(e.target);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  let counter = 0;
  // Iterative Tarjan: the graph has hundreds of files and recursion depth is not worth risking.
  for (const start of next.keys()) {
    if (index.has(start)) continue;
    const work: { node: string; it: Iterator<string> }[] = [];
    const open = (n: string) => {
      index.set(n, counter);
      low.set(n, counter++);
      stack.push(n);
      onStack.add(n);
      work.push({ node: n, it: (next.get(n) ?? new Set<string>()).values() });
    };
    open(start);
    while (work.length) {
      const top = work[work.length - 1];
      const step = top.it.next();
      if (!step.done) {
        const m = step.value;
        if (!index.has(m)) open(m);
        else if (onStack.has(m)) low.set(top.node, Math.min(low.get(top.node)!, index.get(m)!));
        continue;
      }
      work.pop();
      if (work.length) low.set(work[work.length - 1].node, Math.min(low.get(work[work.length - 1].node)!, low.get(top.node)!));
      if (low.get(top.node) === index.get(top.node)) {
        const scc: string[] = [];
        let m: string;
        do {
          m = stack.pop()!;
          onStack.delete(m);
          scc.push(m);
        } while (m !== top.node);
        if (scc.length > 1 || next.get(top.node)?.has(top.node)) out.push(scc.sort());
      }
    }
  }
  return out;
}

const describeImport = (im: Import) => `${im.from}:${im.line} → ${im.spec}${im.target !== im.spec ? ` (${im.target})` : ''}`;

describe('architecture', () => {
  const files = sourceFiles();
  const graph = importGraph(files);

  it('lists every import form, type-only ones included', () => {
    const text = [
      "import a from './a';",
      "import type { B } from '../b';",
      "export { c } from './c';",
      "export type * from './d';",
      "const e = await import('./e');",
      "const f = require('node:fs');",
      "import g = require('g-pkg');",
      "// import h from './commented-out';",
    ].join('\n');
    expect(listImports(text)).toEqual([
      { spec: './a', line: 1 },
      { spec: '../b', line: 2 },
      { spec: './c', line: 3 },
      { spec: './d', line: 4 },
      { spec: './e', line: 5 },
      { spec: 'node:fs', line: 6 },
      { spec: 'g-pkg', line: 7 },
    ]);
  });

  it('the checker catches what the issue names (a rule importing the LSP, a cycle)', () => {
    const rule = 'server/src/rules/some-rule.ts';
    expect(violation({ from: rule, line: 1, spec: 'vscode-languageserver', target: 'vscode-languageserver' })).toMatch(/only server\/src\/lsp/);
    expect(violation({ from: rule, line: 1, spec: '../lsp/server', target: 'server/src/lsp/server.ts' })).toMatch(/server\/rules may import only/);
    expect(violation({ from: 'server/src/analysis/plist/x.ts', line: 1, spec: '../model/workspace', target: 'server/src/analysis/model/workspace.ts' })).toMatch(/never import the model/);
    expect(violation({ from: 'server/src/lsp/x.ts', line: 1, spec: 'vscode-languageserver', target: 'vscode-languageserver' })).toBeUndefined();
    const a = 'server/src/analysis/a.ts';
    const b = 'server/src/analysis/b.ts';
    expect(cycles([{ from: a, line: 1, spec: './b', target: b }, { from: b, line: 1, spec: './a', target: a }])).toEqual([[a, b]]);
  });

  it('sees the whole tree', () => {
    // A broken walk (wrong root, wrong extension filter) would make every other check pass vacuously.
    expect(files.filter((f) => f.startsWith('server/src/rules/')).length).toBeGreaterThan(10);
    expect(files.some((f) => f.startsWith('client/src/'))).toBe(true);
    expect(files.some((f) => f.startsWith('media/src/'))).toBe(true);
    expect(graph.length).toBeGreaterThan(300);
  });

  it('every relative import resolves to a file', () => {
    const unresolved = graph.filter((im) => im.spec.startsWith('.') && !/\.tsx?$|\.json$|\.mjs$|\.js$/.test(im.target));
    expect(unresolved.map(describeImport)).toEqual([]);
  });

  it('imports follow the layering of ARCHITECTURE.md', () => {
    const bad = graph.flatMap((im) => {
      const why = violation(im);
      return why ? [`${describeImport(im)}: ${why}`] : [];
    });
    expect(bad, `layering violations:\n  ${bad.join('\n  ')}\n`).toEqual([]);
  });

  it('no import cycles between files', () => {
    const found = cycles(graph).map((scc) => scc.join(' → '));
    expect(found, `import cycles:\n  ${found.join('\n  ')}\n`).toEqual([]);
  });

  it(`no function in server/src or client/src is longer than ${MAX_FUNCTION_LINES} lines`, () => {
    const long = files.filter((f) => /^(server|client)\/src\//.test(f)).flatMap(longFunctions);
    expect(long, `functions over ${MAX_FUNCTION_LINES} lines:\n  ${long.join('\n  ')}\n`).toEqual([]);
  });
});

/** Small feature modules (issue 13): a function past this is split. */
const MAX_FUNCTION_LINES = 150;

function longFunctions(file: string): string[] {
  const src = ts.createSourceFile(file, readFileSync(path.join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isFunctionLike(n) && 'body' in n && n.body) {
      const first = src.getLineAndCharacterOfPosition(n.getStart(src)).line;
      const lines = src.getLineAndCharacterOfPosition(n.end).line - first + 1;
      if (lines > MAX_FUNCTION_LINES) out.push(`${file}:${first + 1} (${lines} lines)`);
    }
    ts.forEachChild(n, visit);
  };
  visit(src);
  return out;
}
