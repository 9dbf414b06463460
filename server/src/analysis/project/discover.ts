/**
 * Which files of a workspace the linter reads, and the byte-level prefilter that decides which
 * Swift and Objective-C files are parsed up front (most files of a real app never mention BackgroundTasks).
 */
import path from 'node:path';
import { braceExpand, Minimatch } from 'minimatch';

/** Directories never worth reading: dependencies, build output, VCS and IDE state. */
export const SKIP_DIRS = new Set([
  'Pods',
  'build',
  'Build',
  'DerivedData',
  '.build',
  'node_modules',
  '.git',
  '.svn',
  '.hg',
  '.swiftpm',
  'xcuserdata',
  'Carthage',
  '.bundle',
  'vendor',
  '.gradle',
  'fastlane',
  // JavaScript app build output and platform folders that hold no sources of ours.
  'dist',
  'www',
  '.expo',
  '.next',
  'android',
  'platforms',
  'coverage',
]);

const SKIP_DIR_SUFFIXES = ['.xcassets', '.framework', '.xcframework', '.app', '.appex', '.dSYM', '.xcarchive', '.lproj', '.bundle', '.playground'];

export type FileKind = 'swift' | 'objc' | 'plist' | 'pbxproj' | 'xcconfig' | 'xcodegen' | 'ts' | 'appjson' | 'capacitor';

export function classifyFile(file: string): FileKind | undefined {
  const base = path.basename(file);
  if (base.endsWith('.swift')) return 'swift';
  // Objective-C and Objective-C++ sources and their headers (constants and `#define`s often live in headers).
  if (/\.(m|mm|h)$/.test(base)) return 'objc';
  if (/^capacitor\.config\.(json|ts|js|mjs)$/.test(base)) return 'capacitor';
  if (base === 'app.json') return 'appjson';
  if (/\.(ts|tsx|js|jsx|mjs|cjs)$/.test(base) && !base.endsWith('.d.ts') && !/\.(min|bundle)\.js$/.test(base)) return 'ts';
  if (base === 'project.pbxproj') return 'pbxproj';
  if (base.endsWith('.xcconfig')) return 'xcconfig';
  if (base === 'Info.plist' || base.endsWith('-Info.plist') || base.endsWith('_Info.plist')) return 'plist';
  if (base === 'project.yml' || base === 'project.yaml') return 'xcodegen';
  return undefined;
}

export interface ExcludeMatcher {
  skipDir(dir: string, name: string): boolean;
  skipFile(file: string): boolean;
}

/**
 * Most alternatives one exclude pattern may expand to (`{a,b}{c,d}` is four): past it, compiling and matching the
 * pattern would cost more than the lint (`{1..10000000}`), so the pattern is not used and says so.
 */
export const MAX_BRACE_ALTERNATIVES = 256;

interface CompiledExcludes {
  matchers: Minimatch[];
  /** Patterns left out, with why. */
  problems: string[];
}

/** Compiled pattern lists, by their text: a workspace reload does not compile its globs again. */
const compiled = new Map<string, CompiledExcludes>();

/** Compiles exclude globs once (each as itself and as a folder: `g` and `g/**`), leaving out brace bombs. */
export function compileExcludes(patterns: readonly string[]): CompiledExcludes {
  const cacheKey = patterns.join('\u0000');
  const hit = compiled.get(cacheKey);
  if (hit) return hit;
  const out: CompiledExcludes = { matchers: [], problems: [] };
  for (const p of patterns) {
    const g = p.replace(/\\/g, '/').replace(/\/$/, '');
    if (!g) continue;
    // Expansion stops one past the cap, so even `{1..10000000}` costs only that much to detect.
    if (braceExpand(g, { braceExpandMax: MAX_BRACE_ALTERNATIVES + 1 }).length > MAX_BRACE_ALTERNATIVES) {
      out.problems.push(`exclude pattern "${p}" expands to more than ${MAX_BRACE_ALTERNATIVES} alternatives: it is not used`);
      continue;
    }
    for (const glob of [g, g + '/**']) out.matchers.push(new Minimatch(glob, { dot: true, braceExpandMax: MAX_BRACE_ALTERNATIVES }));
  }
  if (compiled.size >= 16) compiled.delete(compiled.keys().next().value as string);
  compiled.set(cacheKey, out);
  return out;
}

