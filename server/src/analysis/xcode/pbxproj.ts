/**
 * The parts of an Xcode project the linter needs: targets, their build configurations (resolved
 * build settings, INFOPLIST_FILE, PRODUCT_BUNDLE_IDENTIFIER), which source files each target
 * compiles, and every `INFOPLIST_KEY_*` setting with its position.
 */
import path from 'node:path';
import type { FileSystem } from '../project/fileSystem';
import type { Span } from '../text/lineIndex';
import { expandVariables, layerSettings, type Settings } from './buildSettings';
import { asArray, asString, isDict, parseOpenStep, type ODict, type OValue } from './openStep';
import { parseXcconfig, xcconfigSettings } from './xcconfig';

export interface TargetConfiguration {
  name: string;
  /** Layered, unexpanded settings (project xcconfig < project < target xcconfig < target). */
  settings: Settings;
  /** Absolute path of INFOPLIST_FILE, expanded; undefined when the target has none. */
  infoPlistFile?: string;
  /** PRODUCT_BUNDLE_IDENTIFIER expanded; undefined when unknown or still holding variables. */
  bundleId?: string;
  generateInfoPlist: boolean;
  /**
   * CODE_SIGN_ENTITLEMENTS: the absolute path of the entitlements file, `none` when the setting is absent or empty, or
   * `unknown` when it holds variables that are not known.
   */
  entitlements: string | 'none' | 'unknown';
}

export interface XcodeTarget {
  name: string;
  productType: string;
  /** Application-like targets that BGTaskScheduler launches (apps, App Clips). */
  isApp: boolean;
  configurations: TargetConfiguration[];
  /** Absolute paths of the sources this target compiles. */
  sourceFiles: Set<string>;
  /** Folders whose files all belong to the target (Xcode 16 synchronized groups), minus exceptions. */
  syncedFolders: { folder: string; exceptions: Set<string> }[];
}

export interface BuildSettingSite {
  key: string;
  value: string;
  /** Where the key is written: the pbxproj or an xcconfig. */
  file: string;
  span: Span;
  configuration?: string;
  target?: string;
}

export interface XcodeProject {
  file: string;
  projectDir: string;
  targets: XcodeTarget[];
  /** Every INFOPLIST_KEY_* setting in the pbxproj and the xcconfig files it references. */
  infoPlistKeySettings: BuildSettingSite[];
  problems: { message: string; span: Span }[];
}

const APP_PRODUCT_TYPES = new Set([
  'com.apple.product-type.application',
  'com.apple.product-type.application.on-demand-install-capable',
  'com.apple.product-type.application.watchapp2-container',
]);

/** path.join, without normalising when `p` is one plain name (most group and file paths): a project has thousands. */
function joinPath(base: string, p: string): string {
  return /^[^/\\.][^/\\]*$/.test(p) && !base.endsWith(path.sep) && !base.endsWith('/') ? base + path.sep + p : path.join(base, p);
}

