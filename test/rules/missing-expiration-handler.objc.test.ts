/** missing-expiration-handler on Objective-C handlers: its fix writes an Objective-C block, never a Swift closure. */
import { describe, expect, it } from 'vitest';
import { build, infoPlist, lintFiles } from '../helpers/project';
import { ruleTester } from './ruleTester';

const plist = infoPlist({ ids: ['com.example.app.refresh'], modes: ['fetch'] });

const delegate = (body: string) => `#import <BackgroundTasks/BackgroundTasks.h>

@implementation AppDelegate

- (BOOL)application:(UIApplication *)application didFinishLaunchingWithOptions:(NSDictionary *)launchOptions {
    [[BGTaskScheduler sharedScheduler] registerForTaskWithIdentifier:@"com.example.app.refresh" usingQueue:nil launchHandler:^(BGTask *task) {
        [self handleRefresh:(BGAppRefreshTask *)task];
    }];
    return YES;
}

- (void)handleRefresh:(BGAppRefreshTask *)task {
${body}
}

@end
`;

ruleTester('missing-expiration-handler', {
  valid: [
    { name: 'ObjC: task.expirationHandler = ^{ … } cancels and completes', files: { 'App/Info.plist': plist, 'App/AppDelegate.m': delegate('    task.expirationHandler = ^{\n        [self.session invalidateAndCancel];\n        [task setTaskCompletedWithSuccess:NO];\n    };\n    [self fetchWithCompletion:^(BOOL ok) { [task setTaskCompletedWithSuccess:ok]; }];') } },
    { name: 'ObjC: [task setExpirationHandler:^{ … }]', files: { 'App/Info.plist': plist, 'App/AppDelegate.m': delegate('    [task setExpirationHandler:^{\n        [self.operation cancel];\n    }];\n    [self fetchWithCompletion:^(BOOL ok) { [task setTaskCompletedWithSuccess:ok]; }];') } },
    { name: 'ObjC: the task handed to a manager we cannot see', files: { 'App/Info.plist': plist, 'App/AppDelegate.m': delegate('    [[RefreshManager shared] handleTask:task];') } },
  ],
  invalid: [
    {
      name: 'ObjC: no expiration handler (the fix adds an Objective-C block)',
      files: { 'App/Info.plist': plist, 'App/AppDelegate.m': delegate('    [self fetchWithCompletion:^(BOOL ok) {\n        [task setTaskCompletedWithSuccess:ok];\n    }];').replace('- (void)handleRefresh:', '- (void)«handleRefresh»:') },
      output: {
        'App/AppDelegate.m': delegate('    task.expirationHandler = ^{\n        // Stop the work in progress here so it ends cooperatively.\n        [task setTaskCompletedWithSuccess:NO];\n    };\n    [self fetchWithCompletion:^(BOOL ok) {\n        [task setTaskCompletedWithSuccess:ok];\n    }];'),
      },
    },
    {
      name: 'ObjC: the skeleton goes after the cast that names the task',
      files: {
        'App/Info.plist': plist,
        'App/AppDelegate.m': delegate('    [self fetch];').replace('    [self handleRefresh:(BGAppRefreshTask *)task];', '    BGAppRefreshTask *refresh = (BGAppRefreshTask *)task;\n        [self fetchWithCompletion:^(BOOL ok) { [refresh setTaskCompletedWithSuccess:ok]; }];').replace('launchHandler:^(BGTask *task)', 'launchHandler:«^(BGTask *task)»'),
      },
      output: {
        'App/AppDelegate.m': delegate('    [self fetch];').replace(
          '    [self handleRefresh:(BGAppRefreshTask *)task];',
          '    BGAppRefreshTask *refresh = (BGAppRefreshTask *)task;\n        refresh.expirationHandler = ^{\n            // Stop the work in progress here so it ends cooperatively.\n            [refresh setTaskCompletedWithSuccess:NO];\n        };\n        [self fetchWithCompletion:^(BOOL ok) { [refresh setTaskCompletedWithSuccess:ok]; }];',
        ),
      },
    },
    {
      name: 'ObjC: an expiration block that only logs (info)',
      files: { 'App/Info.plist': plist, 'App/AppDelegate.m': delegate('    «task.expirationHandler = ^{\n        NSLog(@"refresh expired");\n    }»;\n    [self fetchWithCompletion:^(BOOL ok) { [task setTaskCompletedWithSuccess:ok]; }];') },
      expect: [{ severity: 'info', message: 'only logs' }],
    },
  ],
});

describe('missing-expiration-handler in Objective-C', () => {
  it('never offers a Swift closure for a .m file', async () => {
    const b = build({ 'App/Info.plist': plist, 'App/AppDelegate.m': delegate('    [self fetchWithCompletion:^(BOOL ok) { [task setTaskCompletedWithSuccess:ok]; }];') });
    const r = await lintFiles(b.files);
    const f = r.findings.filter((x) => x.ruleId === 'missing-expiration-handler');
    expect(f).toHaveLength(1);
    for (const fix of f[0].fixes) for (const e of fix.edits) expect(e.newText).not.toMatch(/setTaskCompleted\(success|= \{/);
  });
});
