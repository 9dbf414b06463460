import { File, Folder, knownFolders } from '@nativescript/core';

const MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Submits the weekly image-cache cleanup unless one is already pending. Called each time the app
 * goes to the background; resubmitting would replace the pending request and restart its wait.
 */
export function scheduleCacheCleanup(): void {
  const scheduler = BGTaskScheduler.sharedScheduler;
  scheduler.getPendingTaskRequestsWithCompletionHandler((pending) => {
    for (let i = 0; i < pending.count; i++) {
      if (pending.objectAtIndex(i).identifier === 'org.nativescript.news.cleanup') {
        return;
      }
    }
    const request = BGProcessingTaskRequest.alloc().initWithIdentifier('org.nativescript.news.cleanup');
    request.requiresExternalPower = true;
    request.earliestBeginDate = new Date(Date.now() + 12 * 60 * 60 * 1000);
    const error = new interop.Reference<NSError>();
    if (!scheduler.submitTaskRequestError(request, error)) {
      const reason = error.value ? error.value.localizedDescription : 'unknown error';
      console.error(`[cleanup] could not schedule the cleanup: ${reason}`);
    }
  });
}

/** Deletes cached article images older than a week. Stops early when `cancelled()` turns true. */
async function removeOldImages(cancelled: () => boolean): Promise<number> {
  const cache = knownFolders.documents().getFolder('image-cache');
  const entities = await cache.getEntities();
  const cutoff = Date.now() - MAX_AGE_MS;
  let removed = 0;
  for (const entity of entities) {
    if (cancelled()) {
      break;
    }
    if (entity instanceof File && entity.lastModified.getTime() < cutoff) {
      await entity.remove();
      removed += 1;
    } else if (entity instanceof Folder && entity.lastModified.getTime() < cutoff) {
      await entity.remove();
    }
  }
  return removed;
}

/** Launch handler for org.nativescript.news.cleanup (a BGProcessingTask). */
export function handleCacheCleanup(task: BGTask): void {
  let cancelled = false;
  task.expirationHandler = () => {
    cancelled = true;
    task.setTaskCompletedWithSuccess(false);
  };

  removeOldImages(() => cancelled)
    .then((removed) => {
      console.log(`[cleanup] removed ${removed} cached images`);
      task.setTaskCompletedWithSuccess(!cancelled);
    })
    .catch((error) => {
      console.error(`[cleanup] ${error}`);
      task.setTaskCompletedWithSuccess(false);
    });
}
