import { ruleTester } from './ruleTester';

const appJson = `{
  "expo": {
    "name": "Fitness",
    "slug": "fitness",
    "ios": { "bundleIdentifier": "com.example.fitness" },
    "plugins": ["expo-background-task"]
  }
}
`;

/** A task module that defines the given names at top level. */
const tasks = (...names: string[]) => `import * as TaskManager from 'expo-task-manager';
import * as BackgroundTask from 'expo-background-task';

${names.map((n) => `TaskManager.defineTask(${n}, async () => BackgroundTask.BackgroundTaskResult.Success);\n`).join('')}`;

ruleTester('expo-task-not-defined', {
  valid: [
    {
      name: 'same literal name in defineTask and registerTaskAsync',
      files: {
        'app.json': appJson,
        'src/tasks.ts': tasks(`'workouts-upload'`),
        'src/register.ts': `import * as BackgroundTask from 'expo-background-task';

export async function enableUploads() {
  await BackgroundTask.registerTaskAsync('workouts-upload', { minimumInterval: 360 });
}
`,
      },
    },
    {
      name: 'one exported constant names the task in both places',
      files: {
        'app.json': appJson,
        'src/taskNames.ts': `export const PLAN_SYNC_TASK = 'training-plan-sync';
`,
        'src/tasks.ts': `import * as TaskManager from 'expo-task-manager';
import * as BackgroundTask from 'expo-background-task';
import { PLAN_SYNC_TASK } from './taskNames';

TaskManager.defineTask(PLAN_SYNC_TASK, async () => BackgroundTask.BackgroundTaskResult.Success);
`,
        'src/App.tsx': `import { useEffect } from 'react';
import { registerTaskAsync } from 'expo-background-task';
import { PLAN_SYNC_TASK } from './taskNames';

export function App() {
  useEffect(() => {
    registerTaskAsync(PLAN_SYNC_TASK, { minimumInterval: 15 });
  }, []);
  return null;
}
`,
      },
    },
    {
      name: 'defined in a React effect still counts as defined (scope is another rule)',
      files: {
        'app.json': appJson,
        'App.tsx': `import { useEffect } from 'react';
import * as TaskManager from 'expo-task-manager';
import * as BackgroundTask from 'expo-background-task';

export default function App() {
  useEffect(() => {
    TaskManager.defineTask('sync-plan', async () => BackgroundTask.BackgroundTaskResult.Success);
    BackgroundTask.registerTaskAsync('sync-plan');
  }, []);
  return null;
}
`,
      },
    },
    {
      name: 'tasks defined under computed names could be any name',
      files: {
        'app.json': appJson,
        'src/tasks.ts': `import * as TaskManager from 'expo-task-manager';
import * as BackgroundTask from 'expo-background-task';
import { JOBS } from './jobs';

for (const job of JOBS) {
  TaskManager.defineTask(job.name, async () => {
    await job.run();
    return BackgroundTask.BackgroundTaskResult.Success;
  });
}
`,
        'src/register.ts': `import * as BackgroundTask from 'expo-background-task';

export const enableExport = () => BackgroundTask.registerTaskAsync('nightly-export', { minimumInterval: 720 });
`,
      },
    },
    {
      name: 'a name known only at run time is not judged',
      files: {
        'app.json': appJson,
        'src/tasks.ts': tasks(`'workouts-upload'`),
        'src/register.ts': `import * as BackgroundTask from 'expo-background-task';

export async function enable(taskName: string) {
  await BackgroundTask.registerTaskAsync(taskName, { minimumInterval: 60 });
}
`,
      },
    },
    {
      name: 'lookups and unregister do not register anything',
      files: {
        'app.json': appJson,
        'src/tasks.ts': tasks(`'workouts-upload'`),
        'src/settings.ts': `import * as TaskManager from 'expo-task-manager';
import * as BackgroundTask from 'expo-background-task';

export async function cleanUpOldTasks() {
  if (await TaskManager.isTaskRegisteredAsync('workout-upload-v1')) {
    await BackgroundTask.unregisterTaskAsync('workout-upload-v1');
  }
}
`,
      },
    },
    {
      name: 'another library’s registerTaskAsync',
      files: {
        'app.json': appJson,
        'src/tasks.ts': tasks(`'workouts-upload'`),
        'src/queue.ts': `import { registerTaskAsync } from './lib/jobQueue';

export const enableQueue = () => registerTaskAsync('drain-queue', { retries: 3 });
`,
      },
    },
  ],
  invalid: [
    {
      name: 'a typo in the registered name (fix: the defined name)',
      files: {
        'app.json': appJson,
        'src/background/uploadTask.ts': `import * as BackgroundTask from 'expo-background-task';
import * as TaskManager from 'expo-task-manager';

export const WORKOUT_UPLOAD_TASK = 'workouts-upload';

TaskManager.defineTask(WORKOUT_UPLOAD_TASK, async () => BackgroundTask.BackgroundTaskResult.Success);

export async function enableBackgroundUpload() {
  await BackgroundTask.registerTaskAsync(«'workout-upload'», { minimumInterval: 360 });
}
`,
      },
      expect: [{ message: 'Did you mean "workouts-upload"?', severity: 'error' }],
      output: {
        'src/background/uploadTask.ts': `import * as BackgroundTask from 'expo-background-task';
import * as TaskManager from 'expo-task-manager';

export const WORKOUT_UPLOAD_TASK = 'workouts-upload';

TaskManager.defineTask(WORKOUT_UPLOAD_TASK, async () => BackgroundTask.BackgroundTaskResult.Success);

export async function enableBackgroundUpload() {
  await BackgroundTask.registerTaskAsync('workouts-upload', { minimumInterval: 360 });
}
`,
      },
    },
    {
      name: 'nothing defines any task',
      files: {
        'app.json': appJson,
        'App.tsx': `import { useEffect } from 'react';
import * as BackgroundTask from 'expo-background-task';

export default function App() {
  useEffect(() => {
    BackgroundTask.registerTaskAsync(«'sync-plan'», { minimumInterval: 60 });
  }, []);
  return null;
}
`,
      },
      expect: [{ message: /^No TaskManager\.defineTask defines the task "sync-plan": registerTaskAsync schedules it, but when it runs there is nothing to execute\.$/ }],
    },
    {
      name: 'a job queue’s defineTask does not define the Expo task',
      files: {
        'app.json': appJson,
        'src/hooks/useOfflineUploads.ts': `import { useEffect } from 'react';
import { registerTaskAsync } from 'expo-background-task';
import { JobQueue } from '../lib/jobQueue';

const queue = new JobQueue();

export function useOfflineUploads() {
  useEffect(() => {
    queue.defineTask('workout-upload', async (job) => job.run());
    registerTaskAsync(«'workout-upload'», { minimumInterval: 360 });
  }, []);
}
`,
      },
    },
    {
      name: 'the registered constant has a different value (no fix, the literal lives elsewhere)',
      files: {
        'app.json': appJson,
        'src/taskNames.ts': `export const PLAN_SYNC_TASK = 'plan-sync';
export const PLAN_SYNC_TASK_V2 = 'plan-sync-v2';
`,
        'src/tasks.ts': `import * as TaskManager from 'expo-task-manager';
import * as BackgroundTask from 'expo-background-task';
import { PLAN_SYNC_TASK_V2 } from './taskNames';

TaskManager.defineTask(PLAN_SYNC_TASK_V2, async () => BackgroundTask.BackgroundTaskResult.Success);
`,
        'src/register.ts': `import * as BackgroundTask from 'expo-background-task';
import { PLAN_SYNC_TASK } from './taskNames';

export const enablePlanSync = () => BackgroundTask.registerTaskAsync(«PLAN_SYNC_TASK», { minimumInterval: 15 });
`,
      },
      expect: [{ message: 'No TaskManager.defineTask defines the task "plan-sync"' }],
    },
    {
      name: 'defined in another file, misspelt in a template literal',
      files: {
        'app.json': appJson,
        'src/tasks.js': tasks(`'nightly-export'`),
        'src/settings.js': `import { registerTaskAsync } from 'expo-background-task';

export async function enableExport() {
  await registerTaskAsync(«\`nightly-exprot\`», { minimumInterval: 720 });
}
`,
      },
      output: {
        'src/settings.js': `import { registerTaskAsync } from 'expo-background-task';

export async function enableExport() {
  await registerTaskAsync(\`nightly-export\`, { minimumInterval: 720 });
}
`,
      },
    },
    {
      name: 'only the registration that matches no definition',
      files: {
        'app.json': appJson,
        'src/tasks.ts': tasks(`'upload'`, `'sync'`),
        'src/register.ts': `import * as BackgroundTask from 'expo-background-task';

export async function enableAll() {
  await BackgroundTask.registerTaskAsync('upload', { minimumInterval: 60 });
  await BackgroundTask.registerTaskAsync(«'Sync'», { minimumInterval: 60 });
}
`,
      },
      output: {
        'src/register.ts': `import * as BackgroundTask from 'expo-background-task';

export async function enableAll() {
  await BackgroundTask.registerTaskAsync('upload', { minimumInterval: 60 });
  await BackgroundTask.registerTaskAsync('sync', { minimumInterval: 60 });
}
`,
      },
    },
  ],
});
