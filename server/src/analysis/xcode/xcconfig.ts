/** Reads .xcconfig files: `KEY = value`, conditional keys `KEY[sdk=…]`, comments and `#include`. */
import type { Span } from '../text/lineIndex';
import type { Settings } from './buildSettings';

export interface XcconfigEntry {
  key: string;
  /** Condition suffix such as `[sdk=iphoneos*]`, if any. */
  condition?: string;
  value: string;
  keySpan: Span;
}

export interface Xcconfig {
  entries: XcconfigEntry[];
  includes: { path: string; optional: boolean; span: Span }[];
}

export function parseXcconfig(text: string): Xcconfig {
  const entries: XcconfigEntry[] = [];
  const includes: Xcconfig['includes'] = [];
  let offset = 0;
  for (const line of text.split(/\n/)) {
    const lineStart = offset;
    offset += line.length + 1;
    const inc = /^\s*#include(\?)?\s+"([^"]+)"/.exec(line);
    if (inc) {
      includes.push({ path: inc[2], optional: !!inc[1], span: { start: lineStart, end: lineStart + line.length } });
      continue;
    }
    const m = /^(\s*)([A-Za-z_][A-Za-z0-9_]*)(\[[^\]]*\](?:\[[^\]]*\])*)?\s*=\s*(.*)$/.exec(line.replace(/\r$/, ''));
    if (!m) continue;
    let value = m[4];
    // Strip a trailing // comment that is not inside a URL-like value (e.g. https://).
    const c = value.search(/(^|[^:])\/\//);
    if (c >= 0) value = value.slice(0, c === 0 ? 0 : c + 1);
    value = value.replace(/;\s*$/, '').trim();
    const keyStart = lineStart + m[1].length;
    entries.push({ key: m[2], condition: m[3], value, keySpan: { start: keyStart, end: keyStart + m[2].length } });
  }
  return { entries, includes };
}

/** The unconditional settings of one file (conditional ones apply only to some SDKs/archs). */
export function xcconfigSettings(cfg: Xcconfig): Settings {
  const out: Settings = {};
  for (const e of cfg.entries) {
    if (e.condition) {
      if (!(e.key in out) && /sdk=iphoneos/.test(e.condition)) out[e.key] = e.value;
      continue;
    }
    out[e.key] = e.value.replace(/\$[({]inherited[)}]/g, out[e.key] ?? '').trim();
  }
  return out;
}
