/** unpermitted-identifier on Objective-C registrations and requests, and identifiers shared between Swift and Objective-C. */
import { infoPlist } from '../helpers/project';
import { ruleTester } from './ruleTester';

const plist = (ids: string[]) => infoPlist({ ids, modes: ['fetch', 'processing'], bundleId: 'com.example.app' });

/** Registers `id` at launch, and submits `submitted` (default: the same) when the app moves to the background and in the handler. */
const delegate = (id: string, decls = '', submitted = id) => `#import <BackgroundTasks/BackgroundTasks.h>
${decls}
@implementation AppDelegate

- (BOOL)application:(UIApplication *)application didFinishLaunchingWithOptions:(NSDictionary *)launchOptions {
    [[BGTaskScheduler sharedScheduler] registerForTaskWithIdentifier:${id} usingQueue:nil launchHandler:^(BGTask *task) {
        [self scheduleRefresh];
        task.expirationHandler = ^{ [self cancel]; };
        [self refreshWithCompletion:^(BOOL ok) { [task setTaskCompletedWithSuccess:ok]; }];
    }];
    return YES;
}

- (void)applicationDidEnterBackground:(UIApplication *)application {
    [self scheduleRefresh];
}

- (void)scheduleRefresh {
    BGAppRefreshTaskRequest *request = [[BGAppRefreshTaskRequest alloc] initWithIdentifier:${submitted}];
    request.earliestBeginDate = [NSDate dateWithTimeIntervalSinceNow:15 * 60];
    [[BGTaskScheduler sharedScheduler] submitTaskRequest:request error:nil];
}

@end
`;

/** A Swift helper that registers with a constant an Objective-C header or file defines. */
const swiftUser = `import BackgroundTasks

final class Syncer: NSObject {
    func register() {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: kSyncTaskIdentifier, using: nil) { task in
            task.expirationHandler = { }
            task.setTaskCompleted(success: true)
        }
    }
}
`;

ruleTester('unpermitted-identifier', {
  valid: [
    { name: 'ObjC: a permitted literal', files: { 'App/Info.plist': plist(['com.example.app.refresh']), 'App/AppDelegate.m': delegate('@"com.example.app.refresh"') } },
    { name: 'ObjC: a static constant', files: { 'App/Info.plist': plist(['com.example.app.refresh']), 'App/AppDelegate.m': delegate('kRefreshTaskId', 'static NSString *const kRefreshTaskId = @"com.example.app.refresh";') } },
    { name: 'ObjC: a #define in a header', files: { 'App/Info.plist': plist(['com.example.app.refresh']), 'App/Constants.h': '#define kRefreshTaskId @"com.example.app.refresh"\n', 'App/AppDelegate.m': delegate('kRefreshTaskId', '#import "Constants.h"') } },
    { name: 'ObjC: the bundle id with a format', files: { 'App/Info.plist': plist(['$(PRODUCT_BUNDLE_IDENTIFIER).refresh']), 'App/AppDelegate.m': delegate('[NSString stringWithFormat:@"%@.refresh", [[NSBundle mainBundle] bundleIdentifier]]') } },
    { name: 'ObjC: an identifier from a method is unknown: silent', files: { 'App/Info.plist': plist(['com.example.app.refresh']), 'App/AppDelegate.m': delegate('[TaskIdentifiers refresh]') } },
    {
      name: 'mixed: a Swift register with a global constant defined in Objective-C',
      files: { 'App/Info.plist': plist(['com.example.app.sync']), 'App/Constants.m': 'NSString *const kSyncTaskIdentifier = @"com.example.app.sync";\n', 'App/Constants.h': 'extern NSString *const kSyncTaskIdentifier;\n', 'App/Syncer.swift': swiftUser },
    },
    { name: 'mixed: the same from a #define in a header', files: { 'App/Info.plist': plist(['com.example.app.sync']), 'App/Constants.h': '#define kSyncTaskIdentifier @"com.example.app.sync"\n', 'App/Syncer.swift': swiftUser } },
    { name: 'ObjC: the line is disabled by a comment directive', files: { 'App/Info.plist': plist(['com.example.app.other']), 'App/AppDelegate.m': delegate('@"com.example.app.refresh"').replace(/\n(\s*)(\[\[BGTaskScheduler sharedScheduler\] registerForTaskWithIdentifier)/, '\n$1// bgtasks-disable-next-line unpermitted-identifier\n$1$2').replace(/\n(\s*)(BGAppRefreshTaskRequest \*request)/, '\n$1/* bgtasks-disable-next-line */\n$1$2') } },
  ],
  invalid: [
    {
      name: 'ObjC: a literal missing from the plist, at the register and the request (fix: Change to the near entry)',
      files: { 'App/Info.plist': plist(['com.example.app.refresh']), 'App/AppDelegate.m': delegate('«@"com.example.app.refrsh"»') },
      expect: [{ message: 'Did you mean "com.example.app.refresh"?' }, { message: 'is submitted here' }],
      fixTitle: 'Change to',
      output: { 'App/AppDelegate.m': delegate('@"com.example.app.refresh"') },
    },
    {
      name: 'ObjC: a static constant missing from the plist (reported at the use, fixed in the constant)',
      files: { 'App/Info.plist': plist(['com.example.app.refresh']), 'App/AppDelegate.m': delegate('«kRefreshTaskId»', 'static NSString *const kRefreshTaskId = @"com.example.app.refrehs";', '@"com.example.app.refresh"') },
      fixTitle: 'Change to',
      output: { 'App/AppDelegate.m': delegate('kRefreshTaskId', 'static NSString *const kRefreshTaskId = @"com.example.app.refresh";', '@"com.example.app.refresh"') },
    },
    {
      name: 'mixed: a Swift use of an Objective-C constant that is not permitted',
      files: { 'App/Info.plist': plist(['com.example.app.refresh']), 'App/Constants.m': 'NSString *const kSyncTaskIdentifier = @"com.example.app.sync";\n', 'App/Syncer.swift': swiftUser.replace('forTaskWithIdentifier: kSyncTaskIdentifier', 'forTaskWithIdentifier: «kSyncTaskIdentifier»') },
    },
  ],
});
