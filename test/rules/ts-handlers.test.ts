/**
 * The handler rules (missing-set-task-completed, missing-expiration-handler) on TypeScript/JavaScript task handlers:
 * react-native-background-fetch's onEvent/onTimeout, Expo task functions, Capacitor runner event handlers and
 * NativeScript launch handlers.
 */
import { ruleTester } from './ruleTester';

const expoAppJson = `{
  "expo": {
    "name": "Fitness",
    "slug": "fitness",
    "ios": { "bundleIdentifier": "com.example.fitness" },
    "plugins": ["expo-background-task"]
  }
}
`;

/** react-native-background-fetch: configure(config, onEvent, onTimeout) with the given onEvent body. */
const rnbf = (onEvent: string, onTimeout = `, (taskId) => {
    BackgroundFetch.finish(taskId);
  }`) => `import BackgroundFetch from 'react-native-background-fetch';
import { loadSubscriptions, refreshFeeds } from './feeds';

export async function initBackgroundFetch() {
  await BackgroundFetch.configure({ minimumFetchInterval: 15 }, async (taskId) => {
${onEvent}
  }${onTimeout});
}
`;

/** A NativeScript app delegate that registers `handler` for com.example.news.refresh at launch. */
const nsDelegate = (handler: string) => `import { handleRefresh } from './refresh';

@NativeClass()
export class NewsAppDelegate extends UIResponder implements UIApplicationDelegate {
  public static ObjCProtocols = [UIApplicationDelegate];

  applicationDidFinishLaunchingWithOptions(application: UIApplication, launchOptions: NSDictionary<string, any>): boolean {
    BGTaskScheduler.sharedScheduler.registerForTaskWithIdentifierUsingQueueLaunchHandler('com.example.news.refresh', null, ${handler});
    return true;
  }

  applicationDidEnterBackground(application: UIApplication): void {
    const request = BGAppRefreshTaskRequest.alloc().initWithIdentifier('com.example.news.refresh');
    BGTaskScheduler.sharedScheduler.submitTaskRequestError(request, null);
  }
}
`;

/** app/refresh.ts of a NativeScript app: `handleRefresh(task: BGAppRefreshTask)` with the given body. */
const nsHandler = (body: string) => `import { Connectivity } from '@nativescript/core';
import { fetchTopHeadlines, saveHeadlines } from './headlines';

export function handleRefresh(task: BGAppRefreshTask): void {
${body}
}
`;

