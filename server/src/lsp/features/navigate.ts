/** Hover, go to definition and find references on task ids (in code and in Info.plist). */
import type { Hover, Location, Position } from 'vscode-languageserver';
import type { Analysis } from '../../analysis/model/analysis';
import type { LineIndex } from '../../analysis/text/lineIndex';
import type { PositionedFinding } from '../../lint/engine';
import { fileUri } from '../convert';
import { hoverMarkdown } from '../hover';
import { idAt, sitesOf } from '../navigation';

export interface AtPosition {
  analysis: Analysis;
  file: string;
  /** Lines of `file`. */
  lines: LineIndex;
  /** Lines of any file (cached per request). */
  linesOf: (file: string) => LineIndex | undefined;
}

export function hoverAt(a: AtPosition, position: Position, findings: readonly PositionedFinding[]): Hover | null {
  const at = idAt(a.analysis, a.file, a.lines.offsetAt(position));
  if (!at) return null;
  const own = findings.filter((f) => f.taskId === at.id);
  return { contents: { kind: 'markdown', value: hoverMarkdown(a.analysis, at, sitesOf(a.analysis, at), own, a.linesOf) }, range: a.lines.rangeOf(at.span) };
}

/** Sites of the id under the cursor that `include` keeps (`same`: the site under the cursor itself). */
export function locationsAt(a: AtPosition, position: Position, include: (role: string, same: boolean) => boolean): Location[] {
  const offset = a.lines.offsetAt(position);
  const at = idAt(a.analysis, a.file, offset);
  if (!at) return [];
  return sitesOf(a.analysis, at)
    .filter((s) => include(s.role, s.file === a.file && offset >= s.span.start && offset <= s.span.end))
    .flatMap((s) => {
      const li = a.linesOf(s.file);
      return li ? [{ uri: fileUri(s.file), range: li.rangeOf(s.span) }] : [];
    });
}

/** From code: the plist entry and the constant that spells the id. From a plist: the registrations. */
export function definitionAt(a: AtPosition, position: Position): Location[] {
  if (a.file.endsWith('.swift')) return locationsAt(a, position, (role, same) => !same && (role === 'permitted' || role === 'constant'));
  return locationsAt(a, position, (role, same) => !same && role === 'registered');
}

export function referencesAt(a: AtPosition, position: Position, includeDeclaration: boolean): Location[] {
  return locationsAt(a, position, (_role, same) => includeDeclaration || !same);
}
