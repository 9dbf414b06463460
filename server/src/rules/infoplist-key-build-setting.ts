/** Flags INFOPLIST_KEY_* build settings for the two BGTask keys: Xcode ignores them. */
import type { RuleAnalysis as Analysis } from '../analysis/model/analysis';
import type { PlistDoc } from '../analysis/model/workspace';
import { MODES_KEY, PERMITTED_KEY } from '../analysis/plist/infoPlist';
import type { BuildSettingSite } from '../analysis/xcode/pbxproj';
import { rel } from '../ruleSupport/helpers';
import { defineRule } from './types';

const KEYS: Record<string, string> = {
  INFOPLIST_KEY_BGTaskSchedulerPermittedIdentifiers: PERMITTED_KEY,
  INFOPLIST_KEY_UIBackgroundModes: MODES_KEY,
};

export default defineRule({
  meta: {
    id: 'infoplist-key-build-setting',
    description: 'INFOPLIST_KEY_BGTaskSchedulerPermittedIdentifiers / INFOPLIST_KEY_UIBackgroundModes build settings are silently ignored by Xcode.',
    defaultSeverity: 'warning',
    category: 'configuration',
    fixable: false,
  },
  check(ctx) {
    const { analysis } = ctx;
    const sites = [...analysis.projects().flatMap((p) => p.infoPlistKeySettings), ...analysis.looseBuildSettings()];
    const seen = new Set<string>();
    for (const s of sites) {
      const plistKey = KEYS[s.key];
      if (!plistKey) continue;
      const key = `${s.file}:${s.span.start}`;
      if (seen.has(key)) continue;
      seen.add(key);
      // When the target's Info.plist file has the key after all, the app does get it, just not this value.
      const plist = plistDeclaring(analysis, s, plistKey);
      const effect = plist
        ? `this value never reaches the app: ${plistKey} comes only from ${rel(analysis, plist.file)}. Remove the setting and keep ${plistKey} there.`
        : `the app ships without ${plistKey}. Put ${plistKey} in the target's Info.plist file instead.`;
      ctx.report({
        file: s.file,
        span: s.span,
        message: `Xcode ignores ${s.key}${s.target ? ` (target ${s.target}${s.configuration ? `, ${s.configuration}` : ''})` : ''}: it is not among the keys a generated Info.plist takes from build settings, so ${effect}`,
      });
    }
  },
});

/** The Info.plist file of the setting's target (and configuration) that declares `plistKey` itself, if any. */
function plistDeclaring(analysis: Analysis, s: BuildSettingSite, plistKey: string): PlistDoc | undefined {
  const target = analysis.projects().find((p) => p.file === s.file)?.targets.find((t) => t.name === s.target);
  for (const c of target?.configurations ?? []) {
    if (s.configuration && c.name !== s.configuration) continue;
    const doc = c.infoPlistFile ? analysis.plist(c.infoPlistFile) : undefined;
    if (doc && (plistKey === PERMITTED_KEY ? doc.plist.permitted : doc.plist.modes)) return doc;
  }
  return undefined;
}
