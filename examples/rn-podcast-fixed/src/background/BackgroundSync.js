/**
 * Background work, on top of react-native-background-fetch.
 *
 * - com.transistorsoft.fetch is the periodic refresh that `configure` sets up: it checks every
 *   subscription for new episodes.
 * - com.transistorsoft.podcast.prefetch is a one-off processing task that downloads queued
 *   episodes. It is scheduled when the app goes to the background with downloads waiting.
 * - com.transistorsoft.podcast.cleanup is a daily processing task that deletes the audio of played
 *   episodes. It is scheduled when the user turns on "Delete played episodes".
 *
 * All three arrive in onBackgroundEvent; each path has to end with BackgroundFetch.finish(taskId).
 */
import BackgroundFetch from 'react-native-background-fetch';
import {refreshAllFeeds} from '../api/feeds';
import {
  countQueuedDownloads,
  deletePlayedEpisodes,
  downloadQueuedEpisodes,
  stopAllDownloads,
} from '../downloads/downloader';
import {loadSettings, loadSubscriptions} from '../storage/library';
import {startTrace} from '../telemetry/trace';

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;

export async function onBackgroundEvent(taskId) {
  const trace = startTrace('background-event', {taskId});

  if (taskId === 'com.transistorsoft.podcast.cleanup') {
    try {
      const removed = await deletePlayedEpisodes();
      trace.finish({removed});
    } catch (error) {
      trace.fail(error);
    }
    BackgroundFetch.finish(taskId);
    return;
  }

  if (taskId === 'com.transistorsoft.podcast.prefetch') {
    try {
      const downloaded = await downloadQueuedEpisodes(3);
      trace.finish({downloaded});
    } catch (error) {
      trace.fail(error);
    } finally {
      BackgroundFetch.finish(taskId);
    }
    return;
  }

  // Anything else is the periodic fetch (com.transistorsoft.fetch).
  const subscriptions = await loadSubscriptions();
  if (subscriptions.length === 0) {
    trace.finish({feeds: 0});
    BackgroundFetch.finish(taskId);
    return;
  }

  try {
    const settings = await loadSettings();
    const fresh = await refreshAllFeeds(subscriptions, {autoDownload: settings.autoDownload});
    trace.finish({feeds: subscriptions.length, newEpisodes: fresh.length});
  } catch (error) {
    trace.fail(error);
  }
  BackgroundFetch.finish(taskId);
}

export async function onBackgroundTimeout(taskId) {
  console.warn(`[BackgroundFetch] ${taskId} ran out of time`);
  stopAllDownloads();
  BackgroundFetch.finish(taskId);
}

/** Called on every launch: without configure there are no background events at all. */
export async function initBackgroundFetch() {
  const settings = await loadSettings();
  const status = await BackgroundFetch.configure(
    {
      minimumFetchInterval: settings.refreshIntervalMinutes,
      stopOnTerminate: false,
      startOnBoot: true,
      requiredNetworkType: BackgroundFetch.NETWORK_TYPE_ANY,
    },
    onBackgroundEvent,
    onBackgroundTimeout,
  );
  if (status !== BackgroundFetch.STATUS_AVAILABLE) {
    console.warn(`[BackgroundFetch] unavailable (status ${status}); episodes refresh in the foreground only`);
  }
  return status;
}

/** Called when the app goes to the background. */
export async function schedulePrefetchIfNeeded() {
  const settings = await loadSettings();
  if (!settings.autoDownload || (await countQueuedDownloads()) === 0) {
    return false;
  }
  return BackgroundFetch.scheduleTask({
    taskId: 'com.transistorsoft.podcast.prefetch',
    delay: 15 * MINUTE,
    periodic: false,
    requiresNetworkConnectivity: true,
  });
}

export function scheduleCleanup() {
  return BackgroundFetch.scheduleTask({
    taskId: 'com.transistorsoft.podcast.cleanup',
    delay: 24 * HOUR,
    periodic: true,
    requiresCharging: true,
  });
}

export function cancelCleanup() {
  return BackgroundFetch.stop('com.transistorsoft.podcast.cleanup');
}
