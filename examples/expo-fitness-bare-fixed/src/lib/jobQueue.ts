/**
 * A small persistent job queue for foreground work that has to reach the server eventually.
 * Jobs are kept in AsyncStorage and retried with exponential backoff whenever the queue is drained
 * (on launch and each time the app becomes active). It has nothing to do with iOS background
 * execution: background uploads go through expo-background-task.
 */
import AsyncStorage from '@react-native-async-storage/async-storage';

type Handler<P> = (payload: P) => Promise<void>;

type Job = {
  id: string;
  task: string;
  payload: unknown;
  attempts: number;
  notBefore: number;
};

const MAX_BACKOFF_MINUTES = 60;

export class JobQueue {
  private readonly handlers = new Map<string, Handler<unknown>>();
  private draining = false;

  constructor(private readonly storageKey: string) {}

  /** Installs the handler for jobs named `name`. Returns a function that removes it again. */
  defineTask<P>(name: string, handler: Handler<P>): () => void {
    this.handlers.set(name, handler as Handler<unknown>);
    return () => {
      this.handlers.delete(name);
    };
  }

  async push<P>(task: string, payload: P): Promise<void> {
    const jobs = await this.load();
    jobs.push({
      id: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
      task,
      payload,
      attempts: 0,
      notBefore: 0,
    });
    await this.save(jobs);
  }

  /** Runs every due job that has a handler. Returns how many succeeded. */
  async drain(): Promise<number> {
    if (this.draining) {
      return 0;
    }
    this.draining = true;
    let succeeded = 0;
    try {
      const remaining: Job[] = [];
      for (const job of await this.load()) {
        const handler = this.handlers.get(job.task);
        if (!handler || job.notBefore > Date.now()) {
          remaining.push(job);
          continue;
        }
        try {
          await handler(job.payload);
          succeeded += 1;
        } catch {
          const attempts = job.attempts + 1;
          const backoffMinutes = Math.min(2 ** attempts, MAX_BACKOFF_MINUTES);
          remaining.push({ ...job, attempts, notBefore: Date.now() + backoffMinutes * 60_000 });
        }
      }
      await this.save(remaining);
    } finally {
      this.draining = false;
    }
    return succeeded;
  }

  private async load(): Promise<Job[]> {
    const raw = await AsyncStorage.getItem(this.storageKey);
    return raw ? (JSON.parse(raw) as Job[]) : [];
  }

  private async save(jobs: Job[]): Promise<void> {
    await AsyncStorage.setItem(this.storageKey, JSON.stringify(jobs));
  }
}

export const queue = new JobQueue('fitness/job-queue');
