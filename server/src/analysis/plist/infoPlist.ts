/**
 * An Info.plist as the linter sees it: the two background-task keys with the position of every
 * entry, whether it is an app (or an extension), and problems reading it.
 */
import * as plist from 'plist';
import type { Span } from '../text/lineIndex';
import { readBinaryPlist } from './binaryPlist';
import { dictGet, readXmlPlist, trimSpan, type DuplicateKey, type PlistArray, type PlistDict, type PlistEntry, type XmlComment } from './xmlPlist';

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
  /** Problems reading it: the keys it could not read are treated as unknown (rules about them stay silent). */
  problems: { message: string; span: Span }[];
  /** Notes that do not stop the keys being read (a duplicate key no rule reads). */
  warnings?: { message: string; span: Span }[];
  /** Set when the file is not UTF-8 (UTF-16 with a byte-order mark): read, but never edited. */
  encoding?: 'utf-16le' | 'utf-16be';
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
/** Largest plist text cross-checked with the `plist` package (its DOM parse costs ~0.3 s per MB). */
const CROSS_CHECK_MAX_CHARS = 256 * 1024;

export function readInfoPlist(file: string, content: string | Uint8Array): InfoPlist {
  let encoding: InfoPlist['encoding'];
  if (typeof content !== 'string') {
    if (isBinary(content)) return readBinary(file, content);
    ({ text: content, encoding } = decodePlistBytes(content));
    // eslint-disable-next-line no-control-regex -- NUL bytes are what UTF-16 read as UTF-8 looks like.
  } else if (/^\ufffd\ufffd(<\u0000|\u0000<)/.test(content)) {
    // UTF-16 bytes decoded as UTF-8 upstream: say so once instead of listing every misread character.
    const out: InfoPlist = { file, format: 'xml', isApp: true, comments: [], problems: [] };
    out.problems.push({ message: 'the file is UTF-16 but was read as UTF-8, so its keys are not checked', span: { start: 0, end: 0 } });
    return out;
  }
  // A byte-order mark: blank it and the XML declaration after it (an XML declaration must come first, and a
  // document may start with white space without one), so offsets stay those of the file.
  const text = content.charCodeAt(0) === 0xfeff ? ' ' + content.slice(1).replace(/^<\?xml[^>]*\?>/, (d) => ' '.repeat(d.length)) : content;
  const xml = readXmlPlist(text);
  const out: InfoPlist = { file, format: 'xml', isApp: true, comments: xml.comments, problems: [...xml.problems], encoding };
  noteDuplicates(out, xml.duplicates);
  if (xml.root && xml.root.kind !== 'dict') {
    out.problems.push({ message: 'the top-level value of an Info.plist must be a <dict>', span: xml.root.span });
    return out;
  }
  const root = xml.root;
  out.root = root;
  if (root && xml.problems.length === 0 && text.length <= CROSS_CHECK_MAX_CHARS) {
    // Cross-check with the `plist` package, the reference parser for values: anything it rejects is malformed. (A
    // plist past CROSS_CHECK_MAX_CHARS is generated, not written by a person; the reader's own checks stand alone.)
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
  const read = readBinaryPlist(bytes);
  if ('error' in read) {
    out.problems.push({ message: `unreadable binary plist: ${read.error}`, span: { start: 0, end: 0 } });
    return out;
  }
  const root = read.root;
  const zero = { start: 0, end: 0 };
  const key = (k: string): PlistArrayKey | undefined => {
    const v = root.get(k);
    if (!v) return undefined;
    const entries = v.kind === 'array' ? v.strings.map((raw) => ({ raw, span: zero, valueSpan: zero })) : [];
    return { keySpan: zero, entries, notAnArray: v.kind !== 'array' };
  };
  out.permitted = key(PERMITTED_KEY);
  out.modes = key(MODES_KEY);
  const bundle = root.get('CFBundleIdentifier');
  out.bundleIdentifier = bundle?.kind === 'string' ? bundle.value : undefined;
  out.isApp = !root.has('NSExtension') && !root.has('EXAppExtensionAttributes') && !WATCH_KEYS.some((k) => root.has(k)) && APP_EVIDENCE.some((k) => root.has(k));
  return out;
}

/** Top-level keys whose value this reader uses: a duplicate of one leaves the value unknown. */
const READ_KEYS = new Set([PERMITTED_KEY, MODES_KEY, 'CFBundleIdentifier', 'CFBundlePackageType', 'NSExtension', 'EXAppExtensionAttributes', ...WATCH_KEYS]);

/**
 * A key written twice: which value iOS reads is not something this linter decides, so a duplicate of a key it reads
 * makes that key unknown (a problem: the rules about it stay silent); any other duplicate is a warning note.
 */
function noteDuplicates(out: InfoPlist, duplicates: DuplicateKey[]): void {
  for (const d of duplicates) {
    const read = d.top && READ_KEYS.has(d.key);
    const message = `duplicate key "${d.key}": keep one (which value wins is up to the reader)${read ? ', so its value is not checked' : ''}`;
    if (read) out.problems.push({ message, span: d.span });
    else (out.warnings ??= []).push({ message: `warning: ${message}`, span: d.span });
  }
}

/**
 * The text of a plist file's bytes: UTF-16 when it starts with a UTF-16 byte-order mark (kept as U+FEFF, which the
 * reader blanks like a UTF-8 one), UTF-8 otherwise.
 */
export function decodePlistBytes(bytes: Uint8Array): { text: string; encoding?: 'utf-16le' | 'utf-16be' } {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return { text: b.subarray(0, b.length & ~1).toString('utf16le'), encoding: 'utf-16le' };
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) {
    const swapped = Buffer.from(b.subarray(0, b.length & ~1));
    swapped.swap16();
    return { text: swapped.toString('utf16le'), encoding: 'utf-16be' };
  }
  return { text: b.toString('utf8') };
}
