/** Xcode project model: targets, configurations, membership, build-setting expansion, xcconfig, scopes. */
import { describe, expect, it } from 'vitest';
import { Workspace } from '../../server/src/analysis/model/workspace';
import { MemoryFileSystem } from '../../server/src/analysis/project/fileSystem';
import { expandVariables, layerSettings } from '../../server/src/analysis/xcode/buildSettings';
import { readXcodeProject } from '../../server/src/analysis/xcode/pbxproj';
import { parseXcconfig, xcconfigSettings } from '../../server/src/analysis/xcode/xcconfig';
import { infoPlist } from '../helpers/project';

/** A compact but real-shaped pbxproj: one app target (explicit membership) and one synchronized-folder target. */
export function pbxproj(o: { appBundle?: string; debugBundle?: string; extraSettings?: string; xcconfig?: boolean } = {}): string {
  return `// !$*UTF8*$!
{
	archiveVersion = 1;
	classes = {
	};
	objectVersion = 77;
	objects = {

/* Begin PBXBuildFile section */
		AA0000000000000000000001 /* AppDelegate.swift in Sources */ = {isa = PBXBuildFile; fileRef = AA0000000000000000000002 /* AppDelegate.swift */; };
/* End PBXBuildFile section */

/* Begin PBXFileReference section */
		AA0000000000000000000002 /* AppDelegate.swift */ = {isa = PBXFileReference; lastKnownFileType = sourcecode.swift; path = AppDelegate.swift; sourceTree = "<group>"; };
		AA0000000000000000000003 /* Info.plist */ = {isa = PBXFileReference; lastKnownFileType = text.plist.xml; path = Info.plist; sourceTree = "<group>"; };
		AA0000000000000000000004 /* Shared.xcconfig */ = {isa = PBXFileReference; lastKnownFileType = text.xcconfig; path = Config/Shared.xcconfig; sourceTree = SOURCE_ROOT; };
/* End PBXFileReference section */

/* Begin PBXFileSystemSynchronizedRootGroup section */
		AA0000000000000000000020 /* Widget */ = {isa = PBXFileSystemSynchronizedRootGroup; exceptions = (AA0000000000000000000021 /* Exceptions */, ); path = Widget; sourceTree = "<group>"; };
/* End PBXFileSystemSynchronizedRootGroup section */

/* Begin PBXFileSystemSynchronizedBuildFileExceptionSet section */
		AA0000000000000000000021 = {isa = PBXFileSystemSynchronizedBuildFileExceptionSet; membershipExceptions = (Info.plist, ); target = AA0000000000000000000031 /* Widget */; };
/* End PBXFileSystemSynchronizedBuildFileExceptionSet section */

/* Begin PBXGroup section */
		AA0000000000000000000010 = {isa = PBXGroup; children = (AA0000000000000000000011 /* App */, AA0000000000000000000020 /* Widget */, ); sourceTree = "<group>"; };
		AA0000000000000000000011 /* App */ = {isa = PBXGroup; children = (AA0000000000000000000002 /* AppDelegate.swift */, AA0000000000000000000003 /* Info.plist */, ); path = App; sourceTree = "<group>"; };
/* End PBXGroup section */

/* Begin PBXNativeTarget section */
		AA0000000000000000000030 /* App */ = {isa = PBXNativeTarget; buildConfigurationList = AA0000000000000000000040; buildPhases = (AA0000000000000000000050 /* Sources */, ); name = App; productType = "com.apple.product-type.application"; };
		AA0000000000000000000031 /* Widget */ = {isa = PBXNativeTarget; buildConfigurationList = AA0000000000000000000041; buildPhases = (); fileSystemSynchronizedGroups = (AA0000000000000000000020 /* Widget */, ); name = Widget; productType = "com.apple.product-type.app-extension"; };
/* End PBXNativeTarget section */

/* Begin PBXProject section */
		AA0000000000000000000060 /* Project object */ = {isa = PBXProject; buildConfigurationList = AA0000000000000000000042; mainGroup = AA0000000000000000000010; targets = (AA0000000000000000000030 /* App */, AA0000000000000000000031 /* Widget */, ); };
/* End PBXProject section */

/* Begin PBXSourcesBuildPhase section */
		AA0000000000000000000050 /* Sources */ = {isa = PBXSourcesBuildPhase; files = (AA0000000000000000000001 /* AppDelegate.swift in Sources */, ); };
/* End PBXSourcesBuildPhase section */

/* Begin XCBuildConfiguration section */
		AA0000000000000000000070 /* Debug */ = {isa = XCBuildConfiguration; ${o.xcconfig ? 'baseConfigurationReference = AA0000000000000000000004 /* Shared.xcconfig */; ' : ''}buildSettings = {
				INFOPLIST_FILE = App/Info.plist;
				PRODUCT_BUNDLE_IDENTIFIER = "${o.debugBundle ?? o.appBundle ?? 'com.example.app'}";
				${o.extraSettings ?? ''}
			}; name = Debug; };
		AA0000000000000000000071 /* Release */ = {isa = XCBuildConfiguration; ${o.xcconfig ? 'baseConfigurationReference = AA0000000000000000000004 /* Shared.xcconfig */; ' : ''}buildSettings = {
				INFOPLIST_FILE = "$(SRCROOT)/App/Info.plist";
				PRODUCT_BUNDLE_IDENTIFIER = "${o.appBundle ?? 'com.example.app'}";
			}; name = Release; };
		AA0000000000000000000072 /* Debug */ = {isa = XCBuildConfiguration; buildSettings = { INFOPLIST_FILE = Widget/Info.plist; PRODUCT_BUNDLE_IDENTIFIER = "$(BASE_ID).widget"; BASE_ID = com.example.app; }; name = Debug; };
		AA0000000000000000000073 /* Debug */ = {isa = XCBuildConfiguration; buildSettings = { SWIFT_VERSION = 5.0; }; name = Debug; };
/* End XCBuildConfiguration section */

/* Begin XCConfigurationList section */
		AA0000000000000000000040 = {isa = XCConfigurationList; buildConfigurations = (AA0000000000000000000070 /* Debug */, AA0000000000000000000071 /* Release */, ); };
		AA0000000000000000000041 = {isa = XCConfigurationList; buildConfigurations = (AA0000000000000000000072 /* Debug */, ); };
		AA0000000000000000000042 = {isa = XCConfigurationList; buildConfigurations = (AA0000000000000000000073 /* Debug */, ); };
/* End XCConfigurationList section */
	};
	rootObject = AA0000000000000000000060 /* Project object */;
}
`;
}

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
