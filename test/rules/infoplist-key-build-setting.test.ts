import { infoPlist } from '../helpers/project';
import { ruleTester } from './ruleTester';

type Settings = Record<string, string | string[]>;
interface Target {
  name: string;
  folder: string;
  productType?: string;
  configs: { name: string; settings: Settings; xcconfig?: string }[];
}

/**
 * A small Xcode 16 project (synchronized folders). Setting names are written bare, so a «» mark can
 * wrap one; values are quoted, and arrays are written the way Xcode writes them.
 */
function pbxproj(targets: Target[], projectSettings: Settings = {}): string {
  let n = 0;
  const id = () => (0xa0000000 + ++n).toString(16).toUpperCase().padStart(24, '0');
  const objects: string[] = [];
  const value = (v: string | string[]) => (Array.isArray(v) ? `(\n${v.map((x) => `\t\t\t\t\t${JSON.stringify(x)},\n`).join('')}\t\t\t\t)` : JSON.stringify(v));
  const refs = new Map<string, string>();
  const ref = (p: string) => {
    if (!refs.has(p)) {
      refs.set(p, id());
      objects.push(`\t\t${refs.get(p)} /* ${p} */ = {isa = PBXFileReference; lastKnownFileType = text.xcconfig; path = ${JSON.stringify(p)}; sourceTree = SOURCE_ROOT; };\n`);
    }
    return refs.get(p)!;
  };
  const config = (name: string, settings: Settings, xcconfig?: string) => {
    const cid = id();
    const base = xcconfig ? `\t\t\tbaseConfigurationReference = ${ref(xcconfig)};\n` : '';
    objects.push(
      `\t\t${cid} /* ${name} */ = {\n\t\t\tisa = XCBuildConfiguration;\n${base}\t\t\tbuildSettings = {\n` +
        Object.entries(settings)
          .map(([k, v]) => `\t\t\t\t${k} = ${value(v)};\n`)
          .join('') +
        `\t\t\t};\n\t\t\tname = ${name};\n\t\t};\n`,
    );
    return cid;
  };
  const list = (ids: string[]) => {
    const lid = id();
    objects.push(`\t\t${lid} = {\n\t\t\tisa = XCConfigurationList;\n\t\t\tbuildConfigurations = (${ids.join(', ')});\n\t\t\tdefaultConfigurationName = Release;\n\t\t};\n`);
    return lid;
  };
  const targetIds = targets.map((t) => {
    const gid = id();
    objects.push(`\t\t${gid} /* ${t.folder} */ = {isa = PBXFileSystemSynchronizedRootGroup; path = ${JSON.stringify(t.folder)}; sourceTree = "<group>"; };\n`);
    const cl = list(t.configs.map((c) => config(c.name, c.settings, c.xcconfig)));
    const tid = id();
    objects.push(
      `\t\t${tid} /* ${t.name} */ = {\n\t\t\tisa = PBXNativeTarget;\n\t\t\tbuildConfigurationList = ${cl};\n\t\t\tbuildPhases = ();\n\t\t\tfileSystemSynchronizedGroups = (${gid});\n` +
        `\t\t\tname = ${JSON.stringify(t.name)};\n\t\t\tproductType = ${JSON.stringify(t.productType ?? 'com.apple.product-type.application')};\n\t\t};\n`,
    );
    return tid;
  });
  const names = [...new Set(targets.flatMap((t) => t.configs.map((c) => c.name)))];
  const pl = list(names.map((c) => config(c, projectSettings)));
  const pid = id();
  objects.push(`\t\t${pid} /* Project object */ = {\n\t\t\tisa = PBXProject;\n\t\t\tbuildConfigurationList = ${pl};\n\t\t\ttargets = (${targetIds.join(', ')});\n\t\t};\n`);
  return `// !$*UTF8*$!\n{\n\tarchiveVersion = 1;\n\tclasses = {\n\t};\n\tobjectVersion = 77;\n\tobjects = {\n${objects.join('')}\t};\n\trootObject = ${pid};\n}\n`;
}

/** The app target of a new Xcode project: generated Info.plist, the same settings in Debug and Release. */
const app = (settings: Settings, xcconfig?: string): Target => ({
  name: 'Films',
  folder: 'Films',
  configs: ['Debug', 'Release'].map((name) => ({
    name,
    xcconfig,
    settings: { GENERATE_INFOPLIST_FILE: 'YES', PRODUCT_BUNDLE_IDENTIFIER: 'com.example.films', ...settings },
  })),
});

const swiftUIApp = `import SwiftUI

@main
struct FilmsApp: App {
    var body: some Scene { WindowGroup { Text("Films") } }
}
`;

