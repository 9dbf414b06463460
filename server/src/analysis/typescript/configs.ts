/**
 * Framework configuration files that hold background-task settings:
 * - Expo `app.json`: `expo.ios.infoPlist` (read like an Info.plist), `expo.ios.bundleIdentifier`, `expo.plugins`;
 * - Capacitor `capacitor.config.json` / `.ts`: `plugins.BackgroundRunner` (label, autoStart, src).
 */
import type { Node, Tree } from 'web-tree-sitter';
import { emptyFacts, type FileFacts, type LibraryFacts } from '../model/facts';
import type { InfoPlist, PlistArrayKey } from '../plist/infoPlist';
import { jentry, jget, parseJsonSpans, type JNode } from './jsonSpans';
import { parseDirectives } from '../model/directives';
import { tsIdUse } from './extract';
import { readAsFalse } from './falseLiteral';

export interface ExpoAppJson {
  /** `expo.ios.infoPlist` as a plist (spans point into app.json). */
  plist: InfoPlist;
  bundleId?: string;
  plugins: string[];
  problems: { message: string; span: { start: number; end: number } }[];
}

function arrayKey(entry: { keySpan: { start: number; end: number }; value: JNode } | undefined): PlistArrayKey | undefined {
  if (!entry) return undefined;
  const v = entry.value;
  if (v.kind !== 'array') return { keySpan: entry.keySpan, entries: [], notAnArray: true };
  return { keySpan: entry.keySpan, notAnArray: false, entries: v.items.flatMap((i) => (i.kind === 'string' ? [{ raw: i.value, span: i.span, valueSpan: i.span }] : [])) };
}

export function readExpoAppJson(file: string, text: string): ExpoAppJson | undefined {
  const { root, error } = parseJsonSpans(text);
  if (error) return { plist: { file, format: 'xml', isApp: true, comments: [], problems: [] }, plugins: [], problems: [{ message: `app.json: ${error.message}`, span: error.span }] };
  const expo = jget(root, 'expo') ?? root;
  if (!jget(expo, 'ios') && !jget(expo, 'plugins')) return undefined;
  const infoPlist = jget(expo, 'ios', 'infoPlist');
  const plugins = jget(expo, 'plugins');
  const bundle = jget(expo, 'ios', 'bundleIdentifier');
  return {
    plist: {
      file,
      format: 'xml',
      isApp: true,
      permitted: arrayKey(jentry(infoPlist, 'BGTaskSchedulerPermittedIdentifiers')),
      modes: arrayKey(jentry(infoPlist, 'UIBackgroundModes')),
      bundleIdentifier: bundle?.kind === 'string' ? bundle.value : undefined,
      comments: [],
      problems: [],
      anchor: (jentry(jget(expo, 'ios'), 'infoPlist') ?? jentry(expo, 'ios') ?? jentry(expo, 'plugins') ?? jentry(root, 'expo'))?.keySpan,
    },
    bundleId: bundle?.kind === 'string' ? bundle.value : undefined,
    plugins: plugins?.kind === 'array' ? plugins.items.flatMap((p) => (p.kind === 'string' ? [p.value] : p.kind === 'array' && p.items[0]?.kind === 'string' ? [p.items[0].value as string] : [])) : [],
    problems: [],
  };
}

/** Facts of a Capacitor config: the BackgroundRunner label registers and (with autoStart) submits a refresh task. */
function capacitorFacts(file: string, runner: NonNullable<LibraryFacts['capacitor']>): FileFacts {
  const facts = emptyFacts(file, 'typescript');
  facts.library = { rnbfScheduleTasks: [], expoDefines: [], expoRegisters: [], moduleCalls: [], capacitor: runner };
  const ctx = { fn: -1, closures: [], guarded: false, branch: [] };
  if (runner.label) {
    facts.registrations.push({ kind: 'library', library: 'capacitor', id: runner.label, span: runner.label.span, ctx });
    if (runner.autoStart?.value) facts.requests.push({ cls: 'BGAppRefreshTaskRequest', library: 'capacitor', id: runner.label, span: runner.label.span, options: {}, ctx });
  }
  return facts;
}

export function capacitorJsonFacts(file: string, text: string): FileFacts {
  const { root, error } = parseJsonSpans(text);
  if (error) {
    const f = emptyFacts(file, 'typescript');
    f.problems.push({ message: `capacitor.config.json: ${error.message}`, span: error.span });
    return f;
  }
  const runner = jentry(jget(root, 'plugins'), 'BackgroundRunner');
  if (!runner) return emptyFacts(file, 'typescript');
  const label = jget(runner.value, 'label');
  const auto = jentry(runner.value, 'autoStart');
  return capacitorFacts(file, {
    label: label?.kind === 'string' ? { expr: { t: 'lit', value: label.value }, span: label.span, literalSpan: { start: label.span.start + 1, end: label.span.end - 1 } } : undefined,
    autoStart: auto ? { value: auto.value.kind === 'boolean' && auto.value.value === true, span: auto.keySpan, ...readAsFalse(text, auto.value.span) } : undefined,
    runnerSpan: runner.keySpan,
  });
}

export function capacitorTsFacts(file: string, src: string, tree: Tree): FileFacts {
  // Find `BackgroundRunner: { … }` anywhere in the config object.
  const pairs = tree.rootNode.descendantsOfType('pair').filter((p): p is Node => !!p);
  const runner = pairs.find((p) => src.slice(p.childForFieldName('key')!.startIndex, p.childForFieldName('key')!.endIndex).replace(/['"]/g, '') === 'BackgroundRunner');
  const obj = runner?.childForFieldName('value');
  if (!runner || obj?.type !== 'object') return emptyFacts(file, 'typescript');
  const get = (k: string) => obj.namedChildren.find((p) => p?.type === 'pair' && src.slice(p.childForFieldName('key')!.startIndex, p.childForFieldName('key')!.endIndex).replace(/['"]/g, '') === k);
  const label = get('label')?.childForFieldName('value');
  const auto = get('autoStart');
  const autoValue = auto?.childForFieldName('value');
  const key = runner.childForFieldName('key')!;
  const facts = capacitorFacts(file, {
    label: label ? tsIdUse(src, label) : undefined,
    autoStart: auto && autoValue ? { value: src.slice(autoValue.startIndex, autoValue.endIndex) === 'true', span: { start: auto.childForFieldName('key')!.startIndex, end: auto.childForFieldName('key')!.endIndex }, ...readAsFalse(src, { start: autoValue.startIndex, end: autoValue.endIndex }) } : undefined,
    runnerSpan: { start: key.startIndex, end: key.endIndex },
  });
  // `// bgtasks-disable-next-line …` works in a TypeScript config like in any source file.
  facts.directives = parseDirectives(src, '//');
  return facts;
}
