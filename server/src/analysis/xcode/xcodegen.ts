/**
 * XcodeGen `project.yml`: the `info.properties` of each target (the source of the generated
 * Info.plist) and `INFOPLIST_KEY_*` build settings, which Xcode ignores for the two BGTask keys.
 */
import path from 'node:path';
import { isMap, isScalar, isSeq, parseDocument, type Node as YNode, type Pair } from 'yaml';
import type { InfoPlist } from '../plist/infoPlist';
import type { Span } from '../text/lineIndex';
import type { BuildSettingSite } from './pbxproj';

export interface XcodeGenResult {
  /** Info.plist contents described by `info.properties`, keyed by the generated plist path. */
  plists: { file: string; plist: InfoPlist }[];
  infoPlistKeySettings: BuildSettingSite[];
  problems: { message: string; span: Span }[];
}

function rangeOf(n: YNode | null | undefined): Span {
  const r = (n as { range?: [number, number, number] } | null)?.range;
  return r ? { start: r[0], end: r[1] } : { start: 0, end: 0 };
}

function get(map: YNode | null | undefined, key: string): YNode | undefined {
  if (!isMap(map)) return undefined;
  const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key) as Pair<YNode, YNode> | undefined;
  return pair?.value ?? undefined;
}

export function readXcodeGen(file: string, text: string): XcodeGenResult {
  const out: XcodeGenResult = { plists: [], infoPlistKeySettings: [], problems: [] };
  let doc;
  try {
    doc = parseDocument(text, { keepSourceTokens: false });
  } catch (e) {
    out.problems.push({ message: `unreadable project.yml: ${(e as Error).message}`, span: { start: 0, end: 0 } });
    return out;
  }
  for (const err of doc.errors) out.problems.push({ message: `project.yml: ${err.message.split('\n')[0]}`, span: { start: err.pos[0], end: err.pos[1] } });
  const root = doc.contents;
  const targets = get(root as YNode, 'targets');
  const dir = path.dirname(file);
  const scanSettings = (settings: YNode | undefined, target: string) => {
    if (!isMap(settings)) return;
    for (const pair of settings.items) {
      const k = isScalar(pair.key) ? String(pair.key.value) : '';
      if (k.startsWith('INFOPLIST_KEY_')) {
        out.infoPlistKeySettings.push({ key: k, value: isScalar(pair.value) ? String(pair.value.value) : '', file, span: rangeOf(pair.key as YNode), target });
      } else if (isMap(pair.value)) scanSettings(pair.value as YNode, target);
    }
  };
  if (!isMap(targets)) return out;
  for (const pair of targets.items) {
    const name = isScalar(pair.key) ? String(pair.key.value) : '?';
    const t = pair.value as YNode;
    scanSettings(get(t, 'settings'), name);
    const info = get(t, 'info');
    const p = get(info, 'path');
    const props = get(info, 'properties');
    if (!isScalar(p) || !isMap(props)) continue;
    const strings = (n: YNode | undefined) => (isSeq(n) ? n.items.filter(isScalar).map((s) => ({ raw: String(s.value), span: rangeOf(s as YNode), valueSpan: rangeOf(s as YNode) })) : []);
    const permittedNode = get(props, 'BGTaskSchedulerPermittedIdentifiers');
    const modesNode = get(props, 'UIBackgroundModes');
    const type = get(t, 'type');
    out.plists.push({
      file: path.resolve(dir, String(p.value)),
      plist: {
        file: path.resolve(dir, String(p.value)),
        format: 'xml',
        isApp: !isScalar(type) || /application/.test(String(type.value)),
        permitted: permittedNode ? { keySpan: rangeOf(permittedNode), entries: strings(permittedNode), notAnArray: !isSeq(permittedNode) } : undefined,
        modes: modesNode ? { keySpan: rangeOf(modesNode), entries: strings(modesNode), notAnArray: !isSeq(modesNode) } : undefined,
        comments: [],
        problems: [],
      },
    });
  }
  return out;
}
