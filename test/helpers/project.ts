/**
 * Builds small in-memory iOS projects for tests and lints them with the real engine.
 *
 * Files may mark the spans where findings are expected with «…»; the markers are removed before
 * linting and their positions returned. When no Info.plist is given, one is generated that
 * permits every `com.example.…` literal in the sources and has the `fetch` and `processing` modes,
 * so a test only spells out the plist when the plist is what it is about.
 */
import path from 'node:path';
import { Workspace } from '../../server/src/analysis/model/workspace';
import { MemoryFileSystem } from '../../server/src/analysis/project/fileSystem';
import { LineIndex, type Position } from '../../server/src/analysis/text/lineIndex';
import { lint, type LintResult } from '../../server/src/lint/engine';
import type { Rule, SeveritySetting } from '../../server/src/rules/types';

export const ROOT = path.resolve('/proj');

export interface Mark {
  file: string;
  start: Position;
  end: Position;
  text: string;
}

export interface Built {
  files: Record<string, string>;
  marks: Mark[];
}

/** Removes «» markers, recording the marked spans (absolute file paths). */
export function build(files: Record<string, string>, opts: { autoPlist?: boolean; bundleId?: string } = {}): Built {
  const out: Record<string, string> = {};
  const marks: Mark[] = [];
  for (const [rel, raw] of Object.entries(files)) {
    const file = path.join(ROOT, rel);
    let text = '';
    const opens: number[] = [];
    const spans: { start: number; end: number }[] = [];
    for (const ch of raw) {
      if (ch === '«') opens.push(text.length);
      else if (ch === '»') spans.push({ start: opens.pop()!, end: text.length });
      else text += ch;
    }
    out[file] = text;
    const li = new LineIndex(text);
    for (const s of spans) marks.push({ file, start: li.positionAt(s.start), end: li.positionAt(s.end), text: text.slice(s.start, s.end) });
  }
  const js = Object.keys(files).some((f) => /\.(ts|tsx|js|jsx)$/.test(f) || /capacitor\.config\./.test(f));
  if (opts.autoPlist !== false && !Object.keys(files).some((f) => f.endsWith('Info.plist') || f.endsWith('app.json'))) {
    const ids = new Set<string>();
    for (const [f, t] of Object.entries(out)) {
      if (!/\.(swift|ts|tsx|js|jsx)$/.test(f)) continue;
      for (const m of t.matchAll(/["'](com\.(?:example|transistorsoft)\.[A-Za-z0-9.\-_]+)["']/g)) ids.add(m[1]);
    }
    // JavaScript apps keep their native project (and plist) in ios/.
    out[path.join(ROOT, js ? 'ios/App/Info.plist' : 'App/Info.plist')] = infoPlist({ ids: [...ids], modes: ['fetch', 'processing'], bundleId: opts.bundleId });
  }
  if (js && !out[path.join(ROOT, 'package.json')]) out[path.join(ROOT, 'package.json')] = '{ "name": "example", "private": true }\n';
  return { files: out, marks };
}

/** An Info.plist in Xcode's style (tabs). `ids: null` leaves the key out; `modes: null` likewise. */
export function infoPlist(o: { ids?: string[] | null; modes?: string[] | null; bundleId?: string; extra?: string } = {}): string {
  const arr = (key: string, values: string[]) => `\t<key>${key}</key>\n\t<array>\n${values.map((v) => `\t\t<string>${v}</string>\n`).join('')}\t</array>\n`;
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n' +
    '<plist version="1.0">\n<dict>\n' +
    (o.ids === null ? '' : arr('BGTaskSchedulerPermittedIdentifiers', o.ids ?? [])) +
    `\t<key>CFBundleIdentifier</key>\n\t<string>${o.bundleId ?? 'com.example.app'}</string>\n` +
    (o.modes === null ? '' : arr('UIBackgroundModes', o.modes ?? ['fetch', 'processing'])) +
    (o.extra ?? '') +
    '</dict>\n</plist>\n'
  );
}

export interface Linted extends LintResult {
  fs: MemoryFileSystem;
  files: Record<string, string>;
}

export async function lintFiles(files: Record<string, string>, opts: { rules?: Rule[]; severities?: Record<string, SeveritySetting>; bundleIdentifier?: string } = {}): Promise<Linted> {
  const fs = new MemoryFileSystem(files);
  const ws = await Workspace.load({ roots: [ROOT], fs, bundleIdentifier: opts.bundleIdentifier });
  const result = opts.rules ? lint(ws, { rules: opts.severities ?? {} }, opts.rules) : lint(ws, { rules: opts.severities ?? {} });
  return { ...result, fs, files };
}

/** The fixture folder of a test file (test/fixtures/<name>). */
export function fixture(...parts: string[]): string {
  return path.resolve(__dirname, '..', 'fixtures', ...parts);
}
