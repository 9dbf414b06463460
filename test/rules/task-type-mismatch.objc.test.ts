/** task-type-mismatch with Objective-C handlers: a block parameter, a cast or a method parameter names the class. */
import { infoPlist } from '../helpers/project';
import { ruleTester } from './ruleTester';

const plist = infoPlist({ ids: ['com.example.app.cleanup'], modes: ['fetch', 'processing'] });

const app = (handler: string, request = 'BGProcessingTaskRequest', method = '') => `#import <BackgroundTasks/BackgroundTasks.h>

@implementation AppDelegate

- (BOOL)application:(UIApplication *)application didFinishLaunchingWithOptions:(NSDictionary *)launchOptions {
    [[BGTaskScheduler sharedScheduler] registerForTaskWithIdentifier:@"com.example.app.cleanup" usingQueue:nil launchHandler:${handler}];
    return YES;
}

- (void)applicationDidEnterBackground:(UIApplication *)application {
    ${request} *request = [[${request} alloc] initWithIdentifier:@"com.example.app.cleanup"];
    [[BGTaskScheduler sharedScheduler] submitTaskRequest:request error:nil];
}
${method}
@end
`;

const body = '{\n        task.expirationHandler = ^{ [self cancel]; };\n        [task setTaskCompletedWithSuccess:YES];\n    }';
const handleMethod = (cls: string) => `
- (void)handleCleanup:(${cls} *)task {
    task.expirationHandler = ^{ [self cancel]; };
    [task setTaskCompletedWithSuccess:YES];
}
`;

ruleTester('task-type-mismatch', {
  valid: [
    { name: 'ObjC: BGTask parameter (no class expected)', files: { 'App/Info.plist': plist, 'App/AppDelegate.m': app(`^(BGTask *task) ${body}`) } },
    { name: 'ObjC: the block parameter names the submitted class', files: { 'App/Info.plist': plist, 'App/AppDelegate.m': app(`^(BGProcessingTask * _Nonnull task) ${body}`) } },
    { name: 'ObjC: the handler method takes the submitted class', files: { 'App/Info.plist': plist, 'App/AppDelegate.m': app('^(BGTask *task) { [self handleCleanup:(BGProcessingTask *)task]; }', 'BGProcessingTaskRequest', handleMethod('BGProcessingTask')) } },
  ],
  invalid: [
    {
      name: 'ObjC: a refresh block parameter for a processing request (fix retypes it)',
      files: { 'App/Info.plist': plist, 'App/AppDelegate.m': app(`^(«BGAppRefreshTask» *task) ${body}`) },
      output: { 'App/AppDelegate.m': app(`^(BGProcessingTask *task) ${body}`) },
    },
    {
      name: 'ObjC: a cast handed to a method: both are retyped',
      files: { 'App/Info.plist': plist, 'App/AppDelegate.m': app('^(BGTask *task) { [self handleCleanup:(«BGAppRefreshTask» *)task]; }', 'BGProcessingTaskRequest', handleMethod('BGAppRefreshTask')) },
      output: { 'App/AppDelegate.m': app('^(BGTask *task) { [self handleCleanup:(BGProcessingTask *)task]; }', 'BGProcessingTaskRequest', handleMethod('BGProcessingTask')) },
    },
  ],
});
