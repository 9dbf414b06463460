/**
 * Places in Swift source where code runs as the app moves to the background, found on the text (a fix target, not
 * analysis): the `.background` arm of a SwiftUI `.onChange(of: scenePhase)` (a `case .background:` or an
 * `if <phase> == .background {`), and the bodies of `sceneDidEnterBackground(_:)` / `applicationDidEnterBackground(_:)`.
 * Each spot is where a statement can be appended, with the indentation its neighbours use.
 */
export interface BackgroundSpot {
  kind: 'scene-phase' | 'scene-delegate' | 'app-delegate';
  /** What to call the spot in a fix title. */
  label: string;
  /** Offset to insert `prefix + statement`, where prefix is a line break plus `indent`. */
  offset: number;
  indent: string;
  /** The spot's body text (to avoid adding a statement it already has). */
  body: string;
  /** The type that declares the function (delegates) — statements calling implicit-self methods can move only there. */
  owner?: string;
}

const lineStartOf = (text: string, offset: number) => text.lastIndexOf('\n', offset - 1) + 1;
const indentOfLine = (text: string, lineStart: number) => /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';

/** The index of the `}` that closes the `{` at `open`, skipping strings and comments; -1 when unbalanced. */
export function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"' && text[i] !== '\n'; i++) if (text[i] === '\\') i++;
    } else if (c === '/' && text[i + 1] === '/') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

/** The end of the last non-blank line before `close` (where an appended statement goes), or undefined. */
function lastContentEnd(text: string, from: number, close: number): number {
  let end = close;
  while (end > from && /\s/.test(text[end - 1])) end--;
  return end;
}

export function findBackgroundSpots(text: string, unit: string): BackgroundSpot[] {
  const spots: BackgroundSpot[] = [];
  // SwiftUI: .onChange(of: scenePhase) { … } — its closure is the first `{` after the call.
  for (const m of text.matchAll(/\.onChange\(\s*of:\s*(?:self\.)?scenePhase\b/g)) {
    const open = text.indexOf('{', m.index);
    const close = open < 0 ? -1 : matchingBrace(text, open);
    if (close < 0) continue;
    const closure = text.slice(open, close);
    const arm = /\n([ \t]*)case\s+\.background\s*:[^\n]*\n/.exec(closure);
    if (arm) {
      // The arm runs until the next `case`/`default` at its indentation, or the switch's `}`.
      const armStart = open + arm.index + arm[0].length;
      const caseIndent = arm[1];
      let end = armStart;
      for (const line of text.slice(armStart, close).split('\n')) {
        const ind = indentOfLine(line, 0);
        if (line.trim() !== '' && ind.length <= caseIndent.length) break;
        end += line.length + 1;
      }
      const last = lastContentEnd(text, armStart, Math.min(end, close));
      const firstBody = /^[ \t]*\S/m.exec(text.slice(armStart, end));
      const indent = firstBody ? indentOfLine(text, armStart + firstBody.index) : caseIndent + unit;
      if (last > armStart && !endsInExit(text.slice(armStart, last))) spots.push({ kind: 'scene-phase', label: 'the scene phase .background transition', offset: last, indent, body: text.slice(armStart, last) });
      continue;
    }
    const cond = /\bif\s+\w+\s*==\s*\.background\s*\{/.exec(closure);
    if (cond) {
      const ifOpen = open + cond.index + cond[0].length - 1;
      const ifClose = matchingBrace(text, ifOpen);
      if (ifClose < 0) continue;
      const ifIndent = indentOfLine(text, lineStartOf(text, open + cond.index));
      const last = lastContentEnd(text, ifOpen + 1, ifClose);
      if (!endsInExit(text.slice(ifOpen + 1, last))) spots.push({ kind: 'scene-phase', label: 'the scene phase .background transition', offset: last, indent: ifIndent + unit, body: text.slice(ifOpen + 1, last) });
    }
  }
  // UIKit: func sceneDidEnterBackground(_ scene: UIScene) { … } / func applicationDidEnterBackground(_ application: …) { … }
  for (const m of text.matchAll(/\bfunc\s+(sceneDidEnterBackground|applicationDidEnterBackground)\s*\(\s*_\s+\w+\s*:[^)]*\)\s*\{/g)) {
    const open = m.index + m[0].length - 1;
    const close = matchingBrace(text, open);
    if (close < 0) continue;
    const fnIndent = indentOfLine(text, lineStartOf(text, m.index));
    const owner = enclosingType(text, m.index);
    const last = lastContentEnd(text, open + 1, close);
    const scene = m[1] === 'sceneDidEnterBackground';
    if (endsInExit(text.slice(open + 1, last))) continue;
    spots.push({ kind: scene ? 'scene-delegate' : 'app-delegate', label: `${m[1]}(_:)`, offset: last, indent: fnIndent + unit, body: text.slice(open + 1, last), owner });
  }
  return spots;
}

/** A body whose last line leaves it (`break`, `return`, `fallthrough`): a statement appended there would never run. */
function endsInExit(body: string): boolean {
  const lines = body.trimEnd().split('\n');
  return /^\s*(break|return|fallthrough|continue)\b/.test(lines[lines.length - 1] ?? '');
}

/** The name of the nearest `class`/`struct`/`extension` declared before `offset` with less indentation. */
function enclosingType(text: string, offset: number): string | undefined {
  const ind = indentOfLine(text, lineStartOf(text, offset)).length;
  const before = text.slice(0, offset);
  const decls = [...before.matchAll(/^([ \t]*)(?:[\w@]+\s+)*(?:class|struct|extension|actor|enum)\s+(\w+)/gm)];
  for (let i = decls.length - 1; i >= 0; i--) if (decls[i][1].length < ind) return decls[i][2];
  return undefined;
}
