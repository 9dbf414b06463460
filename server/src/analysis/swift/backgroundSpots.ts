/**
 * Scene life-cycle facts of a Swift file, found on the syntax tree during extraction (rules and summaries read them,
 * never the text):
 * - background spots: where code runs as the app moves to the background, and where a fix can append a statement —
 *   the `.background` arm of a SwiftUI `.onChange(of: scenePhase)` (a `case .background:` or an
 *   `if <phase> == .background {`), and the bodies of `sceneDidEnterBackground(_:)` / `applicationDidEnterBackground(_:)`;
 * - the arms of each `.onChange(of: scenePhase)` closure (which phase a submit inside it runs in);
 * - `protectionTypeOfRequiredData` assignments and progress reporting, for the simulator.
 * The tree decides structure (which brace closes what); the text only gives indentation and trailing whitespace.
 */
import type { Node } from 'web-tree-sitter';
import type { BackgroundSpot, ContinuedProcessingWord, DataProtectionClass, SwiftSceneFacts } from '../model/facts';
import type { Span } from '../text/lineIndex';

export type { BackgroundSpot };

const SCENE_PHASE_LABEL = 'the scene phase .background transition';
const DELEGATE_CALLBACKS = new Set(['sceneDidEnterBackground', 'applicationDidEnterBackground']);
/**
 * Scene-phase closures read per file. Apps have one or two; each is searched for its arms, so a hostile file with
 * thousands nested inside each other would cost quadratic time: past this many, the rest are left out.
 */
const MAX_SCENE_PHASE_CALLS = 32;
/**
 * Names looked up in the tree from where they are written (`onChange`, the delegate callbacks). A node's parent costs
 * as much as its depth (a chain of thousands of modifiers is thousands deep): past this many occurrences in a file,
 * its nodes are walked once instead.
 */
const MAX_LOOKUPS_FROM_TEXT = 16;

const lineStartOf = (text: string, offset: number) => text.lastIndexOf('\n', offset - 1) + 1;
const indentOfLine = (text: string, lineStart: number) => /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
const kids = (n: Node): Node[] => n.children.filter((c): c is Node => !!c);
const named = (n: Node): Node[] => n.namedChildren.filter((c): c is Node => !!c);
const textOf = (src: string, n: Node) => src.slice(n.startIndex, n.endIndex);

/** The end of the last non-blank text before `close` (where an appended statement goes). */
function lastContentEnd(text: string, from: number, close: number): number {
  let end = close;
  while (end > from && /\s/.test(text[end - 1])) end--;
  return end;
}

/** A body whose last line leaves it (`break`, `return`, `fallthrough`): a statement appended there would never run. */
function endsInExit(body: string): boolean {
  const lines = body.trimEnd().split('\n');
  return /^\s*(break|return|fallthrough|continue)\b/.test(lines[lines.length - 1] ?? '');
}

/** The scene facts of a file, or undefined when it mentions none of their vocabulary (most files: no tree walk). */
export function swiftSceneFacts(root: Node, src: string, unit: string): SwiftSceneFacts | undefined {
  const scene = src.includes('scenePhase');
  const delegate = src.includes('DidEnterBackground');
  const protection = src.includes('protectionTypeOfRequiredData');
  const progress = PROGRESS.test(src);
  const words = CONTINUED_WORDS.filter((w) => src.includes(w));
  if (!scene && !delegate && !protection && !progress && !words.length) return undefined;
  const out: SwiftSceneFacts = { backgroundSpots: [], scenePhaseChanges: [], dataProtection: [], progressRefs: [] };
  if (scene) {
    const calls = scenePhaseCalls(root, src);
    // Every phase arm inside the closures, read once (closures nested in each other share them): only the outermost
    // closures are walked, never the whole file.
    const outer: Node[] = [];
    for (const c of calls.map((x) => x.closure).sort((a, b) => a.startIndex - b.startIndex)) {
      const last = outer[outer.length - 1];
      if (!last || c.startIndex >= last.endIndex) outer.push(c);
    }
    const cases = calls.length ? phaseNodes(outer, 'switch_entry', (n) => casePhase(n, src)) : [];
    const ifs = calls.length ? phaseNodes(outer, 'if_statement', (n) => ifPhase(n, src)) : [];
    for (const call of calls) sceneFactsOf(call, cases, ifs, src, unit, out);
  }
  if (delegate) for (const fn of namedDeclarations(root, src, DELEGATE_NAME)) delegateSpot(fn, src, unit, out.backgroundSpots);
  if (protection) out.dataProtection = protectionAssignments(root, src);
  if (progress) out.progressRefs = progressRefs(root, src);
  const mentions = words.filter((w) => usedAsCode(root, src, w));
  if (mentions.length) out.mentions = mentions;
  return out;
}

