/**
 * Minimal text edits to an XML Info.plist: append a string to an array, or create the key with an
 * array. The edit copies the file's own indentation and line endings and never re-serialises it.
 */
import type { LineIndex, Span } from '../text/lineIndex';
import { xmlTextOf, type PlistDict } from './xmlPlist';

/**
 * What an edit needs of a plist document (the workspace's PlistDoc has it): its text, a line index of that text
 * (computed once, so edits on a single-line plist of thousands of entries stay linear), and the parsed plist.
 */
export interface EditablePlist {
  text: string;
  lines: LineIndex;
  plist: { format: 'xml' | 'binary'; root?: PlistDict; encoding?: string };
  /** Set for plists synthesised from other files (no XML to edit). */
  virtual?: boolean;
}

export interface PlistEdit {
  span: Span;
  newText: string;
}

function eolOf(text: string): string {
  const i = text.indexOf('\n');
  return i > 0 && text[i - 1] === '\r' ? '\r\n' : '\n';
}

/** Start of the line holding `offset` (from the line index: no scan back over a long line). */
function lineStartOf(doc: EditablePlist, offset: number): number {
  return doc.lines.lineStart(doc.lines.positionAt(offset).line);
}

/** The indentation of the line holding `offset` (up to `offset`). */
function indentAt(doc: EditablePlist, offset: number): string {
  const text = doc.text;
  const start = lineStartOf(doc, offset);
  let end = start;
  while (end < offset && (text[end] === ' ' || text[end] === '\t')) end++;
  return text.slice(start, end);
}

/** Only white space between the line start and `offset`: scans back over that white space alone. */
function onOwnLine(doc: EditablePlist, offset: number): boolean {
  const text = doc.text;
  let i = offset - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t' || text[i] === '\f' || text[i] === '\v')) i--;
  return i < 0 || text[i] === '\n' || text[i] === '\r';
}

/** Whether the plist can take a text edit: XML written by us in its own encoding (a UTF-16 file is left alone). */
function editable(doc: EditablePlist): boolean {
  return !doc.virtual && doc.plist.format === 'xml' && !doc.plist.encoding;
}

/** The indentation step the plist uses (from a nested array or dict), defaulting to a tab. */
function indentUnit(doc: EditablePlist, root: PlistDict): string {
  for (const e of root.entries) {
    const v = e.value;
    if (v && (v.kind === 'array' || v.kind === 'dict')) {
      const inner = v.kind === 'array' ? v.items[0] : v.entries[0]?.value;
      if (!inner) continue;
      const outer = indentAt(doc, e.keySpan.start);
      const nested = indentAt(doc, v.kind === 'array' ? inner.span.start : v.entries[0].keySpan.start);
      if (nested.startsWith(outer) && nested.length > outer.length) return nested.slice(outer.length);
    }
  }
  const key = root.entries[0];
  const ind = key ? indentAt(doc, key.keySpan.start) : '\t';
  return ind.startsWith('\t') || !ind ? '\t' : ind.length >= 4 ? '    ' : '  ';
}

/**
 * Adds `value` to the array under `key`, creating the key when missing. Undefined when it cannot be done safely
 * (including a value XML 1.0 cannot hold, such as most control characters: the fix is withheld).
 */
