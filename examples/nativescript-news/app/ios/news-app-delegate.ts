import { handleCacheCleanup, scheduleCacheCleanup } from '../background/cache-cleanup';
import { handleHeadlineRefresh } from '../background/refresh-task';
import { flushReadState } from '../services/headlines';

// BGTaskScheduler is iOS 13+; on older systems the class does not exist at all.
const hasBGTaskScheduler = !!(<any>global).BGTaskScheduler;

@NativeClass()
export class NewsAppDelegate extends UIResponder implements UIApplicationDelegate {
  public static ObjCProtocols = [UIApplicationDelegate];

  private flushTaskId: number;

  applicationDidFinishLaunchingWithOptions(
    application: UIApplication,
    launchOptions: NSDictionary<string, any>,
  ): boolean {
    if (!hasBGTaskScheduler) {
      console.warn('[news] BGTaskScheduler is unavailable; headlines refresh only while the app is open');
      return true;
    }

    // Launch handlers have to be registered before launch finishes.
    BGTaskScheduler.sharedScheduler.registerForTaskWithIdentifierUsingQueueLaunchHandler(
      'org.nativescript.news.refresh',
      null,
      handleHeadlineRefresh,
    );
    BGTaskScheduler.sharedScheduler.registerForTaskWithIdentifierUsingQueueLaunchHandler(
      'org.nativescript.news.cleanup',
      null,
      handleCacheCleanup,
    );

    const request = BGAppRefreshTaskRequest.alloc().initWithIdentifier('org.nativescript.news.refresh');
    request.earliestBeginDate = new Date(Date.now() + 30 * 60 * 1000);
    try {
      BGTaskScheduler.sharedScheduler.submitTaskRequestError(request);
    } catch (error) {
      console.error(`[news] could not schedule the headline refresh: ${error}`);
    }
    return true;
  }

  applicationDidEnterBackground(application: UIApplication): void {
    // A few extra seconds to write the read state; not a BGTaskScheduler task.
    this.flushTaskId = application.beginBackgroundTaskWithNameExpirationHandler('flush-read-state', () => {
      this.endFlushTask(application);
    });
    flushReadState()
      .catch((error) => console.error(`[news] could not save the read state: ${error}`))
      .then(() => this.endFlushTask(application));

    if (hasBGTaskScheduler) {
      scheduleCacheCleanup();
    }
  }

  private endFlushTask(application: UIApplication): void {
    if (this.flushTaskId !== undefined && this.flushTaskId !== UIBackgroundTaskInvalid) {
      application.endBackgroundTask(this.flushTaskId);
      this.flushTaskId = UIBackgroundTaskInvalid;
    }
  }
}