export function readXcodeProject(file: string, text: string, fs: FileSystem): XcodeProject {
  const projectDir = path.dirname(path.dirname(file));
  const parsed = parseOpenStep(text);
  const project: XcodeProject = { file, projectDir, targets: [], infoPlistKeySettings: [], problems: [...parsed.problems] };
  const root = parsed.value;
  if (!isDict(root) || !isDict(root.objects)) {
    // A value that is not a project dictionary is the finding that matters (trailing junk after it says less).
    if (parsed.value !== undefined || parsed.problems.length === 0) project.problems.unshift({ message: 'not an Xcode project file (no objects)', span: { start: 0, end: Math.min(1, text.length) } });
    return project;
  }
  const objects = root.objects;
  const obj = (id: OValue | undefined): ODict | undefined => {
    const s = asString(id);
    const o = s ? objects[s] : undefined;
    return isDict(o) ? o : undefined;
  };

  // Parent links for group path resolution.
  const parent = new Map<string, string>();
  for (const [id, o] of Object.entries(objects)) {
    if (!isDict(o)) continue;
    for (const child of asArray(o.children)) if (typeof child === 'string') parent.set(child, id);
  }
  const pathCache = new Map<string, string | undefined>();
  const fullPath = (id: string, depth = 0): string | undefined => {
    if (pathCache.has(id)) return pathCache.get(id);
    const o = obj(id);
    let result: string | undefined;
    if (o && depth < 64) {
      const p = asString(o.path) ?? '';
      const tree = asString(o.sourceTree) ?? '<group>';
      if (tree === '<absolute>') result = p && path.normalize(p);
      else if (tree === 'SOURCE_ROOT') result = path.join(projectDir, p);
      else if (tree === '<group>') {
        const par = parent.get(id);
        const base = par ? fullPath(par, depth + 1) : projectDir;
        result = base === undefined ? undefined : joinPath(base, p);
      } else result = undefined; // BUILT_PRODUCTS_DIR, SDKROOT, DEVELOPER_DIR: not source files.
    }
    pathCache.set(id, result);
    return result;
  };

  const xcconfigCache = new Map<string, Settings>();
  const readXcconfigFile = (abs: string, seen: Set<string>): Settings => {
    if (xcconfigCache.has(abs)) return xcconfigCache.get(abs)!;
    if (seen.has(abs) || seen.size > 32) return {};
    seen.add(abs);
    const text = fs.readText(abs);
    if (text === undefined) return {};
    const cfg = parseXcconfig(text);
    const layers: Settings[] = [];
    for (const inc of cfg.includes) layers.push(readXcconfigFile(path.resolve(path.dirname(abs), inc.path), seen));
    layers.push(xcconfigSettings(cfg));
    const merged = layerSettings(layers);
    for (const e of cfg.entries) {
      if (e.key.startsWith('INFOPLIST_KEY_')) project.infoPlistKeySettings.push({ key: e.key, value: e.value, file: abs, span: e.keySpan });
    }
    xcconfigCache.set(abs, merged);
    return merged;
  };

  const configsOf = (listId: OValue | undefined, owner: string | undefined): { name: string; settings: Settings; base: Settings }[] => {
    const list = obj(listId);
    const out: { name: string; settings: Settings; base: Settings }[] = [];
    for (const cid of asArray(list?.buildConfigurations)) {
      const c = obj(cid);
      if (!c) continue;
      const name = asString(c.name) ?? '?';
      const settings: Settings = {};
      const bs = isDict(c.buildSettings) ? c.buildSettings : undefined;
      if (bs) {
        const spans = parsed.keySpans.get(bs);
        for (const [k, v] of Object.entries(bs)) {
          settings[k] = typeof v === 'string' ? v : asArray(v).filter((x): x is string => typeof x === 'string').join(' ');
          const span = spans?.get(k);
          if (k.startsWith('INFOPLIST_KEY_') && span) {
            project.infoPlistKeySettings.push({ key: k, value: settings[k], file, span, configuration: name, target: owner });
          }
        }
      }
      let base: Settings = {};
      const ref = asString(c.baseConfigurationReference);
      const refPath = ref ? fullPath(ref) : undefined;
      if (refPath) base = readXcconfigFile(refPath, new Set());
      out.push({ name, settings, base });
    }
    return out;
  };

  const pbxProject = obj(root.rootObject);
  const projectConfigs = configsOf(pbxProject?.buildConfigurationList, undefined);

  for (const tid of asArray(pbxProject?.targets)) {
    const t = obj(tid);
    if (!t || asString(t.isa) !== 'PBXNativeTarget') continue;
    const name = asString(t.name) ?? '?';
    const productType = asString(t.productType) ?? '';
    const target: XcodeTarget = {
      name,
      productType,
      isApp: APP_PRODUCT_TYPES.has(productType),
      configurations: [],
      sourceFiles: new Set(),
      syncedFolders: [],
    };
    for (const c of configsOf(t.buildConfigurationList, name)) {
      const pc = projectConfigs.find((p) => p.name === c.name) ?? projectConfigs[0];
      const settings = layerSettings([
        { TARGET_NAME: name, PRODUCT_NAME: name, PROJECT_NAME: path.basename(path.dirname(file), '.xcodeproj'), CONFIGURATION: c.name },
        pc?.base ?? {},
        pc?.settings ?? {},
        c.base,
        c.settings,
      ]);
      const lookup = (k: string) =>
        k === 'SRCROOT' || k === 'PROJECT_DIR' || k === 'SOURCE_ROOT' ? projectDir : settings[k];
      const infoRaw = settings.INFOPLIST_FILE;
      const info = infoRaw ? expandVariables(infoRaw, lookup) : undefined;
      const bundle = settings.PRODUCT_BUNDLE_IDENTIFIER ? expandVariables(settings.PRODUCT_BUNDLE_IDENTIFIER, lookup) : undefined;
      const entSetting = entitlementsSetting(settings);
      const ent = entSetting && entSetting !== 'unknown' ? expandVariables(entSetting, lookup) : undefined;
      target.configurations.push({
        name: c.name,
        settings,
        infoPlistFile: info && info.unresolved.length === 0 ? path.resolve(projectDir, info.value) : undefined,
        bundleId: bundle && bundle.unresolved.length === 0 ? bundle.value : undefined,
        generateInfoPlist: /^(YES|1|true)$/i.test(settings.GENERATE_INFOPLIST_FILE ?? ''),
        entitlements: entSetting === 'unknown' ? 'unknown' : !ent ? 'none' : ent.unresolved.length ? 'unknown' : path.resolve(projectDir, ent.value),
      });
    }
    addMembership(target, t, tid, obj, fullPath);
    project.targets.push(target);
  }
  return project;
}

