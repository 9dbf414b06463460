/** Shared pieces of rule logic: plist fixes, "did you mean", locations for messages. */
import path from 'node:path';
import type { RuleAnalysis as Analysis } from '../analysis/model/analysis';
import type { AppScope, PlistDoc } from '../analysis/model/workspace';
import { addArrayString } from '../analysis/plist/plistEdits';
import { addToExpoInfoPlist } from '../analysis/typescript/jsonEdits';
import { BUNDLE_ID_TOKEN } from '../analysis/xcode/buildSettings';
import type { Span } from '../analysis/text/lineIndex';
import type { Fix } from '../analysis/model/edits';

export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const prev = new Array(b.length + 1).fill(0).map((_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** The candidate closest to `value`, if it is close enough to be a typo. */
export function nearest(value: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(value, c);
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  const limit = Math.max(2, Math.floor(value.length / 6));
  return best !== undefined && bestD > 0 && bestD <= limit ? best : undefined;
}

/** Path relative to the workspace root, for messages. */
export function rel(analysis: Analysis, file: string): string {
  for (const root of analysis.roots()) {
    const r = path.relative(root, file);
    if (!r.startsWith('..') && !path.isAbsolute(r)) return r.split(path.sep).join('/') || path.basename(file);
  }
  return file;
}

export function lineOf(analysis: Analysis, file: string, offset: number): number {
  return analysis.lineOf(file, offset);
}

export function where(analysis: Analysis, file: string, span: Span): string {
  return `${rel(analysis, file)}:${lineOf(analysis, file, span.start)}`;
}

/** "FilmTracker/Info.plist (target FilmTracker)": which plist governs, and why. */
/** The Expo app.json that stands for a managed app's Info.plist, if that is what the scope has. */
export function expoAppJson(scope: AppScope): PlistDoc | undefined {
  return scope.plists.find((p) => p.virtual && path.basename(p.file) === 'app.json');
}

export function scopeLabel(analysis: Analysis, scope: AppScope): string {
  const plist = scope.plists.map((p) => rel(analysis, p.file)).join(', ') || 'no Info.plist';
  if (expoAppJson(scope) && scope.plists.length === 1) return `${plist} (expo.ios.infoPlist of the managed Expo app)`;
  switch (scope.how) {
    case 'target':
      return `${plist} (target ${scope.name})`;
    case 'nearest':
      return `${plist} (nearest Info.plist)`;
    default:
      return `${plist} (no target membership found; all app Info.plists)`;
  }
}

/** The plist a fix should edit: the scope's first editable XML plist. */
export function editablePlist(scope: AppScope): PlistDoc | undefined {
  return scope.plists.find((p) => !p.virtual && p.plist.format === 'xml' && p.plist.root);
}

/**
 * How an id should be written into a plist: with `$(PRODUCT_BUNDLE_IDENTIFIER)` when the code builds
 * it from the bundle id (or the plist already writes ids that way), else concretely.
 */
export function plistSpelling(analysis: Analysis, scope: AppScope, value: string): string {
  if (!value.includes(BUNDLE_ID_TOKEN)) return value;
  return scope.bundleIds.length && !scope.plists.some((p) => p.plist.permitted?.entries.some((e) => e.raw.includes('$('))) ? analysis.display(value, scope) : value;
}

export function addToPlistFix(scope: AppScope, key: string, value: string, title: string): Fix | undefined {
  const doc = editablePlist(scope);
  if (!doc) {
    // A managed Expo app: the keys live in app.json under expo.ios.infoPlist.
    const app = expoAppJson(scope);
    const edit = app && addToExpoInfoPlist(app.text, key, value);
    return edit ? { title, edits: [{ file: app.file, span: edit.span, newText: edit.newText }], safe: true, preferred: true } : undefined;
  }
  const edit = addArrayString(doc, key, value);
  if (!edit) return undefined;
  return { title, edits: [{ file: doc.file, span: edit.span, newText: edit.newText }], safe: true, preferred: true };
}

export const EXPECTED_TASK_CLASS = {
  BGAppRefreshTaskRequest: 'BGAppRefreshTask',
  BGProcessingTaskRequest: 'BGProcessingTask',
  BGHealthResearchTaskRequest: 'BGHealthResearchTask',
  BGContinuedProcessingTaskRequest: 'BGContinuedProcessingTask',
} as const;

/** Identifiers that libraries register natively from the plist (the app code never registers them). */
export function isLibraryOwnedId(id: string): boolean {
  return id.startsWith('com.transistorsoft.') || id === 'com.expo.modules.backgroundtask.processing';
}

/**
 * react-native-background-fetch before 4.2.2 registers a launch handler for every permitted identifier in Info.plist;
 * from 4.2.2 only for those prefixed `com.transistorsoft.`. Undefined version: not known.
 */
export function rnbfRegistersAllPermitted(version: [number, number, number] | undefined): boolean {
  if (!version) return false;
  const [a, b, c] = version;
  return a < 4 || (a === 4 && (b < 2 || (b === 2 && c < 2)));
}
