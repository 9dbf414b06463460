/**
 * Open documents: their text and version, and for Swift an incrementally reparsed tree-sitter tree
 * (edits are applied to the old tree, so a keystroke reparses only what changed).
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import type { Parser, Tree } from 'web-tree-sitter';
import type { FileFacts } from '../analysis/model/facts';
import { parseWith } from '../analysis/parsing/treeSitter';
import { extractSwiftFacts, FactsFragmentCache } from '../analysis/swift/extract';
import { preparedChangeOutsideEdit, prepareSwiftForParse } from '../analysis/swift/swift6Rewrite';
import { emptyFacts } from '../analysis/model/facts';

export interface OpenDocument {
  uri: string;
  file: string;
  doc: TextDocument;
  tree?: Tree;
  /** Per-function facts from the previous extraction, reused for unchanged functions. */
  fragments: FactsFragmentCache;
  /** Facts of the current text (Swift documents the analysis needs), else undefined. */
  facts?: FileFacts;
}

/**
 * Whether the analysis needs a Swift document's facts: it mentions BackgroundTasks or launch vocabulary, or the
 * analysis parsed it on demand. Other documents (a 200 KB generated strings file) are not parsed on every keystroke.
 */
export type WantsFacts = (file: string, text: string) => boolean;

/** The text each open document's tree was parsed from, and its prepared form. */
const preparedTexts = new WeakMap<OpenDocument, { text: string; prepared: string }>();

export class Documents {
  private readonly docs = new Map<string, OpenDocument>();

  constructor(
    private readonly swiftParser: Parser,
    private readonly wantsFacts: WantsFacts = () => true,
  ) {}

  get(uri: string): OpenDocument | undefined {
    return this.docs.get(uri);
  }

  all(): OpenDocument[] {
    return [...this.docs.values()];
  }

  open(uri: string, file: string, languageId: string, version: number, text: string): { facts?: FileFacts } {
    // Opened again without a close (a client out of step): let the old entry go, tree and all.
    this.close(uri);
    const doc = TextDocument.create(uri, languageId, version, text);
    const entry: OpenDocument = { uri, file, doc, fragments: new FactsFragmentCache() };
    this.docs.set(uri, entry);
    if (!file.endsWith('.swift') || !this.wantsFacts(file, text)) return {};
    return { facts: (entry.facts = this.reparse(entry, null)) };
  }

  /** Applies LSP content changes in order, editing the Swift tree along the way. */
  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): { facts?: FileFacts } | undefined {
    const entry = this.docs.get(uri);
    // Versions only increase; a change that is not newer than the text we have is out of step and dropped.
    if (!entry || version <= entry.doc.version) return undefined;
    const swift = entry.file.endsWith('.swift');
    let tree = swift ? entry.tree : undefined;
    for (const change of changes) {
      const before = entry.doc;
      if (!('range' in change) || !change.range) {
        entry.doc = TextDocument.create(uri, before.languageId, version, change.text);
        tree?.delete();
        tree = undefined;
        continue;
      }
      const startIndex = before.offsetAt(change.range.start);
      const oldEndIndex = before.offsetAt(change.range.end);
      entry.doc = TextDocument.update(before, [change], version);
      if (tree) {
        const newEndIndex = startIndex + change.text.length;
        const newEnd = entry.doc.positionAt(newEndIndex);
        const start = before.positionAt(startIndex);
        const oldEnd = before.positionAt(oldEndIndex);
        tree.edit({
          startIndex,
          oldEndIndex,
          newEndIndex,
          startPosition: { row: start.line, column: start.character },
          oldEndPosition: { row: oldEnd.line, column: oldEnd.character },
          newEndPosition: { row: newEnd.line, column: newEnd.character },
        } as never);
      }
    }
    entry.tree = tree;
    entry.facts = undefined;
    if (!swift) return {};
    if (!this.wantsFacts(entry.file, entry.doc.getText())) {
      // Not needed (any more): drop the tree rather than keep it in step.
      entry.tree?.delete();
      entry.tree = undefined;
      return {};
    }
    return { facts: (entry.facts = this.reparse(entry, tree ?? null)) };
  }

  close(uri: string): OpenDocument | undefined {
    const entry = this.docs.get(uri);
    entry?.tree?.delete();
    this.docs.delete(uri);
    return entry;
  }

  private reparse(entry: OpenDocument, old: Tree | null): FileFacts {
    const text = entry.doc.getText();
    // Trees are of the prepared text (swift6Rewrite: same length, so the edit offsets apply as they are); where the
    // rewrite changed outside the edited text, that range is marked edited too. Facts slice the original text.
    const prepared = prepareSwiftForParse(text);
    const prev = preparedTexts.get(entry);
    const extra = old && prev ? preparedChangeOutsideEdit(prev.text, prev.prepared, text, prepared) : undefined;
    if (old && extra) {
      const a = entry.doc.positionAt(extra.start);
      const b = entry.doc.positionAt(extra.end);
      old.edit({ startIndex: extra.start, oldEndIndex: extra.end, newEndIndex: extra.end, startPosition: { row: a.line, column: a.character }, oldEndPosition: { row: b.line, column: b.character }, newEndPosition: { row: b.line, column: b.character } } as never);
    }
    preparedTexts.set(entry, { text, prepared });
    const r = parseWith(this.swiftParser, prepared, old && prev ? old : null);
    if ('error' in r) {
      old?.delete();
      entry.tree = undefined;
      const f = emptyFacts(entry.file, 'swift');
      f.problems.push({ message: `Skipped: ${r.error}.`, span: { start: 0, end: 0 } });
      return f;
    }
    if (old && old !== r.tree) old.delete();
    entry.tree = r.tree;
    try {
      return extractSwiftFacts(entry.file, text, r.tree, entry.fragments);
    } catch (e) {
      const f = emptyFacts(entry.file, 'swift');
      f.problems.push({ message: `Skipped: the analysis failed (${(e as Error).message}).`, span: { start: 0, end: 0 } });
      return f;
    }
  }
}