/** Builds the exclude test from glob patterns (relative to `root`, `**` allowed) plus the built-in skips. */
export function excludeMatcher(root: string, patterns: string[]): ExcludeMatcher {
  const { matchers } = compileExcludes(patterns);
  const matches = (abs: string) => {
    if (!matchers.length) return false;
    const rel = path.relative(root, abs).split(path.sep).join('/');
    return matchers.some((m) => m.match(rel));
  };
  return {
    skipDir(dir, name) {
      if (SKIP_DIRS.has(name)) return true;
      if (SKIP_DIR_SUFFIXES.some((s) => name.endsWith(s))) return true;
      return matches(dir);
    },
    skipFile(file) {
      return matches(file);
    },
  };
}

/** A prefilter word; `after` (when set) says whether an occurrence counts, from the characters after it. */
export interface PrefilterWord {
  word: string;
  after?: (code: (i: number) => number | undefined, end: number) => boolean;
}

/** An identifier character (ASCII letter, digit or `_`), by code. */
export function isIdentCode(c: number | undefined): boolean {
  return c !== undefined && ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95);
}

/** The word ends there (`setTaskCompleted(`, not `setTaskCompletedWithSnapshot(`). */
const wholeWord: PrefilterWord['after'] = (code, end) => !isIdentCode(code(end));
/** Not an argument label (`x.expirationHandler = …`, not `beginBackgroundTask(expirationHandler: …)`). */
const notArgumentLabel: PrefilterWord['after'] = (code, end) => {
  let i = end;
  while (code(i) === 32 || code(i) === 9) i++;
  return code(i) !== 58;
};

/** The BackgroundTasks vocabulary: a Swift file that uses it in code is parsed up front. */
export const SWIFT_API_WORDS: readonly (string | PrefilterWord)[] = [
  'BGTask',
  'BackgroundTasks',
  // BGTask's `setTaskCompleted(success:)`; WatchKit's `setTaskCompletedWithSnapshot(_:)` is another API.
  { word: 'setTaskCompleted', after: wholeWord },
  // `task.expirationHandler = …`; UIKit's `beginBackgroundTask(expirationHandler:)` (audio, uploads) is another API.
  { word: 'expirationHandler', after: notArgumentLabel },
  '.backgroundTask(',
];

/**
 * Launch entry points. They matter only next to the API (when, from where, is a task registered or submitted?): in an
 * app whose code never uses the API they are not parsed at all (Workspace defers them until some file does).
 */
export const SWIFT_LAUNCH_WORDS: readonly string[] = ['LaunchingWithOptions', '@main', '@UIApplicationMain', 'UIApplicationDelegateAdaptor', 'UIApplicationDelegate'];

/**
 * The BackgroundTasks vocabulary as Objective-C spells it (selectors, class names), and the react-native-background-fetch
 * setup call: an Objective-C file that uses it in code is parsed up front.
 */
export const OBJC_API_WORDS: readonly (string | PrefilterWord)[] = [
  // BGTaskScheduler, BGTask, BGTaskRequest (and an app's own BGTask… classes, which are then read and found harmless).
  'BGTask',
  'BGAppRefreshTask',
  'BGProcessingTask',
  'BGHealthResearchTask',
  'BGContinuedProcessingTask',
  { word: 'setTaskCompletedWithSuccess', after: wholeWord },
  // `task.expirationHandler = ^{…}`; UIKit's `beginBackgroundTaskWithName:expirationHandler:` is another API.
  { word: 'expirationHandler', after: notArgumentLabel },
  'setExpirationHandler:',
  'TSBackgroundFetch',
];

/** Objective-C launch entry points (parsed only next to the API, like Swift's). */
export const OBJC_LAUNCH_WORDS: readonly string[] = ['didFinishLaunchingWithOptions', 'willFinishLaunchingWithOptions'];

/** Words whose presence makes an Objective-C file worth parsing (the editor's test for open documents). */
export const OBJC_PREFILTER: readonly (string | PrefilterWord)[] = [...OBJC_API_WORDS, ...OBJC_LAUNCH_WORDS];