// ---------------------------------------------------------------------------------------------
// SwiftUI: .onChange(of: scenePhase) { … }

interface OnChange {
  /** Offset of `.onChange` (calls are taken in this order, as written). */
  at: number;
  closure: Node;
}

/**
 * The node of the identifier written at `at`, found from the text (a keystroke in a large file must not walk its
 * whole tree): undefined when the word there is not code (a comment, a string) or not a whole identifier.
 */
function identifierAt(root: Node, at: number, length: number): Node | undefined {
  const id = root.descendantForIndex(at, at + length);
  return id && id.type === 'simple_identifier' && id.startIndex === at && id.endIndex === at + length ? id : undefined;
}

const DELEGATE_NAME = /\b(?:sceneDidEnterBackground|applicationDidEnterBackground)\b/g;

/**
 * Function declarations that may be named by `names` (a global pattern), in source order: found from where the names
 * are written, or all of them when they are written too often (the caller checks the name).
 */
function namedDeclarations(root: Node, src: string, names: RegExp): Node[] {
  const at = [...src.matchAll(names)].map((m) => ({ at: m.index, length: m[0].length }));
  if (at.length > MAX_LOOKUPS_FROM_TEXT) return root.descendantsOfType('function_declaration').filter((n): n is Node => !!n);
  const out: Node[] = [];
  for (const m of at) {
    const fn = identifierAt(root, m.at, m.length)?.parent;
    if (fn?.type === 'function_declaration' && !out.some((x) => x.startIndex === fn.startIndex)) out.push(fn);
  }
  return out;
}

/** `.onChange(of: scenePhase)` / `.onChange(of: self.scenePhase)` calls with their closure, in source order. */
function scenePhaseCalls(root: Node, src: string): OnChange[] {
  const out: OnChange[] = [];
  // From each `onChange` written in the file to its call: identifier → navigation suffix → navigation → call.
  const at = [...src.matchAll(/\bonChange\b/g)].map((m) => m.index);
  const candidates = at.length <= MAX_LOOKUPS_FROM_TEXT ? at.map((i) => identifierAt(root, i, 'onChange'.length)?.parent?.parent?.parent) : root.descendantsOfType('call_expression');
  for (const call of candidates) {
    if (call?.type !== 'call_expression') continue;
    const callee = call.namedChild(0);
    const suffix = call.namedChild(call.namedChildCount - 1);
    if (callee?.type !== 'navigation_expression' || suffix?.type !== 'call_suffix') continue;
    const nav = callee.namedChild(callee.namedChildCount - 1);
    if (nav?.type !== 'navigation_suffix' || nav.namedChild(0)?.type !== 'simple_identifier' || textOf(src, nav.namedChild(0)!) !== 'onChange') continue;
    const args = named(suffix).find((c) => c.type === 'value_arguments');
    const first = args ? named(args).find((c) => c.type === 'value_argument') : undefined;
    const label = first ? named(first).find((c) => c.type === 'value_argument_label') : undefined;
    const value = first ? named(first).filter((c) => c.type !== 'value_argument_label')[0] : undefined;
    if (!label || textOf(src, label) !== 'of' || !value || !/^(?:self\.)?scenePhase\b/.test(textOf(src, value))) continue;
    // The closure that runs on a change: the first closure written after `.onChange(` (an argument or trailing).
    const closure = firstClosureArgument(suffix);
    if (closure) out.push({ at: nav.startIndex, closure });
  }
  return out.sort((a, b) => a.at - b.at).slice(0, MAX_SCENE_PHASE_CALLS);
}

/** The first closure passed to a call: an argument's value (`perform: { … }`) or the trailing closure. */
function firstClosureArgument(suffix: Node): Node | undefined {
  for (const c of named(suffix)) {
    if (c.type === 'lambda_literal') return c;
    if (c.type !== 'value_arguments') continue;
    for (const a of named(c)) {
      const value = a.type === 'value_argument' ? named(a).filter((v) => v.type !== 'value_argument_label')[0] : undefined;
      if (value?.type === 'lambda_literal') return value;
    }
  }
  return undefined;
}

