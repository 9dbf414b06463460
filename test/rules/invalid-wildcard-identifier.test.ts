import { infoPlist } from '../helpers/project';
import { ruleTester } from './ruleTester';

/** One app target whose Info.plist is App/Info.plist, with a bundle id per configuration. */
const project = (bundleIds: Record<string, string>) => {
  const names = Object.keys(bundleIds);
  const configs = names.map((name, i) => `\t\tC${i} = {isa = XCBuildConfiguration; buildSettings = { INFOPLIST_FILE = App/Info.plist; PRODUCT_BUNDLE_IDENTIFIER = "${bundleIds[name]}"; }; name = ${name}; };\n`);
  const projectConfigs = names.map((name, i) => `\t\tD${i} = {isa = XCBuildConfiguration; buildSettings = { }; name = ${name}; };\n`);
  return `// !$*UTF8*$!
{
	archiveVersion = 1;
	objectVersion = 77;
	objects = {
		G1 = {isa = PBXFileSystemSynchronizedRootGroup; path = App; sourceTree = "<group>"; };
${configs.join('')}${projectConfigs.join('')}		L1 = {isa = XCConfigurationList; buildConfigurations = (${names.map((_, i) => `C${i}`).join(', ')}); };
		L2 = {isa = XCConfigurationList; buildConfigurations = (${names.map((_, i) => `D${i}`).join(', ')}); };
		T1 = {isa = PBXNativeTarget; buildConfigurationList = L1; buildPhases = (); fileSystemSynchronizedGroups = (G1); name = App; productType = "com.apple.product-type.application"; };
		P1 = {isa = PBXProject; buildConfigurationList = L2; targets = (T1); };
	};
	rootObject = P1;
}
`;
};

/** Starts a continued-processing export with a fresh identifier under the wildcard. */
const exporter = (prefix = 'com.example.app.export') => `import BackgroundTasks

final class ExportSession {
    func start() throws {
        let identifier = "${prefix}.\\(UUID().uuidString)"
        BGTaskScheduler.shared.register(forTaskWithIdentifier: identifier, using: nil) { task in
            task.setTaskCompleted(success: true)
        }
        try BGTaskScheduler.shared.submit(BGContinuedProcessingTaskRequest(identifier: identifier, title: "Exporting", subtitle: "Library"))
    }
}
`;

const ofLength = (prefix: string, length: number) => prefix + 'x'.repeat(length - prefix.length);

