/** duplicate-registration with Objective-C registrations (and one in Swift, one in Objective-C). */
import { infoPlist } from '../helpers/project';
import { ruleTester } from './ruleTester';

const plist = infoPlist({ ids: ['com.example.app.refresh'], modes: ['fetch'] });

const registration = (indent: string) => `${indent}[[BGTaskScheduler sharedScheduler] registerForTaskWithIdentifier:@"com.example.app.refresh" usingQueue:nil launchHandler:^(BGTask *task) {
${indent}    task.expirationHandler = ^{ [self cancel]; };
${indent}    [task setTaskCompletedWithSuccess:YES];
${indent}}];`;

const delegate = (body: string) => `#import <BackgroundTasks/BackgroundTasks.h>

@implementation AppDelegate

- (BOOL)application:(UIApplication *)application didFinishLaunchingWithOptions:(NSDictionary *)launchOptions {
${body}
    return YES;
}

@end
`;

ruleTester('duplicate-registration', {
  valid: [
    { name: 'ObjC: registered once', files: { 'App/Info.plist': plist, 'App/AppDelegate.m': delegate(registration('    ')) } },
    { name: 'ObjC: #if DEBUG and #else arms are exclusive', files: { 'App/Info.plist': plist, 'App/AppDelegate.m': delegate(`#if DEBUG\n${registration('    ')}\n#else\n${registration('    ')}\n#endif`) } },
    { name: 'ObjC: if / else arms are exclusive', files: { 'App/Info.plist': plist, 'App/AppDelegate.m': delegate(`    if (self.useLegacy) {\n${registration('        ')}\n    } else {\n${registration('        ')}\n    }`) } },
  ],
  invalid: [
    {
      name: 'ObjC: registered twice in didFinishLaunching (fix removes the second statement)',
      files: { 'App/Info.plist': plist, 'App/AppDelegate.m': delegate(`${registration('    ')}\n${registration('    ').replace('@"com.example.app.refresh"', '«@"com.example.app.refresh"»')}`) },
      output: { 'App/AppDelegate.m': delegate(registration('    ')) },
    },
    {
      name: 'mixed: registered in a Swift helper and in the Objective-C delegate at launch',
      files: {
        'App/Info.plist': plist,
        'App/AppDelegate.m': delegate(`    [[Refresher shared] registerTasks];\n${registration('    ').replace('@"com.example.app.refresh"', '«@"com.example.app.refresh"»')}`),
        'App/Refresher.swift': `import BackgroundTasks

@objc final class Refresher: NSObject {
    @objc static let shared = Refresher()
    @objc func registerTasks() {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.refresh", using: nil) { task in
            task.expirationHandler = { }
            task.setTaskCompleted(success: true)
        }
    }
}
`,
      },
    },
  ],
});
