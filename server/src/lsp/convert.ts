/** Findings → LSP diagnostics, fixes → workspace edits. The only place rule output meets LSP types. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DiagnosticSeverity,
  DiagnosticTag,
  type Diagnostic,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { LineIndex } from '../analysis/text/lineIndex';
import type { PositionedFinding } from '../lint/engine';
import type { Fix, Severity } from '../rules/types';
import { DIAGNOSTIC_SOURCE } from '../protocol/lsp';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function fileUri(file: string): string {
  return pathToFileURL(file).href;
}

let docsRoot: string | undefined;

/** The bundled docs folder (dist/../docs in the extension, or the repository's docs). */
export function docsDir(): string | undefined {
  if (docsRoot !== undefined) return docsRoot || undefined;
  let dir = typeof __dirname === 'string' ? __dirname : process.cwd();
  for (let i = 0; i < 5; i++) {
    if (existsSync(path.join(dir, 'docs', 'rules'))) return (docsRoot = path.join(dir, 'docs'));
    dir = path.dirname(dir);
  }
  docsRoot = '';
  return undefined;
}

export function ruleDocUri(ruleId: string): string | undefined {
  const dir = docsDir();
  return dir ? fileUri(path.join(dir, 'rules', `${ruleId}.md`)) : undefined;
}

export function toDiagnostic(f: PositionedFinding, lines: (file: string) => LineIndex | undefined): Diagnostic {
  const href = ruleDocUri(f.ruleId);
  const d: Diagnostic = {
    range: f.range,
    severity: SEVERITY[f.severity],
    code: f.ruleId,
    source: DIAGNOSTIC_SOURCE,
    message: f.message,
  };
  if (href) d.codeDescription = { href };
  if (f.related.length) {
    d.relatedInformation = f.related.map((r) => {
      const li = lines(r.file);
      return { location: { uri: fileUri(r.file), range: li ? li.rangeOf(r.span) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }, message: r.message };
    });
  }
  if (f.ruleId === 'unused-permitted-identifier') d.tags = [DiagnosticTag.Unnecessary];
  return d;
}

/** Edits grouped by document; `versionOf` gives the version of open documents (null for files on disk). */
export function toWorkspaceEdit(fixes: Fix[], lines: (file: string) => LineIndex | undefined, versionOf: (uri: string) => number | null): WorkspaceEdit {
  const byFile = new Map<string, LspTextEdit[]>();
  for (const fix of fixes) {
    for (const e of fix.edits) {
      const li = lines(e.file);
      if (!li) continue;
      const list = byFile.get(e.file) ?? [];
      list.push({ range: li.rangeOf(e.span), newText: e.newText });
      byFile.set(e.file, list);
    }
  }
  return {
    documentChanges: [...byFile].map(([file, edits]) => {
      const uri = fileUri(file);
      return { textDocument: { uri, version: versionOf(uri) }, edits };
    }),
  };
}

export function lineIndexCache(textOf: (file: string) => string | undefined): (file: string) => LineIndex | undefined {
  const cache = new Map<string, LineIndex | undefined>();
  return (file) => {
    if (!cache.has(file)) {
      const t = textOf(file);
      cache.set(file, t === undefined ? undefined : new LineIndex(t));
    }
    return cache.get(file);
  };
}
