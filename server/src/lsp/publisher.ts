/**
 * Publishes a folder's lint result as diagnostics: every affected file (open or not), open documents with their current
 * version whenever it or their diagnostics changed, other files only when their diagnostics changed, and files that
 * became clean get an empty list.
 */
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import type { LintResult } from '../lint/engine';
import { DIAGNOSTIC_SOURCE } from '../protocol/lsp';
import { fileUri, lineIndexCache, toDiagnostic } from './convert';

export interface OpenDoc {
  file: string;
  version: number;
}

export class DiagnosticsPublisher {
  /** Files we published diagnostics for, per folder root, so they can be cleared later. */
  private readonly published = new Map<string, Set<string>>();
  /** The last diagnostics sent per file (JSON), so unchanged files are not re-sent on every keystroke. */
  private readonly lastSent = new Map<string, string>();

  constructor(private readonly send: (p: PublishDiagnosticsParams) => void) {}

  publish(root: string, result: LintResult, textOf: (file: string) => string | undefined, contains: (file: string) => boolean, open: readonly OpenDoc[]): void {
    const lines = lineIndexCache(textOf);
    const byFile = new Map<string, Diagnostic[]>();
    const add = (file: string, d: Diagnostic) => {
      const list = byFile.get(file);
      if (list) list.push(d);
      else byFile.set(file, [d]);
    };
    for (const f of result.findings) add(f.file, toDiagnostic(f, lines));
    // File-level problems (unreadable plist, parse timeouts) as information diagnostics.
    for (const p of result.problems) if (contains(p.file)) add(p.file, { range: p.range, severity: 3, source: DIAGNOSTIC_SOURCE, message: p.message });
    // Each version of an open document gets a publish (empty when clean), so clients know it is checked.
    const openByFile = new Map(open.filter((d) => contains(d.file)).map((d) => [d.file, d.version]));
    for (const file of openByFile.keys()) if (!byFile.has(file)) byFile.set(file, []);
    const before = this.published.get(root) ?? new Set<string>();
    const now = new Set<string>();
    for (const [file, diagnostics] of byFile) {
      now.add(file);
      const version = openByFile.get(file);
      // The same diagnostics for the same version (a keystroke in another file) are not sent again.
      const json = `${version ?? ''}|${JSON.stringify(diagnostics)}`;
      if (this.lastSent.get(file) === json) continue;
      this.lastSent.set(file, json);
      this.send({ uri: fileUri(file), version, diagnostics });
    }
    for (const file of before) {
      if (now.has(file)) continue;
      this.lastSent.delete(file);
      this.send({ uri: fileUri(file), diagnostics: [] });
    }
    this.published.set(root, now);
  }

  /** A folder left the workspace: clear what it published. */
  clear(root: string): void {
    for (const file of this.published.get(root) ?? []) {
      this.lastSent.delete(file);
      this.send({ uri: fileUri(file), diagnostics: [] });
    }
    this.published.delete(root);
  }
}
