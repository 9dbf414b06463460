/**
 * ARCHITECTURE.md's layering, checked on the import graph (type-only imports included): who may import whom, which
 * folder alone talks LSP, and no import cycles between files. A rule that imports `lsp/` or `vscode-languageserver`
 * fails here with the file, line and the rule it breaks.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const REPO = path.resolve(__dirname, '..');

interface Edge {
  from: string;
  line: number;
  /** Repo-relative file for local imports, else the package name. */
  to: string;
  local: boolean;
}

function files(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(path.join(REPO, dir), { withFileTypes: true })) {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...files(rel));
    else if (/\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

function resolveLocal(from: string, spec: string): string {
  const base = path.normalize(path.join(path.dirname(from), spec));
  for (const c of [`${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), base]) {
    try {
      readFileSync(path.join(REPO, c));
      return c;
    } catch {
      // next candidate
    }
  }
  return base;
}

/** Every import, export-from, require and import() of the given files. */
export function importEdges(list: string[]): Edge[] {
  const edges: Edge[] = [];
  for (const from of list) {
    const text = readFileSync(path.join(REPO, from), 'utf8');
    const info = ts.preProcessFile(text, true, true);
    for (const r of info.importedFiles) {
      const line = text.slice(0, r.pos).split('\n').length;
      const local = r.fileName.startsWith('.');
      edges.push({ from, line, to: local ? resolveLocal(from, r.fileName) : r.fileName, local });
    }
  }
  return edges;
}

/** The layer of a server file: its folder under server/src, or the file itself at the top. */
function layer(file: string): string {
  const rel = path.relative('server/src', file);
  const parts = rel.split(path.sep);
  if (parts[0] === 'analysis') return 'analysis';
  return parts.length > 1 ? parts[0] : parts[0].replace(/\.ts$/, '');
}

/** Which server layers each layer may import (besides itself). */
const MAY_IMPORT: Record<string, string[]> = {
  protocol: [],
  analysis: [],
  rules: ['analysis', 'ruleSupport', 'protocol'],
  ruleSupport: ['analysis', 'protocol'],
  lint: ['analysis', 'rules', 'ruleSupport', 'protocol'],
  simulator: ['protocol'],
  lsp: ['analysis', 'rules', 'ruleSupport', 'lint', 'simulator', 'protocol'],
  cli: ['analysis', 'rules', 'lint', 'simulator', 'protocol', 'simulateCommand'],
  simulateCommand: ['analysis', 'rules', 'lint', 'simulator', 'protocol'],
  main: ['lsp'],
};

export function layeringViolations(edges: Edge[]): string[] {
  const out: string[] = [];
  for (const e of edges) {
    const where = `${e.from}:${e.line} → ${e.to}`;
    if (e.from.startsWith('server/src/')) {
      const from = layer(e.from);
      if (!e.local) {
        if (/^vscode-languageserver/.test(e.to) && from !== 'lsp') out.push(`${where}: only server/src/lsp may import the LSP packages`);
        if (e.to === 'vscode') out.push(`${where}: the server never imports vscode`);
        continue;
      }
      if (!e.to.startsWith('server/src/')) {
        out.push(`${where}: the server imports nothing outside server/src`);
        continue;
      }
      const to = layer(e.to);
      if (to === from) continue;
      const allowed = MAY_IMPORT[from];
      if (!allowed) out.push(`${where}: ${from} is not a known layer (add it to ARCHITECTURE.md and this test)`);
      else if (!allowed.includes(to)) out.push(`${where}: ${from} may import only ${allowed.join(', ') || 'itself'}, not ${to}`);
    } else if (e.local && e.to.startsWith('server/src/')) {
      // client/ and media/: the protocol and the pure simulator only.
      const to = layer(e.to);
      if (to !== 'protocol' && to !== 'simulator') out.push(`${where}: client and webview code may import only server/src/protocol and server/src/simulator`);
    } else if (!e.local && /^vscode-languageserver(?!-protocol|-textdocument)/.test(e.to) && e.from.startsWith('media/')) {
      out.push(`${where}: the webview does not talk LSP`);
    }
  }
  return out;
}

/** Import cycles between files (strongly connected components of more than one file), type-only imports included. */
export function importCycles(edges: Edge[]): string[][] {
  const graph = new Map<string, string[]>();
  for (const e of edges) if (e.local) graph.set(e.from, [...(graph.get(e.from) ?? []), e.to]);
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1) cycles.push(comp.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return cycles;
}

const ALL = [...files('server/src'), ...files('client/src'), ...files('media/src')];

describe('layering (ARCHITECTURE.md, invariant 1)', () => {
  const edges = importEdges(ALL);

  it('every import follows the layers', () => {
    expect(layeringViolations(edges)).toEqual([]);
  });

  it('no import cycles between files', () => {
    expect(importCycles(edges)).toEqual([]);
  });

  it('catches a rule that imports the language server or lsp/', () => {
    const bad: Edge[] = [
      { from: 'server/src/rules/missing-set-task-completed.ts', line: 3, to: 'vscode-languageserver', local: false },
      { from: 'server/src/rules/missing-set-task-completed.ts', line: 4, to: 'server/src/lsp/convert.ts', local: true },
      { from: 'server/src/analysis/model/workspace.ts', line: 5, to: 'server/src/rules/types.ts', local: true },
      { from: 'client/src/extension.ts', line: 6, to: 'server/src/analysis/model/workspace.ts', local: true },
    ];
    expect(layeringViolations(bad)).toEqual([
      'server/src/rules/missing-set-task-completed.ts:3 → vscode-languageserver: only server/src/lsp may import the LSP packages',
      'server/src/rules/missing-set-task-completed.ts:4 → server/src/lsp/convert.ts: rules may import only analysis, ruleSupport, protocol, not lsp',
      'server/src/analysis/model/workspace.ts:5 → server/src/rules/types.ts: analysis may import only itself, not rules',
      'client/src/extension.ts:6 → server/src/analysis/model/workspace.ts: client and webview code may import only server/src/protocol and server/src/simulator',
    ]);
    expect(importCycles([...bad, { from: 'server/src/lsp/convert.ts', line: 1, to: 'server/src/rules/missing-set-task-completed.ts', local: true }])).toHaveLength(1);
  });
});
