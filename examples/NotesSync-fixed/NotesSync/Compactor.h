#import <BackgroundTasks/BackgroundTasks.h>

/// Rewrites the note database without deleted rows, overnight while the device charges.
@interface Compactor : NSObject

+ (instancetype)sharedCompactor;
- (void)scheduleCompaction;
- (void)compactWithTask:(BGProcessingTask *)task;

@end