ruleTester('infoplist-key-build-setting', {
  valid: [
    {
      name: 'INFOPLIST_KEY_* settings Xcode does honour',
      autoPlist: false,
      files: {
        'Films.xcodeproj/project.pbxproj': pbxproj([
          app({
            INFOPLIST_KEY_UILaunchScreen_Generation: 'YES',
            INFOPLIST_KEY_UIApplicationSceneManifest_Generation: 'YES',
            INFOPLIST_KEY_UIApplicationSupportsIndirectInputEvents: 'YES',
            INFOPLIST_KEY_CFBundleDisplayName: 'Films',
            INFOPLIST_KEY_NSLocationWhenInUseUsageDescription: 'Shows cinemas near you.',
            INFOPLIST_KEY_UISupportedInterfaceOrientations_iPhone: 'UIInterfaceOrientationPortrait',
          }),
        ]),
        'Films/FilmsApp.swift': swiftUIApp,
      },
    },
    {
      name: 'honoured keys in an xcconfig',
      autoPlist: false,
      files: {
        'Films.xcodeproj/project.pbxproj': pbxproj([app({}, 'Config/Films.xcconfig')]),
        'Config/Films.xcconfig': 'INFOPLIST_KEY_CFBundleDisplayName = Films\nINFOPLIST_KEY_LSApplicationCategoryType = public.app-category.entertainment\n',
        'Films/FilmsApp.swift': swiftUIApp,
      },
    },
    {
      name: 'the two keys in the Info.plist file, where they belong',
      files: {
        'Films.xcodeproj/project.pbxproj': pbxproj([app({ GENERATE_INFOPLIST_FILE: 'NO', INFOPLIST_FILE: 'Films/Info.plist' })]),
        'Films/Info.plist': infoPlist({ ids: ['com.example.films.refresh'], modes: ['fetch'] }),
        'Films/FilmsApp.swift': swiftUIApp,
      },
    },
    {
      name: 'commented-out settings in an xcconfig and in the project file',
      autoPlist: false,
      files: {
        'Films.xcodeproj/project.pbxproj': pbxproj([app({ INFOPLIST_KEY_CFBundleDisplayName: 'Films' }, 'Config/Films.xcconfig')]).replace(
          'INFOPLIST_KEY_CFBundleDisplayName',
          '/* INFOPLIST_KEY_UIBackgroundModes = fetch; */ INFOPLIST_KEY_CFBundleDisplayName',
        ),
        'Config/Films.xcconfig': '// INFOPLIST_KEY_UIBackgroundModes = fetch processing\n// Moved to Films/Info.plist: Xcode ignores it here.\nPRODUCT_NAME = Films\n',
        'Films/FilmsApp.swift': swiftUIApp,
      },
    },
    {
      name: 'XcodeGen: the keys under info.properties and other settings under settings',
      autoPlist: false,
      files: {
        'project.yml': `name: Films
targets:
  Films:
    type: application
    platform: iOS
    sources: [Films]
    settings:
      base:
        PRODUCT_BUNDLE_IDENTIFIER: com.example.films
        INFOPLIST_KEY_UILaunchScreen_Generation: YES
    info:
      path: Films/Info.plist
      properties:
        UIBackgroundModes: [fetch, processing]
        BGTaskSchedulerPermittedIdentifiers: [com.example.films.refresh, com.example.films.cleanup]
`,
        'Films/FilmsApp.swift': swiftUIApp,
      },
    },
    {
      name: 'a value that merely mentions the setting name',
      autoPlist: false,
      files: {
        'Films.xcodeproj/project.pbxproj': pbxproj([app({ BGTASKS_NOTE: 'INFOPLIST_KEY_UIBackgroundModes is ignored; see Films/Info.plist' })]),
        'Films/FilmsApp.swift': swiftUIApp,
      },
    },
  ],
  invalid: [
    {
      name: 'INFOPLIST_KEY_UIBackgroundModes in both configurations of a generated-plist target',
      autoPlist: false,
      files: {
        'Films.xcodeproj/project.pbxproj': pbxproj([app({ '«INFOPLIST_KEY_UIBackgroundModes»': ['fetch', 'processing'] })]),
        'Films/FilmsApp.swift': swiftUIApp,
      },
      expect: [
        {
          message:
            "Xcode ignores INFOPLIST_KEY_UIBackgroundModes (target Films, Debug): it is not among the keys a generated Info.plist takes from build settings, so the app ships without UIBackgroundModes. Put UIBackgroundModes in the target's Info.plist file instead.",
          severity: 'warning',
        },
        { message: '(target Films, Release)' },
      ],
    },
    {
      name: 'INFOPLIST_KEY_BGTaskSchedulerPermittedIdentifiers as a space-separated list',
      autoPlist: false,
      files: {
        'Films.xcodeproj/project.pbxproj': pbxproj([
          {
            name: 'Films',
            folder: 'Films',
            configs: [{ name: 'Release', settings: { GENERATE_INFOPLIST_FILE: 'YES', '«INFOPLIST_KEY_BGTaskSchedulerPermittedIdentifiers»': 'com.example.films.refresh com.example.films.cleanup' } }],
          },
        ]),
        'Films/FilmsApp.swift': swiftUIApp,
      },
      expect: [{ message: 'so the app ships without BGTaskSchedulerPermittedIdentifiers' }],
    },
    {
      name: 'the Info.plist file has the key, so the setting is dead weight',
      files: {
        'Films.xcodeproj/project.pbxproj': pbxproj([
          {
            name: 'FilmsClip',
            folder: 'FilmsClip',
            productType: 'com.apple.product-type.application.on-demand-install-capable',
            configs: [{ name: 'Debug', settings: { GENERATE_INFOPLIST_FILE: 'NO', INFOPLIST_FILE: 'FilmsClip/Info.plist', '«INFOPLIST_KEY_UIBackgroundModes»': 'processing' } }],
          },
        ]),
        'FilmsClip/Info.plist': infoPlist({ ids: ['com.example.films.Clip.cleanup'], modes: ['processing'] }),
        'FilmsClip/FilmsClipApp.swift': swiftUIApp,
      },
      expect: [{ message: 'so this value never reaches the app: UIBackgroundModes comes only from FilmsClip/Info.plist. Remove the setting and keep UIBackgroundModes there.' }],
    },
    {
      name: 'in an xcconfig the target is based on',
      autoPlist: false,
      files: {
        'Films.xcodeproj/project.pbxproj': pbxproj([app({}, 'Config/Films.xcconfig')]),
        'Config/Films.xcconfig': 'PRODUCT_NAME = Films\n«INFOPLIST_KEY_UIBackgroundModes» = fetch processing\n',
        'Films/FilmsApp.swift': swiftUIApp,
      },
      expect: [{ message: /^Xcode ignores INFOPLIST_KEY_UIBackgroundModes: / }],
    },
    {
      name: 'in an xcconfig pulled in with #include, with an SDK condition',
      autoPlist: false,
      files: {
        'Films.xcodeproj/project.pbxproj': pbxproj([app({}, 'Config/Release.xcconfig')]),
        'Config/Release.xcconfig': '#include "Shared.xcconfig"\nSWIFT_COMPILATION_MODE = wholemodule\n',
        'Config/Shared.xcconfig': '«INFOPLIST_KEY_BGTaskSchedulerPermittedIdentifiers»[sdk=iphoneos*] = com.example.films.refresh\n',
        'Films/FilmsApp.swift': swiftUIApp,
      },
    },
    {
      name: 'in an xcconfig no project references',
      autoPlist: false,
      files: {
        'Films/FilmsApp.swift': swiftUIApp,
        'Config/Base.xcconfig': '// Shared settings\n  «INFOPLIST_KEY_UIBackgroundModes» = fetch\n',
      },
    },
    {
      name: 'in the project-level build settings',
      autoPlist: false,
      files: {
        'Films.xcodeproj/project.pbxproj': pbxproj(
          [{ name: 'Films', folder: 'Films', configs: [{ name: 'Release', settings: { GENERATE_INFOPLIST_FILE: 'YES' } }] }],
          { IPHONEOS_DEPLOYMENT_TARGET: '17.0', '«INFOPLIST_KEY_UIBackgroundModes»': 'fetch' },
        ),
        'Films/FilmsApp.swift': swiftUIApp,
      },
      expect: [{ message: /^Xcode ignores INFOPLIST_KEY_UIBackgroundModes: / }],
    },
    {
      name: 'XcodeGen settings: base and per-configuration',
      autoPlist: false,
      files: {
        'project.yml': `name: Films
targets:
  Films:
    type: application
    platform: iOS
    sources: [Films]
    settings:
      base:
        GENERATE_INFOPLIST_FILE: YES
        «INFOPLIST_KEY_UIBackgroundModes»: fetch processing
      configs:
        Debug:
          «INFOPLIST_KEY_BGTaskSchedulerPermittedIdentifiers»: com.example.films.refresh
`,
        'Films/FilmsApp.swift': swiftUIApp,
      },
      expect: [{ message: 'Xcode ignores INFOPLIST_KEY_UIBackgroundModes (target Films)' }, { message: 'Xcode ignores INFOPLIST_KEY_BGTaskSchedulerPermittedIdentifiers (target Films)' }],
    },
  ],
});
