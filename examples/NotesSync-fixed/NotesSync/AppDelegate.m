#import "AppDelegate.h"

#import <BackgroundTasks/BackgroundTasks.h>

#import "BackgroundIdentifiers.h"
#import "Compactor.h"
#import "NoteStore.h"
#import "NotesViewController.h"

@implementation AppDelegate

- (BOOL)application:(UIApplication *)application didFinishLaunchingWithOptions:(NSDictionary *)launchOptions {
    [[BGTaskScheduler sharedScheduler] registerForTaskWithIdentifier:NSYRefreshTaskIdentifier usingQueue:nil launchHandler:^(__kindof BGTask * _Nonnull task) {
        [self handleRefresh:(BGAppRefreshTask *)task];
    }];
    [[BGTaskScheduler sharedScheduler] registerForTaskWithIdentifier:NSYCompactTaskIdentifier usingQueue:nil launchHandler:^(__kindof BGTask * _Nonnull task) {
        [[Compactor sharedCompactor] compactWithTask:(BGProcessingTask *)task];
    }];
    [[BGTaskScheduler sharedScheduler] registerForTaskWithIdentifier:NSYExportTaskIdentifier usingQueue:nil launchHandler:^(__kindof BGTask * _Nonnull task) {
        [NotesViewController exportWithTask:(BGProcessingTask *)task];
    }];

    self.window = [[UIWindow alloc] initWithFrame:[UIScreen mainScreen].bounds];
    self.window.rootViewController = [[UINavigationController alloc] initWithRootViewController:[NotesViewController new]];
    [self.window makeKeyAndVisible];
    return YES;
}

- (void)applicationDidEnterBackground:(UIApplication *)application {
    [self scheduleRefresh];
    [[Compactor sharedCompactor] scheduleCompaction];
}

- (void)scheduleRefresh {
    BGAppRefreshTaskRequest *request = [[BGAppRefreshTaskRequest alloc] initWithIdentifier:NSYRefreshTaskIdentifier];
    request.earliestBeginDate = [NSDate dateWithTimeIntervalSinceNow:15 * 60];
    NSError *error = nil;
    if (![[BGTaskScheduler sharedScheduler] submitTaskRequest:request error:&error]) {
        NSLog(@"Could not schedule the note refresh: %@", error);
    }
}

- (void)handleRefresh:(BGAppRefreshTask *)task {
    [self scheduleRefresh];
    NoteStore *store = [NoteStore sharedStore];
    task.expirationHandler = ^{
        [store cancelSync];
    };
    if (!store.isSignedIn) {
        [task setTaskCompletedWithSuccess:YES];
        return;
    }
    [store syncWithCompletion:^(BOOL finished) {
        [task setTaskCompletedWithSuccess:finished];
    }];
}

@end
