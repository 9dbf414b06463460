/**
 * app.json / capacitor.config.json reading (jsonSpans.ts, on jsonc-parser) and minimal edits (jsonEdits.ts): layout
 * kept, hostile nesting refused without throwing, and item removals for thousands of ids found through one index.
 */
import { describe, expect, it } from 'vitest';
import { parseJsonSpans } from '../../server/src/analysis/typescript/jsonSpans';
import { addExpoPlugin, addToExpoInfoPlist, removeArrayItem, type TextEdit } from '../../server/src/analysis/typescript/jsonEdits';

const apply = (text: string, e: TextEdit | undefined) => (e ? text.slice(0, e.span.start) + e.newText + text.slice(e.span.end) : text);

describe('JSON edits keep the layout', () => {
  it('a one-line app.json stays one line; a multi-line one gets a line per item, indented like its neighbours', () => {
    const one = '{"expo": {"ios": {"infoPlist": {"UIBackgroundModes": ["fetch"]}}, "plugins": ["a"]}}';
    expect(apply(one, addToExpoInfoPlist(one, 'UIBackgroundModes', 'processing'))).toBe('{"expo": {"ios": {"infoPlist": {"UIBackgroundModes": ["fetch", "processing"]}}, "plugins": ["a"]}}');
    expect(apply(one, addExpoPlugin(one, 'expo-background-task'))).toBe('{"expo": {"ios": {"infoPlist": {"UIBackgroundModes": ["fetch"]}}, "plugins": ["a", "expo-background-task"]}}');
    const multi = '{\r\n\t"expo": {\r\n\t\t"ios": {\r\n\t\t\t"infoPlist": {\r\n\t\t\t\t"UIBackgroundModes": [\r\n\t\t\t\t\t"fetch" // why\r\n\t\t\t\t]\r\n\t\t\t}\r\n\t\t}\r\n\t}\r\n}\r\n';
    expect(apply(multi, addToExpoInfoPlist(multi, 'UIBackgroundModes', 'processing'))).toBe(multi.replace('"fetch"', '"fetch",\r\n\t\t\t\t\t"processing"'));
  });

  it('removes an item with its separator, and refuses a span that is not an item', () => {
    const text = '{"ids": ["a", "b", "c"]}';
    const at = (s: string) => ({ start: text.indexOf(`"${s}"`), end: text.indexOf(`"${s}"`) + s.length + 2 });
    expect(apply(text, removeArrayItem(text, at('a')))).toBe('{"ids": ["b", "c"]}');
    expect(apply(text, removeArrayItem(text, at('b')))).toBe('{"ids": ["a", "c"]}');
    expect(apply(text, removeArrayItem(text, at('c')))).toBe('{"ids": ["a", "b"]}');
    expect(removeArrayItem(text, { start: at('a').start, end: at('a').end + 1 })).toBeUndefined();
    expect(removeArrayItem(text, { start: 1, end: 6 })).toBeUndefined();
  });

  it('each of 8,000 removals in one app.json removes exactly its own id', () => {
    const ids = Array.from({ length: 8000 }, (_, i) => `com.example.app.t${i}`);
    const text = JSON.stringify({ expo: { ios: { infoPlist: { BGTaskSchedulerPermittedIdentifiers: ids } } } }, null, 2);
    let from = 0;
    for (const id of ids) {
      const start = text.indexOf(`"${id}"`, from);
      from = start + 1;
      const edit = removeArrayItem(text, { start, end: start + id.length + 2 })!;
      // Every edit removes its own id and one separator; a sample is applied and read back in full.
      expect(text.slice(edit.span.start, edit.span.end).replace(/^,\s*/, '').replace(/,\s*$/, '')).toBe(`"${id}"`);
      if (id.endsWith('77')) expect((JSON.parse(apply(text, edit)) as { expo: { ios: { infoPlist: { BGTaskSchedulerPermittedIdentifiers: string[] } } } }).expo.ios.infoPlist.BGTaskSchedulerPermittedIdentifiers).toEqual(ids.filter((x) => x !== id));
    }
  });
});

describe('reading JSON(C) never throws', () => {
  it('refuses nesting deeper than 200 levels with an error inside the text', () => {
    for (const text of ['['.repeat(300_000), '{"a":'.repeat(50_000), `${'['.repeat(201)}${']'.repeat(201)}`]) {
      const r = parseJsonSpans(text);
      expect(r.root).toBeUndefined();
      expect(r.error?.message).toBe('nesting too deep');
      expect(r.error!.span.end).toBeLessThanOrEqual(text.length);
    }
    expect(parseJsonSpans(`${'['.repeat(200)}${']'.repeat(200)}`).error).toBeUndefined();
  });

  it('gives a repeated text the same answer as a fresh one', () => {
    const text = '{"a": [1, 2, /* c */ 3,],}';
    const first = parseJsonSpans(text);
    expect(parseJsonSpans(`${text}`)).toEqual(first);
    expect(parseJsonSpans('{"a": [1, 2, 3]}').root).toMatchObject({ kind: 'object' });
    expect(parseJsonSpans(text)).toEqual(first);
  });
});
