import { BackgroundRunner } from '@capacitor/background-runner';
import { getAuthToken, loadNotes } from '../notes/store';

// On iOS the runner always runs with the configuration in capacitor.config.ts; the label is
// passed because the plugin API requires it.
const RUNNER_LABEL = 'com.example.notes.backup';

export type BackupResult = { backedUp: number; finishedAt: string | null };

/** Rejects when `promise` has not settled after `ms` milliseconds. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer after ${ms / 1000} s`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** Runs the same backup the scheduled task runs, right now, with the notes on screen. */
export async function backUpNow(): Promise<BackupResult> {
  const [notes, token] = await Promise.all([loadNotes(), getAuthToken()]);
  return withTimeout(
    BackgroundRunner.dispatchEvent<BackupResult>({
      label: RUNNER_LABEL,
      event: 'backupNotes',
      details: { notes, token },
    }),
    30_000,
  );
}

export async function lastBackupAt(): Promise<Date | null> {
  const result = await BackgroundRunner.dispatchEvent<{ lastBackupAt: string | null }>({
    label: RUNNER_LABEL,
    event: 'getBackupStatus',
    details: {},
  });
  return result.lastBackupAt ? new Date(result.lastBackupAt) : null;
}
