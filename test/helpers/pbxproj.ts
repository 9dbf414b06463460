/** Test fixture: a compact, real-shaped project.pbxproj. */
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

/** An Xcode 16 project whose targets each compile one synchronized folder, with per-configuration build settings. */
export function syncedProject(targets: { name: string; folder: string; productType?: string; configs: { name: string; settings: Record<string, string>; xcconfig?: string }[] }[]): string {
  let n = 0;
  const id = () => (0xa0000000 + ++n).toString(16).toUpperCase().padStart(24, '0');
  const objects: string[] = [];
  const refs = new Map<string, string>();
  const ref = (p: string) => {
    if (!refs.has(p)) {
      refs.set(p, id());
      objects.push(`\t\t${refs.get(p)} = {isa = PBXFileReference; lastKnownFileType = text.xcconfig; path = ${JSON.stringify(p)}; sourceTree = SOURCE_ROOT; };\n`);
    }
    return refs.get(p)!;
  };
  const config = (name: string, settings: Record<string, string>, xcconfig?: string) => {
    const cid = id();
    const base = xcconfig ? `\t\t\tbaseConfigurationReference = ${ref(xcconfig)};\n` : '';
    objects.push(`\t\t${cid} /* ${name} */ = {\n\t\t\tisa = XCBuildConfiguration;\n${base}\t\t\tbuildSettings = {\n${Object.entries(settings).map(([k, v]) => `\t\t\t\t${/^[A-Za-z0-9_.]+$/.test(k) ? k : JSON.stringify(k)} = ${JSON.stringify(v)};\n`).join('')}\t\t\t};\n\t\t\tname = ${name};\n\t\t};\n`);
    return cid;
  };
  const list = (ids: string[]) => {
    const lid = id();
    objects.push(`\t\t${lid} = {\n\t\t\tisa = XCConfigurationList;\n\t\t\tbuildConfigurations = (${ids.join(', ')});\n\t\t\tdefaultConfigurationName = Release;\n\t\t};\n`);
    return lid;
  };
  const targetIds = targets.map((t) => {
    const gid = id();
    objects.push(`\t\t${gid} = {isa = PBXFileSystemSynchronizedRootGroup; path = ${JSON.stringify(t.folder)}; sourceTree = "<group>"; };\n`);
    const cl = list(t.configs.map((c) => config(c.name, c.settings, c.xcconfig)));
    const tid = id();
    objects.push(
      `\t\t${tid} /* ${t.name} */ = {\n\t\t\tisa = PBXNativeTarget;\n\t\t\tbuildConfigurationList = ${cl};\n\t\t\tbuildPhases = ();\n\t\t\tfileSystemSynchronizedGroups = (${gid});\n` +
        `\t\t\tname = ${JSON.stringify(t.name)};\n\t\t\tproductType = ${JSON.stringify(t.productType ?? 'com.apple.product-type.application')};\n\t\t};\n`,
    );
    return tid;
  });
  const pl = list(['Debug', 'Release'].map((c) => config(c, {})));
  const pid = id();
  objects.push(`\t\t${pid} /* Project object */ = {\n\t\t\tisa = PBXProject;\n\t\t\tbuildConfigurationList = ${pl};\n\t\t\ttargets = (${targetIds.join(', ')});\n\t\t};\n`);
  return `// !$*UTF8*$!\n{\n\tarchiveVersion = 1;\n\tclasses = {\n\t};\n\tobjectVersion = 77;\n\tobjects = {\n${objects.join('')}\t};\n\trootObject = ${pid};\n}\n`;
}
