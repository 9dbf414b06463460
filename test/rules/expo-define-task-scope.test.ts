import { ruleTester } from './ruleTester';

/** A managed Expo app's config: with the plugin listed, prebuild adds the task id and `processing`. */
const appJson = `{
  "expo": {
    "name": "Fitness",
    "slug": "fitness",
    "ios": { "bundleIdentifier": "com.example.fitness" },
    "plugins": ["expo-background-task"]
  }
}
`;

const taskHelper = `import * as BackgroundTask from 'expo-background-task';
import * as TaskManager from 'expo-task-manager';

export const SYNC_TASK = 'workouts-sync';

export function defineBackgroundTasks() {
  %sTaskManager.defineTask%s(SYNC_TASK, async () => {
    return BackgroundTask.BackgroundTaskResult.Success;
  });
}
`;

ruleTester('expo-define-task-scope', {
  valid: [
    {
      name: 'defined in a helper that the root layout calls while it loads (module top level)',
      files: {
        'app.json': appJson,
        'src/background/tasks.ts': taskHelper.replace('%sTaskManager.defineTask%s', 'TaskManager.defineTask'),
        'app/_layout.tsx': `import { Stack } from 'expo-router';
import { defineBackgroundTasks } from '../src/background/tasks';

defineBackgroundTasks();

export default function RootLayout() {
  return <Stack />;
}
`,
      },
    },
    {
      name: 'defined at module top level, registered later from a component',
      files: {
        'app.json': appJson,
        'src/background/upload.ts': `import * as BackgroundTask from 'expo-background-task';
import * as TaskManager from 'expo-task-manager';
import { uploadPending } from '../api';

export const UPLOAD_TASK = 'workouts-upload';

TaskManager.defineTask(UPLOAD_TASK, async () => {
  try {
    await uploadPending();
    return BackgroundTask.BackgroundTaskResult.Success;
  } catch {
    return BackgroundTask.BackgroundTaskResult.Failed;
  }
});
`,
        'App.tsx': `import { useEffect } from 'react';
import * as BackgroundTask from 'expo-background-task';
import { UPLOAD_TASK } from './src/background/upload';

export default function App() {
  useEffect(() => {
    BackgroundTask.registerTaskAsync(UPLOAD_TASK, { minimumInterval: 60 });
  }, []);
  return null;
}
`,
      },
    },
    {
      name: 'named import at top level',
      files: {
        'app.json': appJson,
        'src/tasks.ts': `import { defineTask } from 'expo-task-manager';
import { BackgroundTaskResult } from 'expo-background-task';

defineTask('plan-sync', async () => BackgroundTaskResult.Success);
`,
      },
    },
    {
      name: 'top-level if and try blocks still run when the module loads',
      files: {
        'app.json': appJson,
        'index.ts': `import { Platform } from 'react-native';
import * as TaskManager from 'expo-task-manager';
import * as BackgroundTask from 'expo-background-task';

if (Platform.OS === 'ios') {
  TaskManager.defineTask('ios-only-sync', async () => BackgroundTask.BackgroundTaskResult.Success);
}

try {
  TaskManager.defineTask('metrics-flush', async () => BackgroundTask.BackgroundTaskResult.Success);
} catch (error) {
  console.warn('task manager unavailable', error);
}
`,
      },
    },
    {
      name: 'a job queue’s defineTask inside an effect is not expo-task-manager',
      files: {
        'app.json': appJson,
        'src/hooks/useOfflineUploads.ts': `import { useEffect } from 'react';
import { JobQueue } from '../lib/jobQueue';

const queue = new JobQueue();

export function useOfflineUploads() {
  useEffect(() => {
    queue.defineTask('workout-upload', async (job) => {
      await job.run();
    });
  }, []);
}
`,
      },
    },
    {
      name: 'a local module named TaskManager is not expo-task-manager',
      files: {
        'app.json': appJson,
        'src/screens/Settings.tsx': `import { useEffect } from 'react';
import * as TaskManager from '../lib/TaskManager';

export function Settings() {
  useEffect(() => {
    TaskManager.defineTask('refresh-settings', () => undefined);
  }, []);
  return null;
}
`,
      },
    },
    {
      name: 'CommonJS require at top level',
      files: {
        'app.json': appJson,
        'src/tasks.js': `const TaskManager = require('expo-task-manager');
const BackgroundTask = require('expo-background-task');

TaskManager.defineTask('sync-plan', async () => {
  return BackgroundTask.BackgroundTaskResult.Success;
});
`,
      },
    },
    {
      name: 'silenced with bgtasks-disable-next-line',
      files: {
        'app.json': appJson,
        'src/tasks.ts': `import * as TaskManager from 'expo-task-manager';
import * as BackgroundTask from 'expo-background-task';

// Called synchronously from index.ts before registerRootComponent.
export function defineAllTasks() {
  // bgtasks-disable-next-line expo-define-task-scope
  TaskManager.defineTask('sync-plan', async () => BackgroundTask.BackgroundTaskResult.Success);
}
`,
      },
    },
  ],
  invalid: [
    {
      name: 'defined in a helper that a component calls from an effect',
      files: {
        'app.json': appJson,
        'src/background/tasks.ts': taskHelper.replace('%sTaskManager.defineTask%s', 'TaskManager.«defineTask»'),
        'app/_layout.tsx': `import { useEffect } from 'react';
import { Stack } from 'expo-router';
import { defineBackgroundTasks } from '../src/background/tasks';

export default function RootLayout() {
  useEffect(() => {
    defineBackgroundTasks();
  }, []);
  return <Stack />;
}
`,
      },
    },
    {
      name: 'inside a component’s useEffect',
      files: {
        'app.json': appJson,
        'App.tsx': `import { useEffect } from 'react';
import * as BackgroundTask from 'expo-background-task';
import * as TaskManager from 'expo-task-manager';

const PLAN_SYNC_TASK = 'training-plan-sync';

export default function App() {
  useEffect(() => {
    TaskManager.«defineTask»(PLAN_SYNC_TASK, async () => {
      return BackgroundTask.BackgroundTaskResult.Success;
    });
    BackgroundTask.registerTaskAsync(PLAN_SYNC_TASK, { minimumInterval: 15 });
  }, []);
  return null;
}
`,
      },
      expect: [{ message: 'must run at module top level', severity: 'error' }],
    },
    {
      name: 'inside a custom hook, with the named import',
      files: {
        'app.json': appJson,
        'src/hooks/useBackgroundUpload.ts': `import { useEffect } from 'react';
import { defineTask } from 'expo-task-manager';
import { BackgroundTaskResult, registerTaskAsync } from 'expo-background-task';

export function useBackgroundUpload(upload: () => Promise<void>) {
  «defineTask»('workouts-upload', async () => {
    await upload();
    return BackgroundTaskResult.Success;
  });
  useEffect(() => {
    registerTaskAsync('workouts-upload', { minimumInterval: 30 });
  }, []);
}
`,
      },
    },
    {
      name: 'in a class component’s componentDidMount',
      files: {
        'app.json': appJson,
        'src/App.js': `import React from 'react';
import * as TaskManager from 'expo-task-manager';
import * as BackgroundTask from 'expo-background-task';

export default class App extends React.Component {
  componentDidMount() {
    TaskManager.«defineTask»('sync-plan', async () => BackgroundTask.BackgroundTaskResult.Success);
  }

  render() {
    return null;
  }
}
`,
      },
    },
    {
      name: 'after an await in a setup function',
      files: {
        'app.json': appJson,
        'src/background/setup.ts': `import * as TaskManager from 'expo-task-manager';
import * as BackgroundTask from 'expo-background-task';
import { loadSettings } from '../settings';

export async function setUpBackgroundWork() {
  const settings = await loadSettings();
  if (!settings.backgroundSync) return;
  TaskManager.«defineTask»('sync-plan', async () => BackgroundTask.BackgroundTaskResult.Success);
  await BackgroundTask.registerTaskAsync('sync-plan', { minimumInterval: 60 });
}
`,
      },
    },
    {
      name: 'in a promise callback at top level (runs after the module loaded)',
      files: {
        'app.json': appJson,
        'index.js': `import * as TaskManager from 'expo-task-manager';
import * as BackgroundTask from 'expo-background-task';
import { registerRootComponent } from 'expo';
import { loadFlags } from './src/flags';
import App from './App';

loadFlags().then((flags) => {
  if (flags.planSync) {
    TaskManager.«defineTask»('sync-plan', async () => BackgroundTask.BackgroundTaskResult.Success);
  }
});

registerRootComponent(App);
`,
      },
    },
    {
      name: 'in a button handler',
      files: {
        'app.json': appJson,
        'src/screens/Settings.tsx': `import { Button } from 'react-native';
import * as TaskManager from 'expo-task-manager';
import * as BackgroundTask from 'expo-background-task';

export function Settings() {
  const enable = async () => {
    TaskManager.«defineTask»('nightly-export', async () => BackgroundTask.BackgroundTaskResult.Success);
    await BackgroundTask.registerTaskAsync('nightly-export', { minimumInterval: 24 * 60 });
  };
  return <Button title="Export nightly" onPress={enable} />;
}
`,
      },
    },
  ],
});
