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

/** A module that defines `name` at top level and registers it with the given options text. */
const register = (options: string, name = 'workouts-upload') => `import * as BackgroundTask from 'expo-background-task';
import * as TaskManager from 'expo-task-manager';

TaskManager.defineTask('${name}', async () => BackgroundTask.BackgroundTaskResult.Success);

export async function enableBackgroundWork() {
  await BackgroundTask.registerTaskAsync('${name}', ${options});
}
`;

ruleTester('expo-minimum-interval-units', {
  valid: [
    {
      name: 'fifteen minutes (the minimum)',
      files: { 'app.json': appJson, 'src/background.ts': register('{ minimumInterval: 15 }') },
    },
    {
      name: 'six hours in minutes',
      files: { 'app.json': appJson, 'src/background.ts': register('{ minimumInterval: 360 }') },
    },
    {
      name: 'a daily task: 1440 minutes',
      files: { 'app.json': appJson, 'src/background.ts': register('{ minimumInterval: 1440 }', 'daily-digest') },
    },
    {
      name: 'a weekly task: 10080 minutes',
      files: { 'app.json': appJson, 'src/background.ts': register('{ minimumInterval: 10080 }', 'weekly-plan') },
    },
    {
      name: 'written as an expression',
      files: { 'app.json': appJson, 'src/background.ts': register('{ minimumInterval: 12 * 60 }') },
    },
    {
      name: 'no options: the default applies',
      files: { 'app.json': appJson, 'src/background.ts': register('undefined') },
    },
    {
      name: 'expo-background-fetch takes seconds (another module)',
      files: {
        'app.json': `{
  "expo": {
    "name": "Legacy",
    "slug": "legacy",
    "ios": { "bundleIdentifier": "com.example.legacy", "infoPlist": { "UIBackgroundModes": ["fetch"] } },
    "plugins": ["expo-background-fetch"]
  }
}
`,
        'src/legacyFetch.ts': `import * as BackgroundFetch from 'expo-background-fetch';
import * as TaskManager from 'expo-task-manager';

TaskManager.defineTask('legacy-refresh', async () => BackgroundFetch.BackgroundFetchResult.NewData);

export function enableLegacyRefresh() {
  return BackgroundFetch.registerTaskAsync('legacy-refresh', { minimumInterval: 900, stopOnTerminate: false });
}
`,
      },
    },
    {
      name: 'silenced with bgtasks-disable-next-line',
      files: {
        'app.json': appJson,
        'src/background.ts': register(`{
    // Fifteen hours, really: the plan changes overnight.
    // bgtasks-disable-next-line expo-minimum-interval-units
    minimumInterval: 900,
  }`),
      },
    },
  ],
  invalid: [
    {
      name: 'options held in a constant and cast',
      files: {
        'app.json': appJson,
        'src/background.ts': `import * as BackgroundTask from 'expo-background-task';
import * as TaskManager from 'expo-task-manager';

TaskManager.defineTask('workouts-upload', async () => BackgroundTask.BackgroundTaskResult.Success);

const OPTIONS = { minimumInterval: «900» } as BackgroundTask.BackgroundTaskOptions;

export async function enableBackgroundWork() {
  await BackgroundTask.registerTaskAsync('workouts-upload', OPTIONS);
}
`,
      },
    },
    {
      name: '900: fifteen minutes written in seconds',
      files: { 'app.json': appJson, 'App.tsx': register('{ minimumInterval: «900» }') },
      expect: [{ message: 'minimumInterval 900 looks like seconds, but expo-background-task takes minutes: this asks for at least 15 hours between runs. For 15 minutes, write 15.', severity: 'warning' }],
      output: { 'App.tsx': register('{ minimumInterval: 15 }') },
    },
    {
      name: 'an hour in seconds',
      files: { 'app.json': appJson, 'src/background.ts': register('{ minimumInterval: «3600» }') },
      output: { 'src/background.ts': register('{ minimumInterval: 60 }') },
    },
    {
      name: 'two hours in seconds (also five days in minutes)',
      files: { 'app.json': appJson, 'src/background.ts': register('{ minimumInterval: «7200» }') },
      output: { 'src/background.ts': register('{ minimumInterval: 120 }') },
    },
    {
      name: 'a day in seconds',
      files: { 'app.json': appJson, 'src/background.ts': register('{ minimumInterval: «86400» }', 'daily-digest') },
      expect: [{ message: 'For 1440 minutes, write 1440.' }],
      output: { 'src/background.ts': register('{ minimumInterval: 1440 }', 'daily-digest') },
    },
    {
      name: 'named import, in a settings handler',
      files: {
        'app.json': appJson,
        'src/screens/Settings.tsx': `import { Switch } from 'react-native';
import { registerTaskAsync, unregisterTaskAsync } from 'expo-background-task';
import { PLAN_SYNC_TASK } from '../background/tasks';

export function PlanSyncSwitch({ value }: { value: boolean }) {
  const toggle = async (on: boolean) => {
    if (on) await registerTaskAsync(PLAN_SYNC_TASK, { minimumInterval: «1800» });
    else await unregisterTaskAsync(PLAN_SYNC_TASK);
  };
  return <Switch value={value} onValueChange={toggle} />;
}
`,
        'src/background/tasks.ts': `import * as TaskManager from 'expo-task-manager';
import * as BackgroundTask from 'expo-background-task';

export const PLAN_SYNC_TASK = 'training-plan-sync';

TaskManager.defineTask(PLAN_SYNC_TASK, async () => BackgroundTask.BackgroundTaskResult.Success);
`,
      },
      output: {
        'src/screens/Settings.tsx': `import { Switch } from 'react-native';
import { registerTaskAsync, unregisterTaskAsync } from 'expo-background-task';
import { PLAN_SYNC_TASK } from '../background/tasks';

export function PlanSyncSwitch({ value }: { value: boolean }) {
  const toggle = async (on: boolean) => {
    if (on) await registerTaskAsync(PLAN_SYNC_TASK, { minimumInterval: 30 });
    else await unregisterTaskAsync(PLAN_SYNC_TASK);
  };
  return <Switch value={value} onValueChange={toggle} />;
}
`,
      },
    },
    {
      name: 'over a day in minutes but not whole minutes in seconds (no fix)',
      files: { 'app.json': appJson, 'src/background.ts': register('{ minimumInterval: «2000» }') },
      expect: [{ message: 'this asks for at least 33.3 hours between runs' }],
    },
  ],
});
