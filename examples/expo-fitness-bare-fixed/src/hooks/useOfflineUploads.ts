import { useEffect } from 'react';
import { AppState } from 'react-native';
import { uploadWorkout } from '../api/client';
import { markUploaded, type Workout } from '../data/workoutStore';
import { queue } from '../lib/jobQueue';

const UPLOAD_JOB = 'workout-upload';

/**
 * While the app is open, uploads each workout as soon as it is logged. Uploads that fail stay in
 * the job queue and are retried the next time the app becomes active.
 */
export function useOfflineUploads(onUploaded: () => void): void {
  useEffect(() => {
    const removeHandler = queue.defineTask<Workout>(UPLOAD_JOB, async (workout) => {
      const remoteId = await uploadWorkout(workout);
      await markUploaded(workout.id, remoteId);
      onUploaded();
    });
    void queue.drain();

    const subscription = AppState.addEventListener('change', (state) => {
      if (state === 'active') {
        void queue.drain();
      }
    });
    return () => {
      subscription.remove();
      removeHandler();
    };
  }, [onUploaded]);
}

export async function enqueueUpload(workout: Workout): Promise<void> {
  await queue.push(UPLOAD_JOB, workout);
  await queue.drain();
}