/** A `case .x:` entry with one plain pattern: its phase, else undefined. */
function casePhase(entry: Node, src: string): { phase: string; colon: Node } | undefined {
  const parts = kids(entry);
  const patterns = parts.filter((c) => c.type === 'switch_pattern');
  const colon = parts.find((c) => c.type === ':');
  if (parts[0]?.type !== 'case' || patterns.length !== 1 || !colon || parts.indexOf(colon) !== parts.indexOf(patterns[0]) + 1) return undefined;
  const m = /^\.(\w+)$/.exec(textOf(src, patterns[0]));
  return m ? { phase: m[1], colon } : undefined;
}

/**
 * An `if <name> == .x …` statement: its phase, and its braces when the condition is only that comparison (then a
 * statement appended to the block runs exactly in that phase).
 */
function ifPhase(stmt: Node, src: string): { phase: string; block?: { open: Node; close: Node } } | undefined {
  const parts = kids(stmt);
  const cond = parts[1];
  if (parts[0]?.type !== 'if' || !cond) return undefined;
  const condText = textOf(src, cond);
  const m = /^\w+\s*==\s*\.(\w+)/.exec(condText);
  if (!m) return undefined;
  const open = parts[2];
  const close = parts.slice(3).find((c) => c.type === '}');
  const exact = cond.type === 'equality_expression' && m[0].length === condText.length && open?.type === '{' && close;
  return { phase: m[1], block: exact ? { open, close } : undefined };
}

/** The nodes of one type inside `within` (trees that do not overlap) with their phase (only those that name one). */
function phaseNodes<P>(within: Node[], type: string, phaseOf: (n: Node) => P | undefined): { node: Node; at: number; end: number; c: P }[] {
  const out: { node: Node; at: number; end: number; c: P }[] = [];
  for (const w of within) {
    for (const n of w.descendantsOfType(type)) {
      const c = n ? phaseOf(n) : undefined;
      if (n && c) out.push({ node: n, at: n.startIndex, end: n.endIndex, c });
    }
  }
  return out.sort((a, b) => a.at - b.at);
}

function sceneFactsOf(
  call: OnChange,
  allCases: { node: Node; at: number; end: number; c: { phase: string; colon: Node } }[],
  allIfs: { node: Node; at: number; end: number; c: { phase: string; block?: { open: Node; close: Node } } }[],
  src: string,
  unit: string,
  out: SwiftSceneFacts,
): void {
  const { closure } = call;
  const close = closure.endIndex - 1;
  const inside = (x: { at: number; end: number }) => x.at > closure.startIndex && x.end <= closure.endIndex;
  const entries = allCases.filter(inside);
  const ifs = allIfs.filter(inside);
  const arms = [...entries, ...ifs].map((x) => ({ at: x.at, phase: x.c.phase }));
  out.scenePhaseChanges.push({ span: { start: closure.startIndex, end: close }, arms: arms.sort((a, b) => a.at - b.at) });

  // `case .background:` at the start of its line: the arm's statements, up to the next case.
  for (const { node: e, c } of entries) {
    if (c.phase !== 'background' || src.slice(lineStartOf(src, e.startIndex), e.startIndex).trim() !== '') continue;
    const nl = src.indexOf('\n', c.colon.endIndex);
    if (nl < 0 || nl >= close) continue;
    const armStart = nl + 1;
    const caseIndent = indentOfLine(src, lineStartOf(src, e.startIndex));
    const last = lastContentEnd(src, armStart, Math.min(e.endIndex, close));
    const firstBody = /^[ \t]*\S/m.exec(src.slice(armStart, Math.max(armStart, last)));
    const indent = firstBody ? indentOfLine(src, armStart + firstBody.index) : caseIndent + unit;
    if (last > armStart && !endsInExit(src.slice(armStart, last))) out.backgroundSpots.push({ kind: 'scene-phase', label: SCENE_PHASE_LABEL, offset: last, indent, body: src.slice(armStart, last) });
    return;
  }
  // `if phase == .background { … }`: the end of its block.
  for (const { node: s, c } of ifs) {
    if (c.phase !== 'background' || !c.block) continue;
    const from = c.block.open.endIndex;
    const last = lastContentEnd(src, from, c.block.close.startIndex);
    const ifIndent = indentOfLine(src, lineStartOf(src, s.startIndex));
    if (!endsInExit(src.slice(from, last))) out.backgroundSpots.push({ kind: 'scene-phase', label: SCENE_PHASE_LABEL, offset: last, indent: ifIndent + unit, body: src.slice(from, last) });
    return;
  }
}

// ---------------------------------------------------------------------------------------------
// UIKit: func sceneDidEnterBackground(_ scene: UIScene) { … } / func applicationDidEnterBackground(_ application: …) { … }

