/**
 * Smallest edits to JSON config files (Expo app.json) that keep the user's layout: a string appended to an array,
 * or a key added to an object, indented like its neighbours. Edits are computed on the current text, never by
 * re-serialising the document. The tree comes from jsonc-parser (jsonSpans.ts); its `modify` is not used because it
 * re-formats the enclosing value (a one-line app.json becomes a whole new multi-line document), which a minimal fix
 * must not do (ARCHITECTURE.md, invariant 5).
 */
import { jget, parseJsonSpans, type JNode } from './jsonSpans';
import type { Span } from '../text/lineIndex';

export interface TextEdit {
  span: Span;
  newText: string;
}

const lineIndentAt = (text: string, offset: number): string => {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start))?.[0] ?? '';
};
const eolOf = (text: string) => (text.includes('\r\n') ? '\r\n' : '\n');
/** The indentation step the file uses (two spaces when nothing tells). */
const unitOf = (text: string) => (/\n\t/.test(text) ? '\t' : (/\n( +)\S/.exec(text)?.[1] ?? '  '));

/** Appends `"value"` to an array, on its own line when the array is laid out one item per line. */
export function appendToArray(text: string, arr: Extract<JNode, { kind: 'array' }>, valueJson: string): TextEdit {
  const last = arr.items[arr.items.length - 1];
  if (!last) {
    return { span: { start: arr.span.start, end: arr.span.end }, newText: `[${valueJson}]` };
  }
  const multiline = text.slice(arr.span.start, last.span.start).includes('\n');
  const sep = multiline ? `,${eolOf(text)}${lineIndentAt(text, last.span.start)}` : ', ';
  return { span: { start: last.span.end, end: last.span.end }, newText: `${sep}${valueJson}` };
}

/** Adds `"key": value` as the last entry of an object. `valueJson` may span lines; they are indented to fit. */
export function addKey(text: string, obj: Extract<JNode, { kind: 'object' }>, key: string, valueJson: string): TextEdit {
  const eol = eolOf(text);
  const last = obj.entries[obj.entries.length - 1];
  if (!last) {
    const indent = lineIndentAt(text, obj.span.start);
    const inner = indent + unitOf(text);
    return { span: { start: obj.span.start, end: obj.span.end }, newText: `{${eol}${inner}${JSON.stringify(key)}: ${valueJson.split('\n').join(eol + inner)}${eol}${indent}}` };
  }
  const indent = lineIndentAt(text, last.keySpan.start);
  const multiline = text.slice(obj.span.start, last.keySpan.start).includes('\n');
  const sep = multiline ? `,${eol}${indent}` : ', ';
  return { span: { start: last.value.span.end, end: last.value.span.end }, newText: `${sep}${JSON.stringify(key)}: ${valueJson.split('\n').join(eol + indent)}` };
}

/** Adds `value` to `expo.ios.infoPlist.<key>` (creating the key, or infoPlist, when missing). */
export function addToExpoInfoPlist(text: string, key: string, value: string): TextEdit | undefined {
  const { root, error } = parseJsonSpans(text);
  if (error || !root) return undefined;
  const expo = jget(root, 'expo') ?? root;
  const ios = jget(expo, 'ios');
  if (ios?.kind !== 'object') return undefined;
  const infoPlist = jget(ios, 'infoPlist');
  if (infoPlist === undefined) return addKey(text, ios, 'infoPlist', `{\n${unitOf(text)}${JSON.stringify(key)}: [${JSON.stringify(value)}]\n}`);
  if (infoPlist.kind !== 'object') return undefined;
  const arr = jget(infoPlist, key);
  if (arr === undefined) return addKey(text, infoPlist, key, `[${JSON.stringify(value)}]`);
  return arr.kind === 'array' ? appendToArray(text, arr, JSON.stringify(value)) : undefined;
}

/** Adds a config plugin to `expo.plugins` (creating the list when missing). */
export function addExpoPlugin(text: string, plugin: string): TextEdit | undefined {
  const { root, error } = parseJsonSpans(text);
  if (error || root?.kind !== 'object') return undefined;
  const expo = jget(root, 'expo') ?? root;
  if (expo.kind !== 'object') return undefined;
  const plugins = jget(expo, 'plugins');
  if (plugins === undefined) return addKey(text, expo, 'plugins', `[${JSON.stringify(plugin)}]`);
  return plugins.kind === 'array' ? appendToArray(text, plugins, JSON.stringify(plugin)) : undefined;
}

/** Every array item of a tree by its start offset, built once per tree (fixes for thousands of ids look items up). */
const itemIndexes = new WeakMap<JNode, Map<number, { arr: Extract<JNode, { kind: 'array' }>; index: number }>>();

function itemIndex(root: JNode): Map<number, { arr: Extract<JNode, { kind: 'array' }>; index: number }> {
  let index = itemIndexes.get(root);
  if (index) return index;
  index = new Map();
  // Iterative: the tree's depth is bounded by the reader, but a work list costs nothing and cannot overflow.
  const work: JNode[] = [root];
  for (let n = work.pop(); n; n = work.pop()) {
    if (n.kind === 'array') n.items.forEach((item, i) => {
      if (!index!.has(item.span.start)) index!.set(item.span.start, { arr: n as Extract<JNode, { kind: 'array' }>, index: i });
      work.push(item);
    });
    else if (n.kind === 'object') for (const e of n.entries) work.push(e.value);
  }
  itemIndexes.set(root, index);
  return index;
}

/** Removes the array item at `itemSpan` with its separator (and its line, when it has one of its own). */
export function removeArrayItem(text: string, itemSpan: Span): TextEdit | undefined {
  const { root, error } = parseJsonSpans(text);
  if (error || !root) return undefined;
  const hit = itemIndex(root).get(itemSpan.start);
  if (!hit || hit.arr.items[hit.index].span.end !== itemSpan.end) return undefined;
  const { arr, index } = hit;
  const item = arr.items[index];
  if (arr.items.length === 1) {
    // The only item: leave an empty array on the key's line.
    return { span: { start: arr.span.start + 1, end: arr.span.end - 1 }, newText: '' };
  }
  // Not the first: from the end of the previous item (its comma goes); the first: up to the start of the next one.
  if (index > 0) return { span: { start: arr.items[index - 1].span.end, end: item.span.end }, newText: '' };
  return { span: { start: item.span.start, end: arr.items[1].span.start }, newText: '' };
}