ruleTester('missing-set-task-completed', {
  valid: [
    {
      name: 'RNBF 3.x: the third argument is a failure callback with no task to finish',
      files: { 'src/background.ts': rnbf('    await refreshFeeds();\n    BackgroundFetch.finish(taskId);', `, (status) => {
    console.warn('background fetch failed to start', status);
  }`), 'package.json': '{ "name": "campus", "private": true, "dependencies": { "react-native-background-fetch": "^3.1.0" } }\n' },
    },
    {
      name: 'RNBF: finish on every path (finally, early branch, end)',
      files: {
        'src/background.js': rnbf(`    if (taskId === 'com.transistorsoft.prefetch') {
      try {
        await downloadQueued();
      } finally {
        BackgroundFetch.finish(taskId);
      }
      return;
    }
    const subscriptions = await loadSubscriptions();
    if (subscriptions.length === 0) {
      BackgroundFetch.finish(taskId);
      return;
    }
    try {
      await refreshFeeds(subscriptions);
    } catch (error) {
      console.warn(error);
    }
    BackgroundFetch.finish(taskId);`),
      },
    },
    {
      name: 'RNBF: onEvent and onTimeout given as functions of the module',
      files: {
        'src/background.ts': `import BackgroundFetch from 'react-native-background-fetch';

async function onEvent(taskId: string) {
  const done = () => BackgroundFetch.finish(taskId);
  try {
    await syncBookings();
    done();
  } catch {
    done();
  }
}

const onTimeout = (taskId: string) => BackgroundFetch.finish(taskId);

export function initBackgroundFetch() {
  return BackgroundFetch.configure({ minimumFetchInterval: 30 }, onEvent, onTimeout);
}
`,
      },
    },
    {
      name: 'RNBF: finish in a promise callback, and returned',
      files: {
        'src/background.js': rnbf(`    if (!taskId) {
      return BackgroundFetch.finish(taskId);
    }
    refreshFeeds()
      .catch((error) => console.warn(error))
      .finally(() => BackgroundFetch.finish(taskId));`),
      },
    },
    {
      name: 'RNBF look-alikes: another SDK’s configure, a tracer’s finish, and a return inside forEach',
      files: {
        'App.tsx': `import Purchases from 'react-native-purchases';
import { useEffect } from 'react';

export default function App() {
  useEffect(() => {
    Purchases.configure({ apiKey: 'appl_123' }, (customerInfo) => {
      if (!customerInfo) return;
      console.log(customerInfo);
    });
  }, []);
  return null;
}
`,
        'src/background.js': rnbf(`    const trace = startTrace(taskId);
    (await loadSubscriptions()).forEach((s) => {
      if (!s.enabled) return;
      trace.step(s.id);
    });
    trace.finish();
    BackgroundFetch.finish(taskId);`),
      },
    },
    {
      name: 'Expo: a result on every path, including the catch',
      files: {
        'app.json': expoAppJson,
        'src/background/uploadTask.ts': `import * as BackgroundTask from 'expo-background-task';
import * as TaskManager from 'expo-task-manager';
import { countPending, uploadPending } from '../data/workoutStore';

TaskManager.defineTask('workouts-upload', async () => {
  if ((await countPending()) === 0) {
    return BackgroundTask.BackgroundTaskResult.Success;
  }
  try {
    await uploadPending();
    return BackgroundTask.BackgroundTaskResult.Success;
  } catch (error) {
    console.warn('[upload] failed', error);
    return BackgroundTask.BackgroundTaskResult.Failed;
  }
});
`,
      },
    },
    {
      name: 'Expo: expression body, and a task function given by name',
      files: {
        'app.json': expoAppJson,
        'src/tasks.ts': `import { defineTask } from 'expo-task-manager';
import { BackgroundTaskResult } from 'expo-background-task';

async function syncPlan() {
  const ok = await fetchPlan();
  return ok ? BackgroundTaskResult.Success : BackgroundTaskResult.Failed;
}

defineTask('plan-sync', syncPlan);
defineTask('ping', async () => BackgroundTaskResult.Success);
`,
      },
    },
    {
      name: 'Expo look-alike: a job queue’s task returns nothing',
      files: {
        'app.json': expoAppJson,
        'src/hooks/useOfflineUploads.ts': `import { JobQueue } from '../lib/jobQueue';

const queue = new JobQueue();

queue.defineTask('workout-upload', async (job) => {
  if (!job.payload) {
    return;
  }
  await job.run();
});
`,
      },
    },
    {
      name: 'Capacitor: resolve or reject on every path, with any parameter names',
      files: {
        'src/runners/background.js': `addEventListener('backupNotes', async (resolve, reject, args) => {
  const notes = args && args.notes ? args.notes : [];
  if (notes.length === 0) {
    resolve({ backedUp: 0 });
    return;
  }
  try {
    await fetch('https://api.example.com/backups', { method: 'POST', body: JSON.stringify(notes) });
    resolve({ backedUp: notes.length });
  } catch (err) {
    reject(err);
  }
});

addEventListener('ping', (done, fail) => {
  ping().then(() => done(), (err) => fail(err));
});
`,
      },
    },
    {
      name: 'Capacitor look-alikes: DOM listeners and a Promise executor',
      files: {
        'src/main.ts': `const list = document.querySelector('#notes')!;

list.addEventListener('click', (event) => {
  const item = (event.target as HTMLElement).closest('li');
  if (!item) return;
  item.classList.toggle('selected');
});

addEventListener('keydown', (event) => {
  if (event.key !== 'Escape') return;
  list.classList.remove('editing');
});

export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    if (ms <= 0) return;
    setTimeout(() => reject(new Error('timeout')), ms);
    promise.then(resolve, reject);
  });
}
`,
      },
    },
    {
      name: 'NativeScript: completes in both promise callbacks and in the expiration handler',
      files: {
        'app/delegate.ts': nsDelegate('handleRefresh'),
        'app/refresh.ts': nsHandler(`  task.expirationHandler = () => {
    task.setTaskCompletedWithSuccess(false);
  };
  if (Connectivity.getConnectionType() === Connectivity.connectionType.none) {
    task.setTaskCompletedWithSuccess(true);
    return;
  }
  fetchTopHeadlines()
    .then((headlines) => {
      saveHeadlines(headlines);
      task.setTaskCompletedWithSuccess(true);
    })
    .catch(() => task.setTaskCompletedWithSuccess(false));`),
      },
    },
    {
      name: 'NativeScript: the task handed to a helper that completes it',
      files: {
        'app/delegate.ts': nsDelegate('(task: BGAppRefreshTask) => {\n      task.expirationHandler = () => task.setTaskCompletedWithSuccess(false);\n      runRefresh(task);\n    }').replace(
          "import { handleRefresh } from './refresh';",
          "import { runRefresh } from './refresh';",
        ),
        'app/refresh.ts': `export function runRefresh(task: BGAppRefreshTask): void {
  refreshHeadlines().then(
    () => task.setTaskCompletedWithSuccess(true),
    () => task.setTaskCompletedWithSuccess(false),
  );
}
`,
      },
    },
    {
      name: 'NativeScript look-alike: UIKit’s beginBackgroundTask is not a BGTask',
      files: {
        'app/delegate.ts': `@NativeClass()
export class AppDelegate extends UIResponder implements UIApplicationDelegate {
  public static ObjCProtocols = [UIApplicationDelegate];
  private flushTaskId = UIBackgroundTaskInvalid;

  applicationDidEnterBackground(application: UIApplication): void {
    this.flushTaskId = application.beginBackgroundTaskWithNameExpirationHandler('flush', () => {
      application.endBackgroundTask(this.flushTaskId);
    });
    if (!pendingWrites()) {
      return;
    }
    flush().then(() => application.endBackgroundTask(this.flushTaskId));
  }
}
`,
      },
    },
    {
      name: 'Expo: a bare return still completes (the module completes when the promise settles)',
      files: {
        'app.json': expoAppJson,
        'src/background/uploadTask.ts': `import * as BackgroundTask from 'expo-background-task';
import * as TaskManager from 'expo-task-manager';
import { countPending, uploadPending } from '../data/workoutStore';

TaskManager.defineTask('workouts-upload', async () => {
  if ((await countPending()) === 0) {
    return;
  }
  await uploadPending();
  return BackgroundTask.BackgroundTaskResult.Success;
});
`,
      },
    },
    {
      name: 'Capacitor: resolve and reject handed on as values',
      files: {
        'src/runners/background.js': `addEventListener('backupNotes', (resolve, reject) => {
  upload().then(resolve, reject);
});

addEventListener('syncNotes', (resolve, reject) => {
  sync().then(resolve).catch(reject);
});

addEventListener('pruneNotes', (resolve) => {
  pruneOldNotes(resolve);
});
`,
      },
    },
    {
      name: 'NativeScript: completion through a cast of the task',
      files: {
        'app/delegate.ts': nsDelegate('handleRefresh'),
        'app/refresh.ts': nsHandler(`  task.expirationHandler = () => (task as BGAppRefreshTask).setTaskCompletedWithSuccess(false);
  fetchTopHeadlines().then(() => (task as BGAppRefreshTask).setTaskCompletedWithSuccess(true));`),
      },
    },
  ],
  invalid: [
    {
      name: 'RNBF: a braceless early return gets a block with finish',
      files: {
        'src/background.js': rnbf(`    const subscriptions = await loadSubscriptions();
    if (subscriptions.length === 0) «return»;
    await refreshFeeds(subscriptions);
    BackgroundFetch.finish(taskId);`),
      },
      output: {
        'src/background.js': rnbf(`    const subscriptions = await loadSubscriptions();
    if (subscriptions.length === 0) { BackgroundFetch.finish(taskId); return; }
    await refreshFeeds(subscriptions);
    BackgroundFetch.finish(taskId);`),
      },
    },
    {
      name: 'RNBF: an uncaught throw skips finish (a rejected onEvent promise)',
      files: {
        'src/background.js': rnbf(`    const token = await loadToken();
    if (!token) «throw» new Error('signed out');
    await refreshFeeds(token);
    BackgroundFetch.finish(taskId);`),
      },
      expect: [{ message: 'This throw leaves the handler for "com.transistorsoft.fetch" without calling BackgroundFetch.finish(taskId)' }],
      output: {
        'src/background.js': rnbf(`    const token = await loadToken();
    if (!token) { BackgroundFetch.finish(taskId); throw new Error('signed out'); }
    await refreshFeeds(token);
    BackgroundFetch.finish(taskId);`),
      },
    },
    {
      name: 'RNBF: early return without finish (a tracer’s finish does not count)',
      files: {
        'src/background.js': rnbf(`    const trace = startTrace(taskId);
    const subscriptions = await loadSubscriptions();
    if (subscriptions.length === 0) {
      trace.finish({ feeds: 0 });
      «return»;
    }
    await refreshFeeds(subscriptions);
    BackgroundFetch.finish(taskId);`),
      },
      expect: [{ message: 'This return leaves the handler for "com.transistorsoft.fetch" without calling BackgroundFetch.finish(taskId)', severity: 'error' }],
      output: {
        'src/background.js': rnbf(`    const trace = startTrace(taskId);
    const subscriptions = await loadSubscriptions();
    if (subscriptions.length === 0) {
      trace.finish({ feeds: 0 });
      BackgroundFetch.finish(taskId);
      return;
    }
    await refreshFeeds(subscriptions);
    BackgroundFetch.finish(taskId);`),
      },
    },
    {
      name: 'RNBF: the catch path falls off the end',
      files: {
        'src/background.js': `import BackgroundFetch from 'react-native-background-fetch';
import { loadSubscriptions, refreshFeeds } from './feeds';

export async function initBackgroundFetch() {
  await BackgroundFetch.configure({ minimumFetchInterval: 15 }, async (taskId) => {
    try {
      await refreshFeeds(await loadSubscriptions());
      BackgroundFetch.finish(taskId);
    } catch (error) {
      console.warn(error);
    }
  «}», (taskId) => {
    BackgroundFetch.finish(taskId);
  });
}
`,
      },
      output: {
        'src/background.js': `import BackgroundFetch from 'react-native-background-fetch';
import { loadSubscriptions, refreshFeeds } from './feeds';

export async function initBackgroundFetch() {
  await BackgroundFetch.configure({ minimumFetchInterval: 15 }, async (taskId) => {
    try {
      await refreshFeeds(await loadSubscriptions());
      BackgroundFetch.finish(taskId);
    } catch (error) {
      console.warn(error);
    }
    BackgroundFetch.finish(taskId);
  }, (taskId) => {
    BackgroundFetch.finish(taskId);
  });
}
`,
      },
    },
    {
      name: 'RNBF: an onTimeout that never finishes',
      files: {
        'src/background.ts': `import BackgroundFetch from 'react-native-background-fetch';

export function initBackgroundFetch(getToken: () => string | null) {
  return BackgroundFetch.configure(
    { minimumFetchInterval: 15 },
    async (taskId) => {
      const token = getToken();
      if (!token) {
        BackgroundFetch.finish(taskId);
        return;
      }
      await syncBookings(token);
      BackgroundFetch.finish(taskId);
    },
    (taskId) => {
      console.warn('timeout', taskId);
    «}»,
  );
}
`,
      },
      output: {
        'src/background.ts': `import BackgroundFetch from 'react-native-background-fetch';

export function initBackgroundFetch(getToken: () => string | null) {
  return BackgroundFetch.configure(
    { minimumFetchInterval: 15 },
    async (taskId) => {
      const token = getToken();
      if (!token) {
        BackgroundFetch.finish(taskId);
        return;
      }
      await syncBookings(token);
      BackgroundFetch.finish(taskId);
    },
    (taskId) => {
      console.warn('timeout', taskId);
      BackgroundFetch.finish(taskId);
    },
  );
}
`,
      },
    },
    {
      name: 'Capacitor: early return without resolve() or reject()',
      files: {
        'src/runners/background.js': `addEventListener('backupNotes', async (resolve, reject, args) => {
  const changed = args && args.notes ? args.notes : [];
  if (changed.length === 0) {
    console.log('[backup] nothing changed');
    «return»;
  }
  try {
    await upload(changed);
    resolve({ backedUp: changed.length });
  } catch (err) {
    reject(err);
  }
});
`,
      },
      expect: [{ message: 'runner event "backupNotes" without calling resolve() or reject()' }],
      output: {
        'src/runners/background.js': `addEventListener('backupNotes', async (resolve, reject, args) => {
  const changed = args && args.notes ? args.notes : [];
  if (changed.length === 0) {
    console.log('[backup] nothing changed');
    resolve();
    return;
  }
  try {
    await upload(changed);
    resolve({ backedUp: changed.length });
  } catch (err) {
    reject(err);
  }
});
`,
      },
    },
    {
      name: 'Capacitor: a handler that never settles',
      files: {
        'src/runners/background.js': `addEventListener('getBackupStatus', (done, fail) => {
  const last = CapacitorKV.get('notes.lastBackupAt');
  console.log('last backup', last && last.value);
«}»);
`,
      },
      output: {
        'src/runners/background.js': `addEventListener('getBackupStatus', (done, fail) => {
  const last = CapacitorKV.get('notes.lastBackupAt');
  console.log('last backup', last && last.value);
  done();
});
`,
      },
    },
    {
      name: 'NativeScript: offline return without setTaskCompletedWithSuccess',
      files: {
        'app/delegate.ts': nsDelegate('handleRefresh'),
        'app/refresh.ts': nsHandler(`  task.expirationHandler = () => task.setTaskCompletedWithSuccess(false);
  if (Connectivity.getConnectionType() === Connectivity.connectionType.none) {
    console.log('[refresh] offline');
    «return»;
  }
  fetchTopHeadlines()
    .then((headlines) => {
      saveHeadlines(headlines);
      task.setTaskCompletedWithSuccess(true);
    })
    .catch(() => task.setTaskCompletedWithSuccess(false));`),
      },
      expect: [{ message: 'without calling setTaskCompletedWithSuccess()' }],
      output: {
        'app/refresh.ts': nsHandler(`  task.expirationHandler = () => task.setTaskCompletedWithSuccess(false);
  if (Connectivity.getConnectionType() === Connectivity.connectionType.none) {
    console.log('[refresh] offline');
    task.setTaskCompletedWithSuccess(false);
    return;
  }
  fetchTopHeadlines()
    .then((headlines) => {
      saveHeadlines(headlines);
      task.setTaskCompletedWithSuccess(true);
    })
    .catch(() => task.setTaskCompletedWithSuccess(false));`),
      },
    },
    {
      name: 'NativeScript: an inline handler that completes only once expiration stops it',
      files: {
        'app/delegate.ts': nsDelegate(`(task: BGProcessingTask) => {
      let stop = false;
      task.expirationHandler = () => {
        stop = true;
        task.setTaskCompletedWithSuccess(false);
      };
      while (!stop && compactNextChunk()) {
        // keep going
      }
    «}»`),
      },
      output: {
        'app/delegate.ts': nsDelegate(`(task: BGProcessingTask) => {
      let stop = false;
      task.expirationHandler = () => {
        stop = true;
        task.setTaskCompletedWithSuccess(false);
      };
      while (!stop && compactNextChunk()) {
        // keep going
      }
      task.setTaskCompletedWithSuccess(false);
    }`),
      },
    },
  ],
});

