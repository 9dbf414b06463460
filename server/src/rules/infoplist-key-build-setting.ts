/** Flags INFOPLIST_KEY_* build settings for the two BGTask keys: Xcode ignores them. */
import { defineRule } from './types';

const KEYS: Record<string, string> = {
  INFOPLIST_KEY_BGTaskSchedulerPermittedIdentifiers: 'BGTaskSchedulerPermittedIdentifiers',
  INFOPLIST_KEY_UIBackgroundModes: 'UIBackgroundModes',
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
    const sites = [...analysis.ws.projects.flatMap((p) => p.infoPlistKeySettings), ...analysis.ws.looseBuildSettings];
    const seen = new Set<string>();
    for (const s of sites) {
      const plistKey = KEYS[s.key];
      if (!plistKey) continue;
      const key = `${s.file}:${s.span.start}`;
      if (seen.has(key)) continue;
      seen.add(key);
      ctx.report({
        file: s.file,
        span: s.span,
        message: `Xcode ignores ${s.key}${s.target ? ` (target ${s.target}${s.configuration ? `, ${s.configuration}` : ''})` : ''}: it is not among the keys a generated Info.plist takes from build settings, so the app ships without ${plistKey}. Put ${plistKey} in the target's Info.plist file instead.`,
      });
    }
  },
});
