#import "NotesViewController.h"

#import <BackgroundTasks/BackgroundTasks.h>

#import "BackgroundIdentifiers.h"
#import "NoteStore.h"

@implementation NotesViewController

- (void)viewDidLoad {
    [super viewDidLoad];
    self.title = @"Notes";
    self.navigationItem.rightBarButtonItem = [[UIBarButtonItem alloc] initWithTitle:@"Export" style:UIBarButtonItemStylePlain target:self action:@selector(exportTapped)];
}

// The export runs as a processing task so a large library can finish overnight.
+ (void)exportWithTask:(BGProcessingTask *)task {
    NSURL *folder = [[NSFileManager defaultManager] URLsForDirectory:NSDocumentDirectory inDomains:NSUserDomainMask].firstObject;
    task.expirationHandler = ^{
        [task setTaskCompletedWithSuccess:NO];
    };
    [[NoteStore sharedStore] exportAllToFolder:folder completion:^(BOOL finished) {
        [task setTaskCompletedWithSuccess:finished];
    }];
}

- (void)exportTapped {
    BGProcessingTaskRequest *request = [[BGProcessingTaskRequest alloc] initWithIdentifier:NSYExportTaskIdentifier];
    NSError *error = nil;
    [[BGTaskScheduler sharedScheduler] submitTaskRequest:request error:&error];
}

@end
