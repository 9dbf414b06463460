import { Connectivity } from '@nativescript/core';
import { fetchTopHeadlines, saveHeadlines } from '../services/headlines';

/**
 * Submits the next headline refresh. A refresh request runs at most once, so every run schedules
 * the following one.
 */
export function scheduleNextRefresh(): void {
  const request = BGAppRefreshTaskRequest.alloc().initWithIdentifier('org.nativescript.news.refresh');
  request.earliestBeginDate = new Date(Date.now() + 60 * 60 * 1000);
  try {
    BGTaskScheduler.sharedScheduler.submitTaskRequestError(request);
  } catch (error) {
    console.error(`[refresh] could not schedule the next refresh: ${error}`);
  }
}

/** Launch handler for org.nativescript.news.refresh (a BGAppRefreshTask, about 30 seconds). */
export function handleHeadlineRefresh(task: BGTask): void {
  scheduleNextRefresh();

  if (Connectivity.getConnectionType() === Connectivity.connectionType.none) {
    console.log('[refresh] offline, keeping the cached headlines');
    return;
  }

  fetchTopHeadlines()
    .then((headlines) => {
      saveHeadlines(headlines);
      console.log(`[refresh] stored ${headlines.length} headlines`);
      task.setTaskCompletedWithSuccess(true);
    })
    .catch((error) => {
      console.error(`[refresh] ${error}`);
      task.setTaskCompletedWithSuccess(false);
    });
}
