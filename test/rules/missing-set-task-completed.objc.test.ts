/** missing-set-task-completed on Objective-C handlers: the fix writes `[task setTaskCompletedWithSuccess:NO];`. */
import { infoPlist } from '../helpers/project';
import { ruleTester } from './ruleTester';

const plist = infoPlist({ ids: ['com.example.app.cleanup', 'com.example.app.refresh'], modes: ['fetch', 'processing'] });

/** An app delegate whose launch registers com.example.app.cleanup with a handler method of the given body. */
const delegate = (body: string) => `#import "AppDelegate.h"
#import <BackgroundTasks/BackgroundTasks.h>

@implementation AppDelegate

- (BOOL)application:(UIApplication *)application didFinishLaunchingWithOptions:(NSDictionary *)launchOptions {
    [[BGTaskScheduler sharedScheduler] registerForTaskWithIdentifier:@"com.example.app.cleanup" usingQueue:nil launchHandler:^(BGTask *task) {
        [self handleCleanup:(BGProcessingTask *)task];
    }];
    return YES;
}

- (void)handleCleanup:(BGProcessingTask *)task {
    task.expirationHandler = ^{
        [self.queue cancelAllOperations];
    };
${body}
}

@end
`;

/** An app delegate registering com.example.app.refresh with this block. */
const block = (b: string) => `#import <BackgroundTasks/BackgroundTasks.h>

@implementation AppDelegate

- (BOOL)application:(UIApplication *)application didFinishLaunchingWithOptions:(NSDictionary *)launchOptions {
    [[BGTaskScheduler sharedScheduler] registerForTaskWithIdentifier:@"com.example.app.refresh" usingQueue:nil launchHandler:${b}];
    return YES;
}

@end
`;

ruleTester('missing-set-task-completed', {
  valid: [
    { name: 'ObjC: completes on every path (early branch, end)', files: { 'App/Info.plist': plist, 'App/AppDelegate.m': delegate('    if (!self.enabled) {\n        [task setTaskCompletedWithSuccess:YES];\n        return;\n    }\n    [self.store purge];\n    [task setTaskCompletedWithSuccess:YES];') } },
    { name: 'ObjC: completes in the completion block of the work', files: { 'App/Info.plist': plist, 'App/AppDelegate.m': delegate('    [self.store purgeWithCompletion:^(BOOL ok) {\n        [task setTaskCompletedWithSuccess:ok];\n    }];') } },
    { name: 'ObjC: a completion block variable called on each path', files: { 'App/Info.plist': plist, 'App/AppDelegate.m': delegate('    void (^finish)(BOOL) = ^(BOOL ok) { [task setTaskCompletedWithSuccess:ok]; };\n    if (!self.enabled) { finish(YES); return; }\n    dispatch_async(self.queue, ^{\n        [self.store purge];\n        finish(YES);\n    });') } },
    { name: 'ObjC: switch cases falling through to a completing case', files: { 'App/Info.plist': plist, 'App/AppDelegate.m': delegate('    switch (self.mode) {\n        case 0:\n        case 1:\n            [task setTaskCompletedWithSuccess:YES];\n            break;\n        default:\n            [task setTaskCompletedWithSuccess:NO];\n            break;\n    }') } },
    { name: 'ObjC: the task is stored in a property (followed no further)', files: { 'App/Info.plist': plist, 'App/AppDelegate.m': delegate('    self.currentTask = task;\n    [self.store purge];') } },
    { name: 'ObjC: handed to a method of an SDK we cannot see', files: { 'App/Info.plist': plist, 'App/AppDelegate.m': delegate('    [[Cleaner shared] runWithTask:task];') } },
    { name: 'ObjC: a @finally completes', files: { 'App/Info.plist': plist, 'App/AppDelegate.m': delegate('    @try {\n        [self.store purge];\n    } @finally {\n        [task setTaskCompletedWithSuccess:YES];\n    }') } },
  ],
  invalid: [
    {
      name: 'ObjC: an early return without completion (fix inserts the Objective-C call)',
      files: { 'App/Info.plist': plist, 'App/AppDelegate.m': delegate('    if (!self.enabled) {\n        «return»;\n    }\n    [self.store purge];\n    [task setTaskCompletedWithSuccess:YES];') },
      expect: [{ message: 'without calling setTaskCompletedWithSuccess:' }],
      output: { 'App/AppDelegate.m': delegate('    if (!self.enabled) {\n        [task setTaskCompletedWithSuccess:NO];\n        return;\n    }\n    [self.store purge];\n    [task setTaskCompletedWithSuccess:YES];') },
    },
    {
      name: 'ObjC: a braceless if-return gets braces',
      files: { 'App/Info.plist': plist, 'App/AppDelegate.m': delegate('    if (!self.enabled) «return»;\n    [task setTaskCompletedWithSuccess:YES];') },
      output: { 'App/AppDelegate.m': delegate('    if (!self.enabled) { [task setTaskCompletedWithSuccess:NO]; return; }\n    [task setTaskCompletedWithSuccess:YES];') },
    },
    {
      name: 'ObjC: the end of the method is reached without completion',
      files: { 'App/Info.plist': plist, 'App/AppDelegate.m': delegate('    [self.store purge];').replace('    [self.store purge];\n}', '    [self.store purge];\n«}»') },
      output: { 'App/AppDelegate.m': delegate('    [self.store purge];\n    [task setTaskCompletedWithSuccess:NO];') },
    },
    {
      name: 'ObjC: a launch-handler block that never completes, one line',
      files: { 'App/Info.plist': plist, 'App/AppDelegate.m': block('^(BGTask *task) { task.expirationHandler = ^{ }; [self refresh]; «}»') },
      output: { 'App/AppDelegate.m': block('^(BGTask *task) { task.expirationHandler = ^{ }; [self refresh]; [task setTaskCompletedWithSuccess:NO]; }') },
    },
    {
      name: 'ObjC: a CRLF file gets a CRLF line',
      files: { 'App/Info.plist': plist, 'App/AppDelegate.m': delegate('    if (!self.enabled) {\n        «return»;\n    }\n    [task setTaskCompletedWithSuccess:YES];').replace(/\n/g, '\r\n') },
      output: { 'App/AppDelegate.m': delegate('    if (!self.enabled) {\n        [task setTaskCompletedWithSuccess:NO];\n        return;\n    }\n    [task setTaskCompletedWithSuccess:YES];').replace(/\n/g, '\r\n') },
    },
  ],
});
