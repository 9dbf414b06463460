import BackgroundFetch from 'react-native-background-fetch';
import {fetchBookings, fetchTides, sendCheckIn} from './api';
import {loadPendingCheckIns, removePendingCheckIn, saveBookings, saveTides} from './storage';

/** Sends check-ins that failed while the user was offline (a BGProcessingTask). */
export const BOOKING_SYNC_TASK = 'com.transistorsoft.harbor.sync-bookings';

async function onEvent(taskId: string): Promise<void> {
  try {
    if (taskId === BOOKING_SYNC_TASK) {
      for (const checkIn of await loadPendingCheckIns()) {
        await sendCheckIn(checkIn);
        await removePendingCheckIn(checkIn.id);
      }
      await saveBookings(await fetchBookings());
    } else {
      // com.transistorsoft.fetch: keep the tide table current.
      await saveTides(await fetchTides());
    }
  } catch (error) {
    console.warn(`[background] ${taskId} failed`, error);
  } finally {
    BackgroundFetch.finish(taskId);
  }
}

async function onTimeout(taskId: string): Promise<void> {
  console.warn(`[background] ${taskId} timed out`);
  BackgroundFetch.finish(taskId);
}

export async function initBackgroundFetch(): Promise<void> {
  const status = await BackgroundFetch.configure(
    {minimumFetchInterval: 30, requiredNetworkType: BackgroundFetch.NETWORK_TYPE_ANY},
    onEvent,
    onTimeout,
  );
  if (status !== BackgroundFetch.STATUS_AVAILABLE) {
    console.warn(`[background] background fetch unavailable (status ${status})`);
  }
}

/** Called when the app goes to the background: schedules a sync if check-ins are waiting. */
export async function scheduleBookingSyncIfNeeded(): Promise<void> {
  if ((await loadPendingCheckIns()).length === 0) {
    return;
  }
  await BackgroundFetch.scheduleTask({
    taskId: BOOKING_SYNC_TASK,
    delay: 5 * 60 * 1000,
    periodic: false,
    requiresNetworkConnectivity: true,
  });
}