export function addArrayString(doc: EditablePlist, key: string, value: string): PlistEdit | undefined {
  const root = doc.plist.root;
  const encodedValue = xmlTextOf(value);
  const encodedKey = xmlTextOf(key);
  if (!editable(doc) || !root || !root.closeTag || encodedValue === undefined || encodedKey === undefined) return undefined;
  const text = doc.text;
  const eol = eolOf(text);
  const unit = indentUnit(doc, root);
  const item = `<string>${encodedValue}</string>`;
  const entry = root.entries.find((e) => e.key === key);
  if (entry) {
    const arr = entry.value;
    if (!arr || arr.kind !== 'array') return undefined;
    const keyIndent = indentAt(doc, entry.keySpan.start);
    const last = arr.items[arr.items.length - 1];
    if (last) {
      const ind = onOwnLine(doc, last.span.start) ? indentAt(doc, last.span.start) : undefined;
      return ind !== undefined ? { span: { start: last.span.end, end: last.span.end }, newText: eol + ind + item } : { span: { start: last.span.end, end: last.span.end }, newText: item };
    }
    // Empty array: `<array/>` or `<array></array>`.
    return { span: arr.span, newText: `<array>${eol}${keyIndent}${unit}${item}${eol}${keyIndent}</array>` };
  }
  const keyIndent = root.entries[0] ? indentAt(doc, root.entries[0].keySpan.start) : unit;
  const block = `${keyIndent}<key>${encodedKey}</key>${eol}${keyIndent}<array>${eol}${keyIndent}${unit}${item}${eol}${keyIndent}</array>${eol}`;
  const close = root.closeTag.start;
  if (onOwnLine(doc, close)) {
    const lineStart = lineStartOf(doc, close);
    return { span: { start: lineStart, end: lineStart }, newText: block };
  }
  return { span: { start: close, end: close }, newText: eol + block };
}

/** Replaces the text of one `<string>` element's content. */
export function replaceString(doc: EditablePlist, elementSpan: Span, value: string): PlistEdit | undefined {
  const encoded = xmlTextOf(value);
  if (!editable(doc) || encoded === undefined) return undefined;
  const el = doc.text.slice(elementSpan.start, elementSpan.end);
  const open = el.indexOf('>');
  const close = el.lastIndexOf('</');
  if (open < 0 || close < open) return undefined;
  return { span: { start: elementSpan.start + open + 1, end: elementSpan.start + close }, newText: encoded };
}

/** Removes one array item (the element and its line when it stands alone on it). */
export function removeItem(doc: EditablePlist, elementSpan: Span): PlistEdit | undefined {
  if (!editable(doc)) return undefined;
  const text = doc.text;
  if (onOwnLine(doc, elementSpan.start)) {
    const lineStart = lineStartOf(doc, elementSpan.start);
    let end = elementSpan.end;
    while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
    if (text[end] === '\r') end++;
    if (text[end] === '\n') end++;
    return { span: { start: lineStart, end }, newText: '' };
  }
  return { span: elementSpan, newText: '' };
}

/**
 * Sets a boolean key to true in the top-level dictionary: `<false/>` becomes `<true/>`, a missing key is added before
 * `</dict>` (an empty `<dict/>` is opened up), in the file's own indentation and line endings.
 */
export function setTrueKey(doc: EditablePlist, key: string): PlistEdit | undefined {
  const root = doc.plist.root;
  const encodedKey = xmlTextOf(key);
  if (!editable(doc) || !root || encodedKey === undefined) return undefined;
  const entry = root.entries.find((e) => e.key === key);
  if (entry) return entry.value?.kind === 'false' ? { span: entry.value.span, newText: '<true/>' } : undefined;
  const eol = eolOf(doc.text);
  const unit = indentUnit(doc, root);
  if (!root.closeTag) {
    // `<dict/>`: what Xcode writes for a new, empty entitlements file.
    const outer = indentAt(doc, root.openTag.start);
    return { span: root.openTag, newText: `<dict>${eol}${outer}${unit}<key>${encodedKey}</key>${eol}${outer}${unit}<true/>${eol}${outer}</dict>` };
  }
  const keyIndent = root.entries[0] ? indentAt(doc, root.entries[0].keySpan.start) : indentAt(doc, root.openTag.start) + unit;
  const block = `${keyIndent}<key>${encodedKey}</key>${eol}${keyIndent}<true/>${eol}`;
  const close = root.closeTag.start;
  if (onOwnLine(doc, close)) {
    const lineStart = lineStartOf(doc, close);
    return { span: { start: lineStart, end: lineStart }, newText: block };
  }
  return { span: { start: close, end: close }, newText: eol + block };
}
