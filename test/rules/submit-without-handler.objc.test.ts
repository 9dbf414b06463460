/** submit-without-handler with Objective-C submits and registrations, and apps that mix them with Swift. */
import { infoPlist } from '../helpers/project';
import { ruleTester } from './ruleTester';

const plist = infoPlist({ ids: ['com.example.app.refresh', 'com.example.app.cleanup'], modes: ['fetch', 'processing'] });

const register = (id: string) => `#import <BackgroundTasks/BackgroundTasks.h>

@implementation AppDelegate

- (BOOL)application:(UIApplication *)application didFinishLaunchingWithOptions:(NSDictionary *)launchOptions {
    [[BGTaskScheduler sharedScheduler] registerForTaskWithIdentifier:${id} usingQueue:nil launchHandler:^(BGTask *task) {
        task.expirationHandler = ^{ [self cancel]; };
        [task setTaskCompletedWithSuccess:YES];
    }];
    return YES;
}

@end
`;

const submit = (id: string) => `#import <BackgroundTasks/BackgroundTasks.h>

@implementation Scheduler

- (void)scheduleCleanup {
    BGProcessingTaskRequest *request = [[BGProcessingTaskRequest alloc] initWithIdentifier:${id}];
    request.requiresExternalPower = YES;
    NSError *error = nil;
    [[BGTaskScheduler sharedScheduler] submitTaskRequest:request error:&error];
}

@end
`;

const swiftRegister = `import BackgroundTasks
import UIKit

@main
final class AppDelegate: UIResponder, UIApplicationDelegate {
    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.cleanup", using: nil) { task in
            task.expirationHandler = { }
            task.setTaskCompleted(success: true)
        }
        return true
    }
}
`;

ruleTester('submit-without-handler', {
  valid: [
    { name: 'ObjC: submitted and registered', files: { 'App/Info.plist': plist, 'App/AppDelegate.m': register('@"com.example.app.cleanup"'), 'App/Scheduler.m': submit('@"com.example.app.cleanup"') } },
    { name: 'mixed: registered in Swift, submitted in Objective-C', files: { 'App/Info.plist': plist, 'App/AppDelegate.swift': swiftRegister, 'App/Scheduler.m': submit('@"com.example.app.cleanup"') } },
    { name: 'ObjC: registered with an identifier known only at run time: it could be this one', files: { 'App/Info.plist': plist, 'App/AppDelegate.m': register('[self cleanupIdentifier]'), 'App/Scheduler.m': submit('@"com.example.app.cleanup"') } },
  ],
  invalid: [
    { name: 'ObjC: submitted but registered nowhere', files: { 'App/Info.plist': plist, 'App/AppDelegate.m': register('@"com.example.app.refresh"'), 'App/Scheduler.mm': submit('«@"com.example.app.cleanup"»') } },
    { name: 'mixed: submitted in Objective-C, only another id registered in Swift', files: { 'App/Info.plist': plist, 'App/AppDelegate.swift': swiftRegister.replace('app.cleanup', 'app.refresh'), 'App/Scheduler.m': submit('«@"com.example.app.cleanup"»') } },
  ],
});
