/** register-after-launch with Objective-C: registrations reached from didFinishLaunching, a view controller, or nowhere. */
import { infoPlist } from '../helpers/project';
import { ruleTester } from './ruleTester';

const plist = infoPlist({ ids: ['com.example.app.refresh'], modes: ['fetch'] });

const delegate = (launchBody: string) => `#import "AppDelegate.h"

@implementation AppDelegate

- (BOOL)application:(UIApplication *)application didFinishLaunchingWithOptions:(NSDictionary *)launchOptions {
${launchBody}
    return YES;
}

@end
`;

const manager = (extra = '') => `#import <BackgroundTasks/BackgroundTasks.h>

@implementation RefreshManager

+ (instancetype)sharedManager {
    static RefreshManager *shared;
    static dispatch_once_t once;
    dispatch_once(&once, ^{ shared = [[RefreshManager alloc] init]; });
    return shared;
}

- (void)registerTasks {
    [[BGTaskScheduler sharedScheduler] registerForTaskWithIdentifier:«@"com.example.app.refresh"» usingQueue:nil launchHandler:^(BGTask *task) {
        task.expirationHandler = ^{ [self cancel]; };
        [task setTaskCompletedWithSuccess:YES];
    }];
}
${extra}
@end
`;

const valid = (s: string) => s.replace(/[«»]/g, '');

const viewController = `#import "RefreshManager.h"

@implementation FeedViewController

- (void)viewDidLoad {
    [super viewDidLoad];
    [[RefreshManager sharedManager] registerTasks];
}

@end
`;

ruleTester('register-after-launch', {
  valid: [
    {
      name: 'ObjC: registered directly in didFinishLaunching',
      files: {
        'App/Info.plist': plist,
        'App/AppDelegate.m': delegate(`    [[BGTaskScheduler sharedScheduler] registerForTaskWithIdentifier:@"com.example.app.refresh" usingQueue:nil launchHandler:^(BGTask *task) {
        task.expirationHandler = ^{ [self cancel]; };
        [task setTaskCompletedWithSuccess:YES];
    }];`),
      },
    },
    { name: 'ObjC: registered by a manager that didFinishLaunching calls', files: { 'App/Info.plist': plist, 'App/AppDelegate.m': delegate('    [[RefreshManager sharedManager] registerTasks];'), 'App/RefreshManager.m': valid(manager()) } },
    { name: 'mixed: a Swift app delegate calls the Objective-C manager', files: { 'App/Info.plist': plist, 'App/AppDelegate.swift': `import UIKit\n\n@main\nfinal class AppDelegate: UIResponder, UIApplicationDelegate {\n    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {\n        RefreshManager.sharedManager().registerTasks()\n        return true\n    }\n}\n`, 'App/RefreshManager.m': valid(manager()) } },
    { name: 'ObjC: called through @selector (timing unknown): silent', files: { 'App/Info.plist': plist, 'App/AppDelegate.m': delegate('    [self performSelector:@selector(registerTasks)];'), 'App/RefreshManager.m': valid(manager()) } },
  ],
  invalid: [
    { name: 'ObjC: registered from a view controller\'s viewDidLoad', files: { 'App/Info.plist': plist, 'App/AppDelegate.m': delegate('    [self setUpAppearance];'), 'App/RefreshManager.m': manager(), 'App/FeedViewController.m': viewController } },
    { name: 'ObjC: registered in a method nothing calls', files: { 'App/Info.plist': plist, 'App/AppDelegate.m': delegate('    [self setUpAppearance];'), 'App/RefreshManager.m': manager() }, expect: [{ severity: 'warning', message: 'which nothing in the workspace calls' }] },
    {
      name: 'ObjC: registered in a dispatch_async block started at launch',
      files: { 'App/Info.plist': plist, 'App/AppDelegate.m': delegate('    dispatch_async(dispatch_get_main_queue(), ^{\n        [[RefreshManager sharedManager] registerTasks];\n    });'), 'App/RefreshManager.m': manager() },
      expect: [{ severity: 'warning', message: 'async block' }],
    },
  ],
});
