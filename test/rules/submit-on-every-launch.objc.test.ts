/** submit-on-every-launch with Objective-C submits: reported like Swift's, with no Swift wrap or move written into a .m file. */
import { describe, expect, it } from 'vitest';
import { build, infoPlist, lintFiles } from '../helpers/project';
import { ruleTester } from './ruleTester';

const plist = infoPlist({ ids: ['com.example.app.refresh'], modes: ['fetch'] });

/** Registers the refresh handler (which resubmits) and runs `launch` at launch. */
const delegate = (launch: string, extra = '') => `#import <BackgroundTasks/BackgroundTasks.h>

@implementation AppDelegate

- (BOOL)application:(UIApplication *)application didFinishLaunchingWithOptions:(NSDictionary *)launchOptions {
    [[BGTaskScheduler sharedScheduler] registerForTaskWithIdentifier:@"com.example.app.refresh" usingQueue:nil launchHandler:^(BGTask *task) {
        [self scheduleAppRefresh];
        task.expirationHandler = ^{ [self.session invalidateAndCancel]; };
        [self refreshWithCompletion:^(BOOL ok) { [task setTaskCompletedWithSuccess:ok]; }];
    }];
${launch}
    return YES;
}

- (void)scheduleAppRefresh {
    BGAppRefreshTaskRequest *request = [[BGAppRefreshTaskRequest alloc] initWithIdentifier:«@"com.example.app.refresh"»];
    request.earliestBeginDate = [NSDate dateWithTimeIntervalSinceNow:15 * 60];
    NSError *error = nil;
    [[BGTaskScheduler sharedScheduler] submitTaskRequest:request error:&error];
}
${extra}
@end
`;
const quiet = (launch: string, extra = '') => delegate(launch, extra).replace(/[«»]/g, '');

ruleTester('submit-on-every-launch', {
  valid: [
    { name: 'ObjC: submitted when the app moves to the background', files: { 'App/Info.plist': plist, 'App/AppDelegate.m': quiet('', '\n- (void)applicationDidEnterBackground:(UIApplication *)application {\n    [self scheduleAppRefresh];\n}\n') } },
    {
      name: 'ObjC: behind a pending-request check at launch',
      files: { 'App/Info.plist': plist, 'App/AppDelegate.m': quiet('    [[BGTaskScheduler sharedScheduler] getPendingTaskRequestsWithCompletionHandler:^(NSArray<BGTaskRequest *> *requests) {\n        if (requests.count == 0) [self scheduleAppRefresh];\n    }];') },
    },
  ],
  invalid: [{ name: 'ObjC: submitted from didFinishLaunching', files: { 'App/Info.plist': plist, 'App/AppDelegate.m': delegate('    [self scheduleAppRefresh];') }, expect: [{ message: 'is submitted on every launch (from application:didFinishLaunchingWithOptions:' }] }],
});

describe('submit-on-every-launch in Objective-C', () => {
  it('offers no fix (a Swift getPendingTaskRequests wrap would not compile in a .m file)', async () => {
    const b = build({ 'App/Info.plist': plist, 'App/AppDelegate.m': quiet('    [self scheduleAppRefresh];') });
    const r = await lintFiles(b.files);
    const f = r.findings.filter((x) => x.ruleId === 'submit-on-every-launch');
    expect(f).toHaveLength(1);
    expect(f[0].fixes).toEqual([]);
  });
});
