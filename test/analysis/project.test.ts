/** Xcode project model: targets, configurations, membership, build-setting expansion, xcconfig, scopes. */
import { describe, expect, it } from 'vitest';
import { Workspace } from '../../server/src/analysis/model/workspace';
import { MemoryFileSystem } from '../../server/src/analysis/project/fileSystem';
import { expandVariables, layerSettings } from '../../server/src/analysis/xcode/buildSettings';
import { readXcodeProject } from '../../server/src/analysis/xcode/pbxproj';
import { parseXcconfig, xcconfigSettings } from '../../server/src/analysis/xcode/xcconfig';
import { infoPlist } from '../helpers/project';
import { pbxproj } from '../helpers/pbxproj';

describe('build settings', () => {
  it('expands $(VAR), ${VAR}, $VAR, nested variables and operators, and keeps unknown ones', () => {
    const s: Record<string, string> = { A: 'com.x', B: '$(A).app', NAME: 'My App_2' };
    const get = (k: string) => s[k];
    expect(expandVariables('$(B).refresh', get)).toEqual({ value: 'com.x.app.refresh', unresolved: [] });
    expect(expandVariables('${A}-$A', get).value).toBe('com.x-com.x');
    expect(expandVariables('com.$(NAME:rfc1034identifier)', get).value).toBe('com.My-App-2');
    expect(expandVariables('$(NAME:c99extidentifier)', get).value).toBe('My_App_2');
    expect(expandVariables('$(NAME:lower)', get).value).toBe('my app_2');
    expect(expandVariables('$(NOPE).x', get)).toEqual({ value: '$(NOPE).x', unresolved: ['NOPE'] });
  });

  it('layers settings with $(inherited)', () => {
    expect(layerSettings([{ FLAGS: '-a' }, { FLAGS: '$(inherited) -b' }, { FLAGS: '${inherited} -c' }]).FLAGS).toBe('-a -b -c');
  });

  it('reads xcconfig: comments, conditions, includes and INFOPLIST_KEY_* positions', () => {
    const text = '#include "Base.xcconfig"\n// comment\nPRODUCT_BUNDLE_IDENTIFIER = com.example.app // trailing\nURL = https://example.com\nINFOPLIST_KEY_UIBackgroundModes = fetch\nOTHER[sdk=iphoneos*] = x\n';
    const cfg = parseXcconfig(text);
    expect(cfg.includes.map((i) => i.path)).toEqual(['Base.xcconfig']);
    const s = xcconfigSettings(cfg);
    expect(s.PRODUCT_BUNDLE_IDENTIFIER).toBe('com.example.app');
    expect(s.URL).toBe('https://example.com');
    expect(s.OTHER).toBe('x');
    const k = cfg.entries.find((e) => e.key === 'INFOPLIST_KEY_UIBackgroundModes')!;
    expect(text.slice(k.keySpan.start, k.keySpan.end)).toBe('INFOPLIST_KEY_UIBackgroundModes');
  });
});

describe('pbxproj', () => {
  it('reads targets, configurations, bundle ids, plists and membership (explicit and synchronized folders)', () => {
    const fs = new MemoryFileSystem({ '/p/Config/Shared.xcconfig': 'INFOPLIST_KEY_BGTaskSchedulerPermittedIdentifiers = com.example.app.x\n' });
    const text = pbxproj({ debugBundle: 'com.example.app.debug', xcconfig: true, extraSettings: 'INFOPLIST_KEY_UIBackgroundModes = "fetch processing";' });
    const p = readXcodeProject('/p/App.xcodeproj/project.pbxproj', text, fs);
    expect(p.problems).toEqual([]);
    const [app, widget] = p.targets;
    expect(app.name).toBe('App');
    expect(app.isApp).toBe(true);
    expect(app.configurations.map((c) => [c.name, c.bundleId, c.infoPlistFile])).toEqual([
      ['Debug', 'com.example.app.debug', '/p/App/Info.plist'],
      ['Release', 'com.example.app', '/p/App/Info.plist'],
    ]);
    expect([...app.sourceFiles]).toEqual(['/p/App/AppDelegate.swift']);
    expect(widget.isApp).toBe(false);
    expect(widget.configurations[0].bundleId).toBe('com.example.app.widget');
    expect(widget.syncedFolders.map((s) => [s.folder, [...s.exceptions]])).toEqual([['/p/Widget', ['/p/Widget/Info.plist']]]);
    const keys = p.infoPlistKeySettings.map((s) => [s.key, s.file.endsWith('.xcconfig') ? 'xcconfig' : s.configuration]);
    expect(keys).toContainEqual(['INFOPLIST_KEY_UIBackgroundModes', 'Debug']);
    expect(keys).toContainEqual(['INFOPLIST_KEY_BGTaskSchedulerPermittedIdentifiers', 'xcconfig']);
    const site = p.infoPlistKeySettings.find((s) => s.configuration === 'Debug')!;
    expect(text.slice(site.span.start, site.span.end)).toBe('INFOPLIST_KEY_UIBackgroundModes');
  });

  it('ties sources to the plist of their target, and other sources to the nearest plist', async () => {
    const fs = new MemoryFileSystem({
      '/p/App.xcodeproj/project.pbxproj': pbxproj(),
      '/p/App/Info.plist': infoPlist({ ids: ['com.example.app.a'] }),
      '/p/App/AppDelegate.swift': 'import BackgroundTasks\n',
      '/p/Widget/Info.plist': infoPlist({ ids: null, modes: null, extra: '\t<key>NSExtension</key>\n\t<dict/>\n' }),
      '/p/Widget/Provider.swift': 'import BackgroundTasks\n',
      '/p/Tools/Info.plist': infoPlist({ ids: ['com.example.tool'] }),
      '/p/Tools/Sources/Main.swift': 'import BackgroundTasks\n',
    });
    const ws = await Workspace.load({ roots: ['/p'], fs });
    const scope = (f: string) => ws.scopesOf(f).map((s) => `${s.name}:${s.how}`);
    expect(scope('/p/App/AppDelegate.swift')).toEqual(['App:target']);
    // The widget is a (non-app) target: its files never fall back to a guessed plist.
    expect(scope('/p/Widget/Provider.swift')).toEqual([]);
    expect(scope('/p/Tools/Sources/Main.swift')).toEqual(['Tools:nearest']);
    const app = ws.scopes.find((s) => s.name === 'App')!;
    expect(app.bundleIds.map((b) => b.bundleId)).toEqual(['com.example.app', 'com.example.app']);
  });
});
