#import <UIKit/UIKit.h>

#import <BackgroundTasks/BackgroundTasks.h>

@interface NotesViewController : UITableViewController

/// Runs a queued export (the handler of the export task, registered at launch).
+ (void)exportWithTask:(BGProcessingTask *)task;

@end
