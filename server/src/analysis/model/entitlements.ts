/**
 * What a target's entitlements say about one key, across its build configurations (CODE_SIGN_ENTITLEMENTS may differ
 * between Debug and Release). Only a definite answer is reported: a setting with unknown variables, a file outside the
 * workspace or one that cannot be read count as unknown, and unknown means silence.
 */
import type { PlistScalar } from '../plist/xmlPlist';
import type { AppScope, PlistDoc } from './workspace';

/** BGHealthResearchTask (no hyphen in "backgroundtasks", unlike the GPU key). */
export const HEALTH_RESEARCH_ENTITLEMENT = 'com.apple.developer.backgroundtasks.healthresearch';
/** Background GPU use by continued-processing tasks (Xcode capability "Background GPU Access"). */
export const GPU_ENTITLEMENT = 'com.apple.developer.background-tasks.continued-processing.gpu';

export type EntitlementCheck =
  | { state: 'present' }
  | { state: 'unknown' }
  /** No CODE_SIGN_ENTITLEMENTS in these configurations: the app is signed without entitlements. */
  | { state: 'no-file'; configurations: string[] }
  /** The file lacks the key, or sets it to false (`value`). */
  | { state: 'missing'; doc: PlistDoc; configurations: string[]; value?: PlistScalar };

export function checkEntitlement(scope: AppScope, key: string, read: (file: string) => PlistDoc | undefined): EntitlementCheck {
  const target = scope.target;
  if (scope.how !== 'target' || !target?.configurations.length) return { state: 'unknown' };
  const noFile: string[] = [];
  let missing: Extract<EntitlementCheck, { state: 'missing' }> | undefined;
  let unknown = false;
  for (const c of target.configurations) {
    if (c.entitlements === 'none') {
      noFile.push(c.name);
      continue;
    }
    const doc = c.entitlements === 'unknown' ? undefined : read(c.entitlements);
    const root = doc?.plist.format === 'xml' ? doc.plist.root : undefined;
    if (!doc || !root) {
      unknown = true;
      continue;
    }
    const entry = root.entries.find((e) => e.key === key);
    if (entry?.value?.kind === 'true') continue;
    // A value that is not a boolean (a string, an array) is not ours to judge.
    if (entry && entry.value?.kind !== 'false') {
      unknown = true;
      continue;
    }
    if (!missing) missing = { state: 'missing', doc, configurations: [], value: entry?.value?.kind === 'false' ? entry.value : undefined };
    if (missing.doc.file === doc.file) missing.configurations.push(c.name);
  }
  if (missing) return missing;
  if (noFile.length) return { state: 'no-file', configurations: noFile };
  return unknown ? { state: 'unknown' } : { state: 'present' };
}
