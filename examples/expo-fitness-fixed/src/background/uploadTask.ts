/**
 * Uploads the workouts the server does not have yet, from the background.
 *
 * expo-background-task runs every registered task in a single iOS BGProcessingTask
 * (com.expo.modules.backgroundtask.processing). The task below is defined when this module is
 * loaded; index.ts imports it before the app is registered.
 */
import * as BackgroundTask from 'expo-background-task';
import * as TaskManager from 'expo-task-manager';
import { uploadWorkout } from '../api/client';
import { listPendingWorkouts, markUploaded } from '../data/workoutStore';

export const WORKOUT_UPLOAD_TASK = 'workouts-upload';

TaskManager.defineTask(WORKOUT_UPLOAD_TASK, async () => {
  const pending = await listPendingWorkouts();
  if (pending.length === 0) {
    return BackgroundTask.BackgroundTaskResult.Success;
  }

  try {
    for (const workout of pending) {
      const remoteId = await uploadWorkout(workout);
      await markUploaded(workout.id, remoteId);
    }
    return BackgroundTask.BackgroundTaskResult.Success;
  } catch (error) {
    console.warn(`[upload] ${pending.length} workouts still waiting for upload`, error);
    return BackgroundTask.BackgroundTaskResult.Failed;
  }
});

/** Turns background uploads on. Returns false when iOS does not allow background tasks. */
export async function enableBackgroundUpload(): Promise<boolean> {
  const status = await BackgroundTask.getStatusAsync();
  if (status === BackgroundTask.BackgroundTaskStatus.Restricted) {
    return false;
  }
  await BackgroundTask.registerTaskAsync(WORKOUT_UPLOAD_TASK, {
    minimumInterval: 360, // minutes: at most every six hours
  });
  return true;
}

export async function disableBackgroundUpload(): Promise<void> {
  if (await TaskManager.isTaskRegisteredAsync(WORKOUT_UPLOAD_TASK)) {
    await BackgroundTask.unregisterTaskAsync(WORKOUT_UPLOAD_TASK);
  }
}

export function isBackgroundUploadEnabled(): Promise<boolean> {
  return TaskManager.isTaskRegisteredAsync(WORKOUT_UPLOAD_TASK);
}