function delegateSpot(fn: Node, src: string, unit: string, spots: BackgroundSpot[]): void {
  const parts = kids(fn);
  const kw = parts.find((c) => c.type === 'func');
  const name = kw ? parts[parts.indexOf(kw) + 1] : undefined;
  if (!kw || name?.type !== 'simple_identifier' || !DELEGATE_CALLBACKS.has(textOf(src, name))) return;
  // One unlabelled parameter (`_ scene: UIScene`), then the body right after `)` (no async, throws or result).
  const param = parts.find((c) => c.type === 'parameter');
  const rparen = parts.findIndex((c) => c.type === ')');
  const body = parts[rparen + 1];
  const ids = param ? named(param).filter((c) => c.type === 'simple_identifier') : [];
  if (!param || ids.length !== 2 || textOf(src, ids[0]) !== '_' || body?.type !== 'function_body') return;
  if (parts.filter((c) => c.type === 'parameter').length !== 1) return;
  const braces = kids(body);
  const open = braces[0];
  const close = braces[braces.length - 1];
  if (open?.type !== '{' || close?.type !== '}' || close === open) return;
  const last = lastContentEnd(src, open.endIndex, close.startIndex);
  if (endsInExit(src.slice(open.endIndex, last))) return;
  const label = textOf(src, name);
  spots.push({
    kind: label === 'sceneDidEnterBackground' ? 'scene-delegate' : 'app-delegate',
    label: `${label}(_:)`,
    offset: last,
    indent: indentOfLine(src, lineStartOf(src, kw.startIndex)) + unit,
    body: src.slice(open.endIndex, last),
    owner: ownerOf(fn, src),
  });
}

/** The type (`class`, `struct`, `actor`, `enum`, `extension`) that declares `n`. */
function ownerOf(n: Node, src: string): string | undefined {
  for (let p = n.parent; p; p = p.parent) {
    if (p.type !== 'class_declaration') continue;
    const id = named(p).find((c) => c.type === 'type_identifier' || c.type === 'user_type');
    const t = id?.type === 'user_type' ? id.descendantsOfType('type_identifier')[0] : id;
    return t ? textOf(src, t) : undefined;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Simulator facts

function protectionClass(value: string): DataProtectionClass {
  if (/completeUntilFirstUserAuthentication|CompleteUntilFirstUserAuthentication/.test(value)) return 'completeUntilFirstUserAuthentication';
  if (/completeUnlessOpen|CompleteUnlessOpen/.test(value)) return 'completeUnlessOpen';
  if (/\.complete\b|NSFileProtectionComplete\b|FileProtectionComplete\b/.test(value)) return 'complete';
  if (/\.none\b|NSFileProtectionNone\b/.test(value)) return 'none';
  return 'unknown';
}

/** `x.protectionTypeOfRequiredData = value`, in source order. */
function protectionAssignments(root: Node, src: string): SwiftSceneFacts['dataProtection'] {
  const out: SwiftSceneFacts['dataProtection'] = [];
  for (const a of root.descendantsOfType('assignment')) {
    const target = a?.namedChild(0);
    const value = a?.namedChild(a.namedChildCount - 1);
    if (!a || !target || !value || target === value || !/\.protectionTypeOfRequiredData$/.test(textOf(src, target))) continue;
    out.push({ at: target.startIndex, value: protectionClass(textOf(src, value)) });
  }
  return out.sort((x, y) => x.at - y.at);
}

const CONTINUED_WORDS: readonly ContinuedProcessingWord[] = ['supportedResources'];

/** The word appears at least once as an identifier in code (not only in comments or strings). */
function usedAsCode(root: Node, src: string, word: string): boolean {
  for (let at = src.indexOf(word); at >= 0; at = src.indexOf(word, at + word.length)) {
    const node = root.descendantForIndex(at);
    if (node?.type === 'simple_identifier' && node.startIndex === at && node.endIndex === at + word.length) return true;
  }
  return false;
}

const PROGRESS = /\.progress\b|completedUnitCount|updateTitle\(/;

/** `.progress`, `completedUnitCount`, `updateTitle(` written as code (not in a comment or string): the handler reports progress. */
function progressRefs(root: Node, src: string): Span[] {
  const out: Span[] = [];
  for (const m of src.matchAll(new RegExp(PROGRESS.source, 'g'))) {
    const at = m.index + (m[0].startsWith('.') ? 1 : 0);
    const node = root.descendantForIndex(at);
    if (node?.type === 'simple_identifier' && node.startIndex === at) out.push({ start: m.index, end: m.index + m[0].length });
  }
  return out;
}
