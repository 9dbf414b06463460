/**
 * Code actions for bgtasks diagnostics: each finding's quick fixes, "disable for this line / file" comments, the
 * rule's documentation, and "fix all safe problems" (source.fixAll.bgtasks). A function from findings + request to
 * actions; the server only wires it.
 */
import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver';
import type { PositionedFinding } from '../../lint/engine';
import { collectSafeEdits } from '../../lint/fix';
import type { LineIndex } from '../../analysis/text/lineIndex';
import { Commands, DIAGNOSTIC_SOURCE, FIX_ALL_KIND } from '../../protocol/lsp';
import { fileUri, toWorkspaceEdit } from '../convert';

export interface CodeActionInput {
  file: string;
  /** The findings of `file` from a lint of the current text. */
  findings: PositionedFinding[];
  /** Diagnostics the client sent with the request. */
  diagnostics: Diagnostic[];
  only?: string[];
  lines: (file: string) => LineIndex | undefined;
  versionOf: (uri: string) => number | null;
}

export function codeActions(input: CodeActionInput): CodeAction[] {
  const { file, findings, only, lines, versionOf } = input;
  const actions: CodeAction[] = [];
  const wants = (kind: string) => !only || only.some((k) => kind === k || kind.startsWith(k + '.'));
  if (wants(CodeActionKind.QuickFix)) {
    for (const d of input.diagnostics) {
      if (d.source !== DIAGNOSTIC_SOURCE || typeof d.code !== 'string') continue;
      const f = findings.find((x) => x.ruleId === d.code && x.message === d.message && x.range.start.line === d.range.start.line && x.range.start.character === d.range.start.character);
      if (!f) continue;
      for (const fix of f.fixes) {
        actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: !!fix.preferred, edit: toWorkspaceEdit([fix], lines, versionOf) });
      }
      actions.push(...suppressActions(file, f, d, lines(file), versionOf));
      actions.push({ title: `Show documentation for ${f.ruleId}`, kind: CodeActionKind.QuickFix, diagnostics: [d], command: { title: 'Show rule documentation', command: Commands.showRuleDoc, arguments: [f.ruleId] } });
    }
  }
  if (only?.some((k) => FIX_ALL_KIND === k || FIX_ALL_KIND.startsWith(k + '.') || k === CodeActionKind.SourceFixAll)) {
    const edits = collectSafeEdits(findings);
    if (edits.size) {
      const fixes = [...edits].map(([fileName, list]) => ({ title: '', edits: list.map((e) => ({ ...e, file: fileName })), safe: true }));
      actions.push({ title: 'Fix all safe bgtasks problems', kind: FIX_ALL_KIND, edit: toWorkspaceEdit(fixes, lines, versionOf) });
    }
  }
  return actions;
}

/** "Disable for this line" and "for this file" comments, in the file's own comment syntax and line endings. */
export function suppressActions(file: string, f: PositionedFinding, d: Diagnostic, li: LineIndex | undefined, versionOf: (uri: string) => number | null): CodeAction[] {
  if (!li) return [];
  // Swift and TypeScript/JavaScript take `//` comments, plists `<!-- -->`; JSON has no comments.
  const slashComments = file.endsWith('.swift') || /\.[cm]?[jt]sx?$/.test(file);
  const isPlist = file.endsWith('.plist');
  if (!slashComments && !isPlist) return [];
  const line = f.range.start.line;
  const lineStart = li.lineStart(line);
  const indent = li.indentationAt(lineStart);
  const comment = (words: string) => (slashComments ? `// ${words}` : `<!-- ${words} -->`);
  const uri = fileUri(file);
  const edit = (at: number, text: string) => ({ documentChanges: [{ textDocument: { uri, version: versionOf(uri) }, edits: [{ range: li.rangeOf({ start: at, end: at }), newText: text }] }] });
  // A file directive goes at the top (after the XML prolog in plists).
  let top = 0;
  if (isPlist) {
    const m = /<plist[^>]*>\s*\n?/.exec(li.text);
    top = m ? m.index + m[0].length : 0;
  } else if (li.text.startsWith('#!')) top = li.lineStart(1);
  return [
    { title: `Disable ${f.ruleId} for this line`, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: edit(lineStart, `${indent}${comment(`bgtasks-disable-next-line ${f.ruleId}`)}${li.eol}`) },
    { title: `Disable ${f.ruleId} for this file`, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: edit(top, `${comment(`bgtasks-disable ${f.ruleId}`)}${li.eol}`) },
  ];
}
