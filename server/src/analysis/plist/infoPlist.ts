/**
 * An Info.plist as the linter sees it: the two background-task keys with the position of every
 * entry, whether it is an app (or an extension), and problems reading it.
 */
import * as bplist from 'bplist-parser';
import * as plist from 'plist';
import type { Span } from '../text/lineIndex';
import { dictGet, readXmlPlist, trimSpan, type PlistArray, type PlistDict, type PlistEntry, type XmlComment } from './xmlPlist';

export const PERMITTED_KEY = 'BGTaskSchedulerPermittedIdentifiers';
export const MODES_KEY = 'UIBackgroundModes';

export interface PlistStringEntry {
  /** The value as written (build variables not expanded). */
  raw: string;
  /** The whole `<string>…</string>` element (empty span for binary plists). */
  span: Span;
  /** The text between the tags, trimmed (what diagnostics underline). */
  valueSpan: Span;
}

export interface PlistArrayKey {
  /** The key's text inside `<key>…</key>`. */
  keySpan: Span;
  /** The array node when the value is an array (XML only). */
  array?: PlistArray;
  /** String entries in order. */
  entries: PlistStringEntry[];
  /** True when the value is not an array (iOS then treats it as empty). */
  notAnArray: boolean;
}

export interface InfoPlist {
  file: string;
  format: 'xml' | 'binary';
  /** The top-level dictionary (XML only). */
  root?: PlistDict;
  permitted?: PlistArrayKey;
  modes?: PlistArrayKey;
  /** True unless the plist describes an extension (NSExtension / EXAppExtensionAttributes) or a non-app bundle. */
  isApp: boolean;
  /** CFBundleIdentifier as written. */
  bundleIdentifier?: string;
  comments: XmlComment[];
  problems: { message: string; span: Span }[];
  /** Where findings about a missing key point when there is no dictionary tag (app.json: the `infoPlist`, `ios` or `expo` key). */
  anchor?: Span;
}

function arrayKey(entry: PlistEntry | undefined, text: string): PlistArrayKey | undefined {
  if (!entry) return undefined;
  const v = entry.value;
  if (v?.kind !== 'array') return { keySpan: entry.keyTextSpan, entries: [], notAnArray: true };
  return {
    keySpan: entry.keyTextSpan,
    array: v,
    notAnArray: false,
    entries: v.items.flatMap((i) => (i.kind === 'string' ? [{ raw: i.value.trim(), span: i.span, valueSpan: trimSpan(text, i.contentSpan) }] : [])),
  };
}

function scalar(dict: PlistDict | undefined, key: string): string | undefined {
  const v = dictGet(dict, key)?.value;
  return v && v.kind !== 'dict' && v.kind !== 'array' ? v.value : undefined;
}

function isBinary(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && Buffer.from(bytes.subarray(0, 8)).toString('latin1') === 'bplist00';
}

/**
 * Reads an Info.plist from text (XML) or bytes (binary or XML). Never throws; a file that cannot be
 * read yields problems and no keys.
 */
export function readInfoPlist(file: string, content: string | Uint8Array): InfoPlist {
  if (typeof content !== 'string') {
    if (isBinary(content)) return readBinary(file, content);
    content = Buffer.from(content).toString('utf8');
  }
  // A byte-order mark: blank it and the XML declaration after it (an XML declaration must come first, and a
  // document may start with white space without one), so offsets stay those of the file.
  const text = content.charCodeAt(0) === 0xfeff ? ' ' + content.slice(1).replace(/^<\?xml[^>]*\?>/, (d) => ' '.repeat(d.length)) : content;
  const xml = readXmlPlist(text);
  const out: InfoPlist = { file, format: 'xml', isApp: true, comments: xml.comments, problems: [...xml.problems] };
  if (xml.root && xml.root.kind !== 'dict') {
    out.problems.push({ message: 'the top-level value of an Info.plist must be a <dict>', span: xml.root.span });
    return out;
  }
  const root = xml.root;
  out.root = root;
  if (root && xml.problems.length === 0) {
    // Cross-check with the `plist` package, the reference parser for values: anything it rejects is malformed.
    try {
      plist.parse(text);
    } catch (e) {
      out.problems.push({ message: `malformed plist: ${(e as Error).message.split('\n')[0]}`, span: { start: 0, end: Math.min(text.length, 1) } });
    }
  }
  out.permitted = arrayKey(dictGet(root, PERMITTED_KEY), text);
  out.modes = arrayKey(dictGet(root, MODES_KEY), text);
  out.bundleIdentifier = scalar(root, 'CFBundleIdentifier');
  const packageType = scalar(root, 'CFBundlePackageType');
  out.isApp =
    !dictGet(root, 'NSExtension') &&
    !dictGet(root, 'EXAppExtensionAttributes') &&
    (!packageType || /APPL|\$\(PRODUCT_BUNDLE_PACKAGE_TYPE\)/.test(packageType)) &&
    !WATCH_KEYS.some((k) => dictGet(root, k)) &&
    APP_EVIDENCE.some((k) => dictGet(root, k));
  return out;
}

/**
 * Keys only a bundle's Info.plist has. A plist with none of them is a configuration file that happens to be named like
 * one (`GoogleService-Info.plist`, a Settings bundle page) and never governs app code.
 */
const APP_EVIDENCE = ['CFBundleIdentifier', 'CFBundleExecutable', 'CFBundlePackageType', 'CFBundleName', 'LSRequiresIPhoneOS', 'UIApplicationSceneManifest', 'UILaunchStoryboardName', 'UILaunchScreen', 'UIBackgroundModes', 'BGTaskSchedulerPermittedIdentifiers', 'UIMainStoryboardFile', 'UISupportedInterfaceOrientations'];
/** Keys of watchOS app plists: not an iOS app's plist, whatever the folder. */
const WATCH_KEYS = ['WKApplication', 'WKWatchKitApp', 'WKCompanionAppBundleIdentifier', 'WKWatchOnly'];

function readBinary(file: string, bytes: Uint8Array): InfoPlist {
  const out: InfoPlist = { file, format: 'binary', isApp: true, comments: [], problems: [] };
  try {
    const [root] = bplist.parseBuffer(Buffer.from(bytes)) as unknown as Record<string, unknown>[];
    if (!root || typeof root !== 'object') throw new Error('the top-level value is not a dictionary');
    const strings = (v: unknown): PlistStringEntry[] =>
      Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').map((raw) => ({ raw, span: { start: 0, end: 0 }, valueSpan: { start: 0, end: 0 } })) : [];
    const key = (k: string): PlistArrayKey | undefined =>
      k in root ? { keySpan: { start: 0, end: 0 }, entries: strings(root[k]), notAnArray: !Array.isArray(root[k]) } : undefined;
    out.permitted = key(PERMITTED_KEY);
    out.modes = key(MODES_KEY);
    out.bundleIdentifier = typeof root.CFBundleIdentifier === 'string' ? root.CFBundleIdentifier : undefined;
    out.isApp = !('NSExtension' in root) && !('EXAppExtensionAttributes' in root) && !WATCH_KEYS.some((k) => k in root) && APP_EVIDENCE.some((k) => k in root);
  } catch (e) {
    out.problems.push({ message: `unreadable binary plist: ${(e as Error).message}`, span: { start: 0, end: 0 } });
  }
  return out;
}
