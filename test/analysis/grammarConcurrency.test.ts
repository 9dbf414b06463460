/**
 * Grammars requested at the same time (two folders indexing at once, the indexer awaiting TypeScript while an edit makes
 * a Swift file worth parsing) all load and all parse. Emscripten links each grammar into the runtime through one shared
 * symbol table, so a load must not start while another is between instantiation and linking. Under CPU load, two
 * overlapping asynchronous loads failed with "bad export type for 'tree_sitter_swift_external_scanner_create'" and the
 * folder was never indexed. The test makes that overlap certain instead of waiting for it: any asynchronous
 * instantiation is held until the other request has settled. Runs in a fresh module registry (vitest.config.ts:
 * isolated), so no grammar is loaded before it starts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { getParser, getParserSync, initRuntime, parseWith } from '../../server/src/analysis/parsing/treeSitter';

const realInstantiate = WebAssembly.instantiate;
afterEach(() => {
  WebAssembly.instantiate = realInstantiate;
});

describe('grammar loading at the same time', () => {
  it('loads grammars requested together, even when one instantiation is held back until the other request settles', async () => {
    await initRuntime();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const swiftStarted = new Promise<void>((resolve) => (started = resolve));
    let calls = 0;
    WebAssembly.instantiate = (async (...args: Parameters<typeof realInstantiate>) => {
      const first = calls++ === 0;
      if (first) started();
      const result = await (realInstantiate as (...a: unknown[]) => Promise<unknown>).apply(WebAssembly, args);
      if (first) await gate;
      return result;
    }) as typeof realInstantiate;
    // Swift first, held after instantiation (its symbols are in the shared table, not yet linked); TypeScript is
    // requested meanwhile, and Swift goes on only when TypeScript has settled. A loader that never instantiates
    // asynchronously passes straight through.
    const swift = getParser('swift');
    await Promise.race([swiftStarted, swift]);
    const ts = getParser('typescript');
    void ts.then(release, release);
    const settled = await Promise.allSettled([ts, swift]);
    WebAssembly.instantiate = realInstantiate;
    expect(settled.map((s) => (s.status === 'rejected' ? String(s.reason) : 'loaded'))).toEqual(['loaded', 'loaded']);
    const tsx = getParser('tsx');
    expect(getParserSync('swift')).toBe(await swift);
    const cases: [Promise<Awaited<typeof swift>>, string, string][] = [
      [swift, 'let id = "com.example.refresh"\nfunc go() { print(id) }\n', 'source_file'],
      [ts, 'const id: string = "com.example.refresh";\nexport function go(): void { console.log(id); }\n', 'program'],
      [tsx, 'export const View = () => <Text>{"com.example.refresh"}</Text>;\n', 'program'],
    ];
    for (const [parser, text, rootType] of cases) {
      const result = parseWith(await parser, text);
      expect('tree' in result).toBe(true);
      if (!('tree' in result)) continue;
      expect(result.tree.rootNode.type).toBe(rootType);
      expect(result.tree.rootNode.hasError).toBe(false);
      result.tree.delete();
    }
  });
});
