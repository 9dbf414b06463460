#import <Foundation/Foundation.h>

// Every BGTaskScheduler identifier the app uses; each is listed in Info.plist.
static NSString *const NSYRefreshTaskIdentifier = @"com.example.notessync.refresh";
#define NSYCompactTaskIdentifier @"com.example.notessync.compact"
static NSString *const NSYExportTaskIdentifier = @"com.example.notessync.export";
