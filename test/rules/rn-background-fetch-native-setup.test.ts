import { infoPlist } from '../helpers/project';
import { ruleTester } from './ruleTester';

const js = `import BackgroundFetch from 'react-native-background-fetch';

export async function initBackgroundFetch() {
  await BackgroundFetch.configure({ minimumFetchInterval: 15 }, async (taskId) => {
    BackgroundFetch.finish(taskId);
  }, async (taskId) => {
    BackgroundFetch.finish(taskId);
  });
}
`;

const plist = infoPlist({ ids: ['com.transistorsoft.fetch'], modes: ['fetch'], bundleId: 'com.example.podcast' });
const pkg = (version: string) => `{ "name": "podcast", "private": true, "dependencies": { "react-native-background-fetch": "${version}" } }\n`;

/** A React Native 0.71–0.76 Objective-C(++) app delegate with the given body of didFinishLaunching and imports. */
const delegate = (body: string, imports = '#import <React/RCTBundleURLProvider.h>\n') => `#import "AppDelegate.h"

${imports}
@implementation AppDelegate

- (BOOL)application:(UIApplication *)application didFinishLaunchingWithOptions:(NSDictionary *)launchOptions
{
  self.moduleName = @"Podcast";
${body}  return [super application:application didFinishLaunchingWithOptions:launchOptions];
}

@end
`;

const swiftDelegate = (body: string) => `import UIKit
import React
import React_RCTAppDelegate
import TSBackgroundFetch

@main
class AppDelegate: RCTAppDelegate {
  override func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]? = nil) -> Bool {
    self.moduleName = "Podcast"
${body}    return super.application(application, didFinishLaunchingWithOptions: launchOptions)
  }
}
`;

const app = (files: Record<string, string>) => ({ 'src/background.js': js, 'ios/Podcast/Info.plist': plist, 'package.json': pkg('^4.2.8'), ...files });