ruleTester('invalid-wildcard-identifier', {
  valid: [
    {
      name: 'bundle id, a context and a single trailing .*',
      files: {
        'App/ExportSession.swift': exporter(),
        'App/Info.plist': infoPlist({ ids: ['com.example.app.export.*'], bundleId: 'com.example.app' }),
      },
    },
    {
      name: '$(PRODUCT_BUNDLE_IDENTIFIER).export.* with different Debug and Release bundle ids',
      files: {
        'App.xcodeproj/project.pbxproj': project({ Debug: 'com.acme.films.debug', Release: 'com.acme.films' }),
        'App/ExportSession.swift': exporter('\\(Bundle.main.bundleIdentifier!).export'),
        'App/Info.plist': infoPlist({ ids: ['$(PRODUCT_BUNDLE_IDENTIFIER).export.*'], bundleId: '$(PRODUCT_BUNDLE_IDENTIFIER)' }),
      },
    },
    {
      name: 'the bundle id itself followed by .*',
      files: {
        'App/ExportSession.swift': exporter('com.example.app'),
        'App/Info.plist': infoPlist({ ids: ['com.example.app.*'] }),
      },
    },
    {
      name: 'plain identifiers need no bundle-id prefix',
      files: {
        'App/Info.plist': infoPlist({ ids: ['psyche.sync', 'com.transistorsoft.fetch', 'com.example.apple-samplecode.ColorFeed.refresh'] }),
      },
    },
    {
      name: 'exactly 128 characters is still accepted',
      files: {
        'App/Info.plist': infoPlist({ ids: [ofLength('com.example.app.', 128), ofLength('com.example.app.export.', 126) + '.*'] }),
      },
    },
    {
      name: 'an entry built from an unknown build variable is not judged',
      files: {
        'App/Info.plist': infoPlist({ ids: ['$(EXPORT_TASK_PREFIX).*'] }),
      },
    },
    {
      name: 'without a known bundle id the prefix is not judged',
      files: {
        'App/Info.plist': infoPlist({ ids: ['com.example.films.export.*'], bundleId: '$(PRODUCT_BUNDLE_IDENTIFIER)' }),
      },
    },
    {
      name: 'wildcards under other keys are not task identifiers',
      files: {
        'App/Info.plist': infoPlist({
          ids: ['com.example.app.refresh'],
          extra:
            '\t<key>NSAppTransportSecurity</key>\n\t<dict>\n\t\t<key>NSExceptionDomains</key>\n\t\t<dict>\n\t\t\t<key>*.example.com</key>\n\t\t\t<dict/>\n\t\t</dict>\n\t</dict>\n' +
            '\t<key>LSApplicationQueriesSchemes</key>\n\t<array>\n\t\t<string>films*</string>\n\t</array>\n',
        }),
      },
    },
  ],
  invalid: [
    {
      name: 'the wildcard is not at the end',
      files: {
        'App/Info.plist': infoPlist({ ids: ['«com.example.app.*.export»'] }),
      },
      expect: [{ message: 'iOS drops the wildcard identifier "com.example.app.*.export" ("Invalid identifier form for Continued Processing Task"): it must end with ".*".', severity: 'error' }],
    },
    {
      name: 'a star without the dot before it',
      files: {
        'App/ExportSession.swift': exporter(),
        'App/Info.plist': infoPlist({ ids: ['«com.example.app.export*»'] }),
      },
      expect: [{ message: 'it must end with ".*"' }],
    },
    {
      name: 'two wildcards',
      files: {
        'App/Info.plist': infoPlist({ ids: ['«com.example.app.*.export.*»'] }),
      },
      expect: [{ message: 'it may contain ".*" only once' }],
    },
    {
      name: 'prefix is not the bundle id (project bundle id)',
      files: {
        'App.xcodeproj/project.pbxproj': project({ Debug: 'com.example.filmtracker', Release: 'com.example.filmtracker' }),
        'App/ExportSession.swift': exporter('filmtracker.exports'),
        'App/Info.plist': infoPlist({ ids: ['com.example.filmtracker.export.*', '«filmtracker.exports.*»'], bundleId: '$(PRODUCT_BUNDLE_IDENTIFIER)' }),
      },
      expect: [{ message: 'it must start with the bundle identifier (com.example.filmtracker)' }],
    },
    {
      name: 'a concrete Release prefix is dropped in Debug builds',
      files: {
        'App.xcodeproj/project.pbxproj': project({ Debug: 'com.acme.films.debug', Release: 'com.acme.films' }),
        'App/ExportSession.swift': exporter('\\(Bundle.main.bundleIdentifier!).export'),
        'App/Info.plist': infoPlist({ ids: ['«com.acme.films.export.*»'], bundleId: '$(PRODUCT_BUNDLE_IDENTIFIER)' }),
      },
      expect: [{ message: 'it must start with the bundle identifier (com.acme.films.debug)' }],
    },
    {
      name: 'a bare star breaks both rules',
      files: {
        'App/Info.plist': infoPlist({ ids: ['«*»'] }),
      },
      expect: [{ message: 'it must end with ".*"; it must start with the bundle identifier (com.example.app).' }],
    },
    {
      name: '129 characters is too long',
      files: {
        'App/Info.plist': infoPlist({ ids: ['com.example.app.refresh', `«${ofLength('com.example.app.', 129)}»`] }),
      },
      expect: [{ message: /^"com\.example\.app\.x{24}…" is 129 characters long: iOS drops permitted identifiers longer than 128 characters/ }],
    },
    {
      name: 'too long once $(PRODUCT_BUNDLE_IDENTIFIER) is expanded',
      files: {
        'App.xcodeproj/project.pbxproj': project({ Release: 'com.example-enterprises.internal-distribution.films-and-series-tracker.white-label-edition' }),
        'App/Info.plist': infoPlist({ ids: ['«$(PRODUCT_BUNDLE_IDENTIFIER).continued-processing.library-export-session.*»'], bundleId: '$(PRODUCT_BUNDLE_IDENTIFIER)' }),
      },
      expect: [{ message: /^"com\.example-enterprises\.internal-distrib…" is 136 characters long/ }],
    },
    {
      name: 'XcodeGen info.properties',
      autoPlist: false,
      files: {
        'project.yml': `name: App
targets:
  App:
    type: application
    platform: iOS
    info:
      path: App/Info.plist
      properties:
        CFBundleIdentifier: com.example.app
        BGTaskSchedulerPermittedIdentifiers:
          - «com.example.app.export.*.hd»
`,
        'App/ExportSession.swift': exporter(),
      },
      expect: [{ message: 'it must end with ".*"' }],
    },
  ],
});
