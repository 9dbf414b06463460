#import <Foundation/Foundation.h>

/// The app's notes, kept in a local database and synced with the server.
@interface NoteStore : NSObject

@property (nonatomic, readonly) BOOL isSignedIn;

+ (instancetype)sharedStore;
- (void)syncWithCompletion:(void (^)(BOOL finished))completion;
- (void)cancelSync;
- (NSOperation *)compactionOperation;
- (void)exportAllToFolder:(NSURL *)folder completion:(void (^)(BOOL finished))completion;

@end
