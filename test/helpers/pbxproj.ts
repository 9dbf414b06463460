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