/**
 * Words whose presence makes a Swift file worth parsing: the BackgroundTasks vocabulary and launch entry points (the
 * editor's test for open documents; the workspace applies the two lists separately).
 */
export const SWIFT_PREFILTER: readonly (string | PrefilterWord)[] = [...SWIFT_API_WORDS, ...SWIFT_LAUNCH_WORDS];

/** Words that make a TypeScript/JavaScript file worth parsing: the libraries and bridges that reach BGTaskScheduler. */
export const TS_PREFILTER = [
  'react-native-background-fetch',
  'expo-background-task',
  'expo-task-manager',
  'BGTaskScheduler',
  'setTaskCompletedWithSuccess',
  'FinishLaunchingWithOptions',
  'addEventListener',
];

export function swiftNeedsParse(text: string, words: readonly (string | PrefilterWord)[] = SWIFT_PREFILTER): boolean {
  const code = (i: number) => (i < text.length ? text.charCodeAt(i) : undefined);
  for (const w of words) {
    const word = typeof w === 'string' ? w : w.word;
    for (let i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) {
      if (typeof w === 'string' || !w.after || w.after(code, i + word.length)) return true;
    }
  }
  return false;
}

/**
 * Test code is not app code: XCTest / Swift Testing bundles, Swift packages' `Tests/`, `*Tests/` and `*UITests/`
 * folders, JavaScript `__tests__`/`__mocks__`/`e2e` folders and `*.test.*`/`*.spec.*` files. Their mocks and fake
 * requests never produce findings, and never count as the app registering or submitting anything.
 * `rel` is the path relative to the workspace root (so a checkout folder named `…-tests` does not count).
 */
export function isTestPath(rel: string): boolean {
  const parts = rel.split(/[/\\]/);
  const base = parts.pop() ?? '';
  for (const d of parts) if (/^(Tests?|.+Tests|.+UITests|.+TestSupport|__tests__|__mocks__|e2e|XCTest.*)$/.test(d)) return true;
  return /(Tests?|Spec|Mock|Mocks)\.(swift|m|mm|h)$/.test(base) || /\.(test|spec)\.[cm]?[jt]sx?$/.test(base);
}

const IMPORT_WORD = Buffer.from('import ', 'latin1');
const TEST_MODULES = ['XCTest', 'Testing', 'Quick', 'Nimble'].map((m) => Buffer.from(m, 'latin1'));

/** A Swift source that imports a test framework (bytes, so the file need not be decoded). */
export function importsTestFramework(bytes: Uint8Array | string): boolean {
  const buf = typeof bytes === 'string' ? Buffer.from(bytes) : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // One search for `import `, then the module name after it (four searches of the whole file cost more).
  let i = buf.indexOf(IMPORT_WORD);
  while (i >= 0) {
    const before = i === 0 ? 10 : buf[i - 1];
    if (before === 10 || before === 13 || before === 32 || before === 9 || before === 59) {
      for (const m of TEST_MODULES) {
        const at = i + IMPORT_WORD.length;
        if (buf.compare(m, 0, m.length, at, at + m.length) !== 0) continue;
        const after = buf[at + m.length];
        if (after === undefined || after === 10 || after === 13 || after === 32 || after === 59 || after === 9) return true;
      }
    }
    i = buf.indexOf(IMPORT_WORD, i + 1);
  }
  return false;
}

/** Test frameworks an Objective-C file imports (`#import <XCTest/XCTest.h>`, `@import XCTest;`, Specta, Kiwi …). */
const OBJC_TEST_IMPORT = /(#\s*import\s*<\s*(XCTest|Quick|Nimble|Specta|Expecta|Kiwi|OCMock)\/|@import\s+(XCTest|Quick|Nimble)\s*;)/;

/** An Objective-C source that imports a test framework (its first 64 KB, where imports are). */
export function objcImportsTestFramework(bytes: Uint8Array | string): boolean {
  const head = typeof bytes === 'string' ? bytes.slice(0, 65536) : Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 65536)).toString('latin1');
  return head.includes('import') && OBJC_TEST_IMPORT.test(head);
}

/** Xcode product types of test bundles. */
export function isTestProductType(productType: string): boolean {
  return /bundle\.(unit-test|ui-testing)$/.test(productType);
}
