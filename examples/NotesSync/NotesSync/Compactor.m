#import "Compactor.h"

#import "BackgroundIdentifiers.h"
#import "NoteStore.h"

@implementation Compactor

+ (instancetype)sharedCompactor {
    static Compactor *shared;
    static dispatch_once_t once;
    dispatch_once(&once, ^{
        shared = [Compactor new];
    });
    return shared;
}

- (void)scheduleCompaction {
    BGProcessingTaskRequest *request = [[BGProcessingTaskRequest alloc] initWithIdentifier:NSYCompactTaskIdentifier];
    request.requiresExternalPower = YES;
    NSError *error = nil;
    [[BGTaskScheduler sharedScheduler] submitTaskRequest:request error:&error];
}

- (void)compactWithTask:(BGProcessingTask *)task {
    NSOperationQueue *queue = [NSOperationQueue new];
    NSOperation *compaction = [[NoteStore sharedStore] compactionOperation];
    compaction.completionBlock = ^{
        [task setTaskCompletedWithSuccess:!compaction.isCancelled];
    };
    [queue addOperation:compaction];
}

@end
