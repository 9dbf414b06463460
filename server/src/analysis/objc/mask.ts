/**
 * Rewrites Objective-C text that tree-sitter-objc 3.0.2 cannot read into text it can, before parsing. Every rewrite
 * keeps the length of what it replaces (and every line break), so offsets in the tree are offsets in the original
 * text: facts and fixes slice the original, never this copy.
 *
 * What it rewrites (measured in docs/objective-c.md):
 * - marker macros alone on their line (`NS_ASSUME_NONNULL_BEGIN`, `NS_HEADER_AUDIT_BEGIN(…)`, `RCT_EXTERN_C_BEGIN` …)
 *   become blanks;
 * - `#ifdef X` / `#ifndef X` become `#if X` / `#if !X` (the grammar reads the body of an `#ifdef` inside
 *   `@implementation` as C statements, and the one of an `#if` as methods);
 * - `typedef NS_ENUM(T, Name)` and its relatives become `enum Name`;
 * - React Native's `RCT_EXPORT_MODULE(…)` becomes blanks and `RCT_EXPORT_METHOD(sel:(T)a …)` a plain method head.
 */

/** `s` padded with spaces to `len` (never longer than what it replaces: callers pass a shorter `s`). */
function pad(s: string, len: number): string {
  return s.length >= len ? s.slice(0, len) : s + ' '.repeat(len - s.length);
}

/** The same text with everything but line breaks turned into spaces. */
function blank(s: string): string {
  return s.replace(/[^\r\n]/g, ' ');
}

const MARKER_LINE = /^[ \t]*(?:NS_ASSUME_NONNULL_(?:BEGIN|END)|CF_ASSUME_NONNULL_(?:BEGIN|END)|CF_EXTERN_C_(?:BEGIN|END)|RCT_EXTERN_C_(?:BEGIN|END)|NS_HEADER_AUDIT_(?:BEGIN|END)\([^)\r\n]*\)|NS_EXTENSION_UNAVAILABLE_IOS\([^)\r\n]*\)|NS_SWIFT_UI_ACTOR)[ \t]*(?=\r?$)/gm;
const ENUM_MACRO = /\b(?:typedef[ \t]+)?(?:NS_ENUM|NS_OPTIONS|NS_CLOSED_ENUM|NS_ERROR_ENUM|NS_TYPED_ENUM|NS_TYPED_EXTENSIBLE_ENUM|CF_ENUM|CF_OPTIONS)[ \t]*\([ \t]*[A-Za-z_][\w \t]*,[ \t]*([A-Za-z_]\w*)[ \t]*\)/g;
const EXPORT_MODULE = /^[ \t]*RCT_EXPORT_MODULE[ \t]*\([^)\r\n]*\)[ \t]*;?/gm;
const EXPORT_METHOD = /\b(RCT_EXPORT_METHOD|RCT_EXPORT_BLOCKING_SYNCHRONOUS_METHOD|RCT_REMAP_METHOD)[ \t]*\(/g;
/** How far an exported method's head may reach before its closing parenthesis (longer: left as it is). */
const MAX_EXPORT_HEAD = 4000;

/** Does the text hold anything `maskObjc` would rewrite? (Most files do not: then they are parsed as they are.) */
function needsMask(text: string): boolean {
  return /NS_ASSUME_NONNULL|CF_ASSUME_NONNULL|_EXTERN_C_|NS_HEADER_AUDIT|NS_EXTENSION_UNAVAILABLE_IOS|NS_SWIFT_UI_ACTOR|#[ \t]*ifn?def\b|NS_(?:CLOSED_|ERROR_|TYPED_|TYPED_EXTENSIBLE_)?(?:ENUM|OPTIONS)|CF_(?:ENUM|OPTIONS)|RCT_(?:EXPORT|REMAP)_/.test(text);
}

export function maskObjc(text: string): string {
  if (!needsMask(text)) return text;
  let out = text.replace(MARKER_LINE, blank);
  // `#ifdef X` → `#if   X`; `#ifndef X` → `#if    !X` (the keyword and the blanks after it keep their length).
  out = out.replace(/^([ \t]*#[ \t]*)ifdef(?=[ \t])/gm, (_m, head: string) => `${head}if   `);
  out = out.replace(/^([ \t]*#[ \t]*)ifndef([ \t]+)(?=[A-Za-z_])/gm, (_m, head: string, gap: string) => `${head}if${' '.repeat(4 + gap.length - 1)}!`);
  out = out.replace(ENUM_MACRO, (m, name: string) => pad(`enum ${name}`, m.length));
  out = out.replace(EXPORT_MODULE, blank);
  return exportMethods(out);
}

/** `RCT_EXPORT_METHOD(sel:(T)a rest:(U)b)` → `- (void)   sel:(T)a rest:(U)b ` (the closing parenthesis blanked). */
function exportMethods(text: string): string {
  if (!text.includes('RCT_')) return text;
  const chars = text.split('');
  EXPORT_METHOD.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = EXPORT_METHOD.exec(text))) {
    const open = m.index + m[0].length - 1;
    const close = closingParen(text, open);
    if (close < 0) continue;
    let headEnd = open + 1;
    let head = m[1] === 'RCT_EXPORT_BLOCKING_SYNCHRONOUS_METHOD' ? '- (id)' : '- (void)';
    if (m[1] === 'RCT_REMAP_METHOD') {
      // `RCT_REMAP_METHOD(jsName, sel:…)`: the JavaScript name goes with the macro.
      const comma = text.indexOf(',', open);
      if (comma < 0 || comma > close) continue;
      headEnd = comma + 1;
    }
    if (headEnd - m.index < head.length) head = head.replace(' ', '');
    const replacement = pad(head, headEnd - m.index);
    for (let i = 0; i < replacement.length; i++) chars[m.index + i] = replacement[i];
    chars[close] = ' ';
  }
  return chars.join('');
}

/** Index of the `)` that closes the `(` at `open`, or -1 (not within MAX_EXPORT_HEAD characters). */
function closingParen(text: string, open: number): number {
  let depth = 0;
  const end = Math.min(text.length, open + MAX_EXPORT_HEAD);
  for (let i = open; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 40) depth++;
    else if (c === 41 && --depth === 0) return i;
  }
  return -1;
}
