/** Completion inside string literals and plist arrays: permitted ids in code, used ids and mode names in Info.plist. */
import type { CompletionItem } from 'vscode-languageserver';
import type { Analysis } from '../../analysis/model/analysis';
import type { LineIndex } from '../../analysis/text/lineIndex';
import { KNOWN_MODES } from '../../analysis/model/backgroundModes';

export function completionsAt(analysis: Analysis, file: string, lines: LineIndex, offset: number): CompletionItem[] {
  const text = lines.text;
  const lineStart = lines.lineStart(lines.positionAt(offset).line);
  const before = text.slice(lineStart, offset);
  const ws = analysis.ws;
  if (!/\.(plist|json)$/.test(file)) {
    const swiftSite = /(forTaskWithIdentifier|identifier|appRefresh\(|processingTask\()\s*:?\s*"[^"]*$/;
    const tsSite = /(taskId\s*:|label\s*:|initWithIdentifier\(|LaunchHandler\()\s*['"`][^'"`]*$/;
    if (!(file.endsWith('.swift') ? swiftSite : tsSite).test(before)) return [];
    const ids = new Set<string>();
    for (const s of ws.scopesOf(file)) for (const e of ws.permittedEntries(s)) if (!e.unresolved.length && !e.wildcard) ids.add(analysis.display(e.value, s));
    return [...ids].map((id) => ({ label: id, kind: 12, detail: 'Permitted in Info.plist' }));
  }
  if (!/<string>[^<]*$/.test(before)) return [];
  for (const doc of ws.plists.values()) {
    if (doc.file !== file) continue;
    const inArray = (k: { array?: { span: { start: number; end: number } } } | undefined) => !!k?.array && offset > k.array.span.start && offset < k.array.span.end;
    if (inArray(doc.plist.modes)) {
      const have = new Set(doc.plist.modes!.entries.map((e) => e.raw));
      return KNOWN_MODES.filter((m) => !have.has(m)).map((m) => ({ label: m, kind: 12, detail: 'UIBackgroundModes value' }));
    }
    if (inArray(doc.plist.permitted)) {
      const scope = ws.scopes.find((s) => s.plists.includes(doc));
      const permitted = new Set(scope ? ws.permittedEntries(scope).map((e) => analysis.display(e.value, scope)) : []);
      const used = new Set<string>();
      for (const r of [...analysis.registrations(), ...analysis.requests()]) {
        if (r.id.value === undefined || (scope && !r.scopes.includes(scope))) continue;
        const id = analysis.display(r.id.value, scope);
        if (!permitted.has(id)) used.add(id);
      }
      return [...used].map((id) => ({ label: id, kind: 12, detail: 'Used in code, not yet permitted' }));
    }
  }
  return [];
}
