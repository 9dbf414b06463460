/**
 * Open documents are parsed only when the analysis needs their facts: a big open file without BackgroundTasks or
 * launch vocabulary costs a text update per keystroke, not a parse.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Parser } from 'web-tree-sitter';
import { getParser } from '../../server/src/analysis/parsing/treeSitter';
import { swiftNeedsParse } from '../../server/src/analysis/project/discover';
import { Documents } from '../../server/src/lsp/documents';

let parser: Parser;
beforeAll(async () => {
  parser = await getParser('swift');
});

describe('open documents', () => {
  it('parse only what the analysis needs, and start parsing when an edit makes it needed', () => {
    const onDemand = new Set<string>();
    const docs = new Documents(parser, (file, text) => swiftNeedsParse(text) || onDemand.has(file));
    const uri = 'file:///proj/App/Strings.swift';
    const file = '/proj/App/Strings.swift';
    const text = 'enum Strings {\n  static let title = "Title"\n}\n';
    expect(docs.open(uri, file, 'swift', 1, text).facts).toBeUndefined();
    expect(docs.get(uri)!.tree).toBeUndefined();

    // A keystroke in a file nobody needs: still no parse.
    let r = docs.change(uri, 2, [{ range: { start: { line: 1, character: 27 }, end: { line: 1, character: 27 } }, text: ' ' }]);
    expect(r?.facts).toBeUndefined();

    // The analysis parsed it on demand (a search for a constant found it): from now on each change brings facts.
    onDemand.add(file);
    r = docs.change(uri, 3, [{ range: { start: { line: 2, character: 1 }, end: { line: 2, character: 1 } }, text: '\n' }]);
    expect(r?.facts?.file).toBe(file);
    expect(docs.get(uri)!.facts).toBe(r?.facts);
    expect(docs.get(uri)!.tree).toBeDefined();

    // Typing BackgroundTasks vocabulary into another file makes it needed too.
    const other = 'file:///proj/App/Sync.swift';
    docs.open(other, '/proj/App/Sync.swift', 'swift', 1, 'func sync() {}\n');
    r = docs.change(other, 2, [{ range: { start: { line: 0, character: 13 }, end: { line: 0, character: 13 } }, text: ' BGTaskScheduler.shared.cancelAllTaskRequests() ' }]);
    expect(r?.facts?.file).toBe('/proj/App/Sync.swift');
  });
});