ruleTester('missing-expiration-handler', {
  valid: [
    {
      name: 'RNBF 3.x (yarn.lock says 3.1.0): configure has no onTimeout to ask for',
      files: {
        'src/background.ts': rnbf('    await refreshFeeds();\n    BackgroundFetch.finish(taskId);', ''),
        'package.json': '{ "name": "campus", "private": true, "dependencies": { "react-native-background-fetch": "*" } }\n',
        'yarn.lock': 'react-native-background-fetch@*:\n  version "3.1.0"\n  resolved "https://registry.example/rnbf-3.1.0.tgz"\n',
      },
    },
    {
      name: 'RNBF: configure with an onTimeout callback',
      files: { 'src/background.js': rnbf('    BackgroundFetch.finish(taskId);') },
    },
    {
      name: 'RNBF: onTimeout imported from another module',
      files: {
        'src/background.ts': `import BackgroundFetch from 'react-native-background-fetch';
import { onBackgroundEvent, onBackgroundTimeout } from './events';

export const initBackgroundFetch = () =>
  BackgroundFetch.configure({ minimumFetchInterval: 15 }, onBackgroundEvent, onBackgroundTimeout);
`,
      },
    },
    {
      name: 'Expo tasks and Capacitor runner events have no expiration handler to set',
      files: {
        'app.json': expoAppJson,
        'src/tasks.ts': `import * as TaskManager from 'expo-task-manager';
import * as BackgroundTask from 'expo-background-task';

TaskManager.defineTask('plan-sync', async () => BackgroundTask.BackgroundTaskResult.Success);
`,
        'src/runners/background.js': `addEventListener('backupNotes', (resolve, reject) => {
  upload().then(() => resolve(), (err) => reject(err));
});
`,
      },
    },
    {
      name: 'NativeScript: the handler sets an expiration handler that completes',
      files: {
        'app/delegate.ts': nsDelegate('handleRefresh'),
        'app/refresh.ts': nsHandler(`  let cancelled = false;
  task.expirationHandler = () => {
    cancelled = true;
    task.setTaskCompletedWithSuccess(false);
  };
  fetchTopHeadlines().then((headlines) => {
    if (!cancelled) saveHeadlines(headlines);
    task.setTaskCompletedWithSuccess(!cancelled);
  });`),
      },
    },
    {
      name: 'NativeScript: a plain helper typed with BGTask is not a registered handler',
      files: {
        'app/logging.ts': `export function describeTask(task: BGTask): string {
  return \`\${task.identifier}\`;
}
`,
        'app/delegate.ts': nsDelegate('handleRefresh'),
        'app/refresh.ts': nsHandler(`  task.expirationHandler = () => task.setTaskCompletedWithSuccess(false);
  fetchTopHeadlines().then(() => task.setTaskCompletedWithSuccess(true), () => task.setTaskCompletedWithSuccess(false));`),
      },
    },
    {
      name: 'NativeScript: the expiration handler is set through a cast of the task',
      files: {
        'app/delegate.ts': nsDelegate('handleRefresh'),
        'app/refresh.ts': nsHandler(`  (task as BGAppRefreshTask).expirationHandler = () => task.setTaskCompletedWithSuccess(false);
  fetchTopHeadlines().then(() => task.setTaskCompletedWithSuccess(true));`),
      },
    },
  ],
  invalid: [
    {
      name: 'RNBF 4.x from package.json: configure without onTimeout',
      files: {
        'src/background.ts': rnbf('    await refreshFeeds();\n    BackgroundFetch.finish(taskId);', '').replace('BackgroundFetch.configure(', 'BackgroundFetch.«configure»('),
        'package.json': '{ "name": "campus", "private": true, "dependencies": { "react-native-background-fetch": "^4.2.0" } }\n',
      },
    },
    {
      name: 'RNBF: configure without onTimeout (reported at configure)',
      files: {
        'src/screens/SettingsScreen.tsx': `import BackgroundFetch from 'react-native-background-fetch';
import { onBackgroundEvent } from '../background/events';

export async function changeInterval(minutes: number) {
  await BackgroundFetch.«configure»({ minimumFetchInterval: minutes }, onBackgroundEvent);
}
`,
      },
      expect: [{ message: 'BackgroundFetch.configure is called without an onTimeout callback', severity: 'warning' }],
    },
    {
      name: 'RNBF: inline onEvent, no onTimeout',
      files: {
        'src/background.js': `const BackgroundFetch = require('react-native-background-fetch');

BackgroundFetch.«configure»({ minimumFetchInterval: 15 }, async (taskId) => {
  await refreshFeeds();
  BackgroundFetch.finish(taskId);
});
`,
      },
    },
    {
      name: 'NativeScript: a handler function that never sets expirationHandler',
      files: {
        'app/delegate.ts': nsDelegate('handleRefresh'),
        'app/refresh.ts': nsHandler(`  fetchTopHeadlines()
    .then(() => task.setTaskCompletedWithSuccess(true))
    .catch(() => task.setTaskCompletedWithSuccess(false));`).replace('export function handleRefresh(', 'export function «handleRefresh»('),
      },
      expect: [{ message: 'The handler for "com.example.news.refresh" never sets expirationHandler' }],
      output: {
        'app/refresh.ts': nsHandler(`  task.expirationHandler = () => {
    // Stop the work in progress here so it ends cooperatively.
    task.setTaskCompletedWithSuccess(false);
  };
  fetchTopHeadlines()
    .then(() => task.setTaskCompletedWithSuccess(true))
    .catch(() => task.setTaskCompletedWithSuccess(false));`),
      },
    },
    {
      name: 'NativeScript: an expiration handler that only logs (info)',
      files: {
        'app/delegate.ts': nsDelegate(`(task: BGAppRefreshTask) => {
      «task.expirationHandler = () => console.log('[refresh] expired')»;
      fetchTopHeadlines().then(() => task.setTaskCompletedWithSuccess(true), () => task.setTaskCompletedWithSuccess(false));
    }`),
      },
      expect: [{ message: 'only logs', severity: 'info' }],
    },
  ],
});