/**
 * CODE_SIGN_ENTITLEMENTS for an iOS device build: a conditional `CODE_SIGN_ENTITLEMENTS[sdk=iphoneos*]` wins over the
 * plain setting; conditions for other SDKs alone make the answer unknown (which one applies is not worked out here).
 */
function entitlementsSetting(settings: Record<string, string>): string | 'unknown' | undefined {
  const conditional = Object.keys(settings).filter((k) => k.startsWith('CODE_SIGN_ENTITLEMENTS['));
  const ios = conditional.find((k) => /\[sdk=iphoneos[^\]]*\]/.test(k) && settings[k].trim());
  if (ios) return settings[ios].trim();
  const plain = settings.CODE_SIGN_ENTITLEMENTS?.trim();
  if (conditional.length) return plain || 'unknown';
  return plain || undefined;
}

/** Files a target compiles: its Sources build phase, and Xcode 16 synchronized folders minus their exceptions. */
function addMembership(target: XcodeTarget, t: ODict, tid: OValue, obj: (id: OValue | undefined) => ODict | undefined, fullPath: (id: string) => string | undefined): void {
  for (const phaseId of asArray(t.buildPhases)) {
    const phase = obj(phaseId);
    if (!phase || asString(phase.isa) !== 'PBXSourcesBuildPhase') continue;
    for (const bf of asArray(phase.files)) {
      const ref = asString(obj(bf)?.fileRef);
      const p = ref ? fullPath(ref) : undefined;
      if (p) target.sourceFiles.add(p);
    }
  }
  for (const gid of asArray(t.fileSystemSynchronizedGroups)) {
    const g = obj(gid);
    const folder = typeof gid === 'string' ? fullPath(gid) : undefined;
    if (!g || !folder) continue;
    const exceptions = new Set<string>();
    for (const eid of asArray(g.exceptions)) {
      const e = obj(eid);
      if (!e || asString(e.target) !== tid) continue;
      for (const m of asArray(e.membershipExceptions)) if (typeof m === 'string') exceptions.add(path.join(folder, m));
    }
    target.syncedFolders.push({ folder, exceptions });
  }
}

/** True when `file` is compiled by `target` (explicit membership or a synchronized folder). */
export function targetContains(target: XcodeTarget, file: string): boolean {
  if (target.sourceFiles.has(file)) return true;
  for (const s of target.syncedFolders) {
    if (file.startsWith(s.folder + path.sep) && !s.exceptions.has(file)) return true;
  }
  return false;
}