ruleTester('rn-background-fetch-native-setup', {
  valid: [
    { name: 'the Objective-C delegate calls didFinishLaunching', files: app({ 'ios/Podcast/AppDelegate.mm': delegate('  [[TSBackgroundFetch sharedInstance] didFinishLaunching];\n', '#import <TSBackgroundFetch/TSBackgroundFetch.h>\n') }) },
    { name: 'the Swift delegate calls didFinishLaunching', files: app({ 'ios/Podcast/AppDelegate.swift': swiftDelegate('    TSBackgroundFetch.sharedInstance().didFinishLaunching()\n') }) },
    {
      name: 'a setup method the delegate calls makes the call',
      files: app({
        'ios/Podcast/AppDelegate.m': delegate('  [self setUpBackgroundFetch];\n').replace(
          '@end',
          '- (void)setUpBackgroundFetch\n{\n  TSBackgroundFetch *fetch = [TSBackgroundFetch sharedInstance];\n  [fetch didFinishLaunching];\n}\n\n@end',
        ),
      }),
    },
    { name: '3.0.0 registered with registerAppRefreshTask', files: app({ 'package.json': pkg('3.0.0'), 'ios/Podcast/AppDelegate.m': delegate('  TSBackgroundFetch *fetch = [TSBackgroundFetch sharedInstance];\n  [fetch registerAppRefreshTask];\n') }) },
    { name: '2.x used the legacy background fetch API: no BGTaskScheduler setup to ask for', files: app({ 'package.json': pkg('2.7.1'), 'ios/Podcast/AppDelegate.m': delegate('') }) },
    {
      name: 'Expo with the config plugin: prebuild writes the call',
      files: app({ 'app.json': '{ "expo": { "name": "Podcast", "plugins": ["react-native-background-fetch"] } }\n', 'ios/Podcast/AppDelegate.mm': delegate('') }),
    },
    { name: 'a dynamic app.config names the plugin', files: app({ 'app.config.ts': "export default { expo: { name: 'Podcast', plugins: ['react-native-background-fetch'] } };\n", 'ios/Podcast/AppDelegate.mm': delegate('') }) },
    { name: 'no AppDelegate in the workspace', files: app({}) },
    { name: 'an app delegate, but the JavaScript never uses the library', files: { 'src/index.js': "console.log('hello');\n", 'ios/Podcast/Info.plist': plist, 'package.json': pkg('^4.2.8'), 'ios/Podcast/AppDelegate.mm': delegate('') } },
    {
      name: 'a managed Expo app (no native project)',
      files: { 'src/background.js': js, 'package.json': pkg('^4.2.8'), 'app.json': '{ "expo": { "name": "Podcast", "ios": { "bundleIdentifier": "com.example.podcast", "infoPlist": { "BGTaskSchedulerPermittedIdentifiers": ["com.transistorsoft.fetch"], "UIBackgroundModes": ["fetch"] } } } }\n' },
    },
  ],
  invalid: [
    {
      name: 'Objective-C++ delegate without the call: the fix adds it and the import',
      files: app({ 'ios/Podcast/AppDelegate.mm': delegate('').replace('(BOOL)application:', '(BOOL)«application»:') }),
      expect: [{ message: /never calls \[\[TSBackgroundFetch sharedInstance\] didFinishLaunching\]/ }],
      output: {
        'ios/Podcast/AppDelegate.mm': `#import "AppDelegate.h"

#import <React/RCTBundleURLProvider.h>
#import <TSBackgroundFetch/TSBackgroundFetch.h>

@implementation AppDelegate

- (BOOL)application:(UIApplication *)application didFinishLaunchingWithOptions:(NSDictionary *)launchOptions
{
  [[TSBackgroundFetch sharedInstance] didFinishLaunching];
  self.moduleName = @"Podcast";
  return [super application:application didFinishLaunchingWithOptions:launchOptions];
}

@end
`,
      },
    },
    {
      name: 'the import goes outside a trailing #if DEBUG block; an existing import is kept',
      files: app({
        'ios/Podcast/AppDelegate.m': delegate('', '#import <React/RCTBundleURLProvider.h>\n#if DEBUG\n#import <FlipperKit/FlipperClient.h>\n#endif\n').replace('(BOOL)application:', '(BOOL)«application»:'),
      }),
      output: {
        'ios/Podcast/AppDelegate.m': delegate('  [[TSBackgroundFetch sharedInstance] didFinishLaunching];\n', '#import <React/RCTBundleURLProvider.h>\n#import <TSBackgroundFetch/TSBackgroundFetch.h>\n#if DEBUG\n#import <FlipperKit/FlipperClient.h>\n#endif\n')
          .replace('{\n  self.moduleName = @"Podcast";\n  [[TSBackgroundFetch sharedInstance] didFinishLaunching];\n', '{\n  [[TSBackgroundFetch sharedInstance] didFinishLaunching];\n  self.moduleName = @"Podcast";\n'),
      },
    },
    {
      name: 'the header is imported but the call is missing: only the call is added',
      files: app({ 'ios/Podcast/AppDelegate.m': delegate('', '#import <TSBackgroundFetch/TSBackgroundFetch.h>\n').replace('(BOOL)application:', '(BOOL)«application»:') }),
      output: {
        'ios/Podcast/AppDelegate.m': delegate('', '#import <TSBackgroundFetch/TSBackgroundFetch.h>\n').replace('{\n  self.moduleName', '{\n  [[TSBackgroundFetch sharedInstance] didFinishLaunching];\n  self.moduleName'),
      },
    },
    {
      name: 'Swift delegate without the call (reported, no Objective-C fix written into Swift)',
      files: app({ 'ios/Podcast/AppDelegate.swift': swiftDelegate('').replace('override func application(', 'override func «application»(') }),
      expect: [{ message: /TSBackgroundFetch\.sharedInstance\(\)\.didFinishLaunching\(\)/, severity: 'error' }],
    },
    {
      name: 'only scheduleTask is used: its task needs the native registration too',
      files: app({
        'src/background.js': "import BackgroundFetch from 'react-native-background-fetch';\n\nexport function scheduleCleanup() {\n  return BackgroundFetch.scheduleTask({ taskId: 'com.transistorsoft.cleanup', delay: 60000, periodic: false });\n}\n",
        'ios/Podcast/AppDelegate.m': delegate('').replace('(BOOL)application:', '(BOOL)«application»:'),
      }),
    },
    {
      name: "another SDK's didFinishLaunching does not count",
      files: app({ 'ios/Podcast/AppDelegate.m': delegate('  [[Analytics sharedClient] didFinishLaunching];\n').replace('(BOOL)application:', '(BOOL)«application»:') }),
    },
    {
      name: 'version unknown (no dependency entry): the current library needs the call',
      files: app({ 'package.json': '{ "name": "podcast", "private": true }\n', 'ios/Podcast/AppDelegate.m': delegate('').replace('(BOOL)application:', '(BOOL)«application»:') }),
    },
  ],
});
