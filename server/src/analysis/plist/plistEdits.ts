/**
 * Minimal text edits to an XML Info.plist: append a string to an array, or create the key with an
 * array. The edit copies the file's own indentation and line endings and never re-serialises it.
 */
import type { Span } from '../text/lineIndex';
import { encodeXmlText, type PlistDict } from './xmlPlist';
import type { PlistDoc } from '../model/workspace';

export interface PlistEdit {
  span: Span;
  newText: string;
}

function eolOf(text: string): string {
  const i = text.indexOf('\n');
  return i > 0 && text[i - 1] === '\r' ? '\r\n' : '\n';
}

function indentAt(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const m = /^[ \t]*/.exec(text.slice(start, offset));
  return m ? m[0] : '';
}

function onOwnLine(text: string, offset: number): boolean {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return text.slice(start, offset).trim() === '';
}

/** The indentation step the plist uses (from a nested array or dict), defaulting to a tab. */
function indentUnit(doc: PlistDoc, root: PlistDict): string {
  for (const e of root.entries) {
    const v = e.value;
    if (v && (v.kind === 'array' || v.kind === 'dict')) {
      const inner = v.kind === 'array' ? v.items[0] : v.entries[0]?.value;
      if (!inner) continue;
      const outer = indentAt(doc.text, e.keySpan.start);
      const nested = indentAt(doc.text, v.kind === 'array' ? inner.span.start : v.entries[0].keySpan.start);
      if (nested.startsWith(outer) && nested.length > outer.length) return nested.slice(outer.length);
    }
  }
  const key = root.entries[0];
  const ind = key ? indentAt(doc.text, key.keySpan.start) : '\t';
  return ind.startsWith('\t') || !ind ? '\t' : ind.length >= 4 ? '    ' : '  ';
}

/** Adds `value` to the array under `key`, creating the key when missing. Undefined when it cannot be done safely. */
export function addArrayString(doc: PlistDoc, key: string, value: string): PlistEdit | undefined {
  const root = doc.plist.root;
  if (doc.virtual || doc.plist.format !== 'xml' || !root || !root.closeTag) return undefined;
  const text = doc.text;
  const eol = eolOf(text);
  const unit = indentUnit(doc, root);
  const item = `<string>${encodeXmlText(value)}</string>`;
  const entry = root.entries.find((e) => e.key === key);
  if (entry) {
    const arr = entry.value;
    if (!arr || arr.kind !== 'array') return undefined;
    const keyIndent = indentAt(text, entry.keySpan.start);
    const last = arr.items[arr.items.length - 1];
    if (last) {
      const ind = onOwnLine(text, last.span.start) ? indentAt(text, last.span.start) : undefined;
      return ind !== undefined ? { span: { start: last.span.end, end: last.span.end }, newText: eol + ind + item } : { span: { start: last.span.end, end: last.span.end }, newText: item };
    }
    // Empty array: `<array/>` or `<array></array>`.
    return { span: arr.span, newText: `<array>${eol}${keyIndent}${unit}${item}${eol}${keyIndent}</array>` };
  }
  const keyIndent = root.entries[0] ? indentAt(text, root.entries[0].keySpan.start) : unit;
  const block = `${keyIndent}<key>${encodeXmlText(key)}</key>${eol}${keyIndent}<array>${eol}${keyIndent}${unit}${item}${eol}${keyIndent}</array>${eol}`;
  const close = root.closeTag.start;
  if (onOwnLine(text, close)) {
    const lineStart = text.lastIndexOf('\n', close - 1) + 1;
    return { span: { start: lineStart, end: lineStart }, newText: block };
  }
  return { span: { start: close, end: close }, newText: eol + block };
}

/** Replaces the text of one `<string>` element's content. */
export function replaceString(doc: PlistDoc, elementSpan: Span, value: string): PlistEdit | undefined {
  if (doc.virtual || doc.plist.format !== 'xml') return undefined;
  const el = doc.text.slice(elementSpan.start, elementSpan.end);
  const open = el.indexOf('>');
  const close = el.lastIndexOf('</');
  if (open < 0 || close < open) return undefined;
  return { span: { start: elementSpan.start + open + 1, end: elementSpan.start + close }, newText: encodeXmlText(value) };
}

/** Removes one array item (the element and its line when it stands alone on it). */
export function removeItem(doc: PlistDoc, elementSpan: Span): PlistEdit | undefined {
  if (doc.virtual || doc.plist.format !== 'xml') return undefined;
  const text = doc.text;
  if (onOwnLine(text, elementSpan.start)) {
    const lineStart = text.lastIndexOf('\n', elementSpan.start - 1) + 1;
    let end = elementSpan.end;
    while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
    if (text[end] === '\r') end++;
    if (text[end] === '\n') end++;
    return { span: { start: lineStart, end }, newText: '' };
  }
  return { span: elementSpan, newText: '' };
}
