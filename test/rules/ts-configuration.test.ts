/**
 * The configuration rules on TypeScript/JavaScript apps: identifiers and modes that react-native-background-fetch,
 * expo-background-task, @capacitor/background-runner and NativeScript code needs from the app's Info.plist (under
 * ios/ or App_Resources/iOS/), or, in a managed Expo app, from app.json's expo.ios.infoPlist and config plugins.
 */
import { infoPlist } from '../helpers/project';
import { ruleTester } from './ruleTester';

const mark = (text: string, what: string) => text.replace(what, `«${what}»`);
const markKey = (plist: string, key: string) => mark(plist, key);

// ---------------------------------------------------------------------------------------------------------------
// Sources

/** react-native-background-fetch: configure at launch (com.transistorsoft.fetch) and optional scheduleTask ids. */
const rnbfSource = (...taskIds: string[]) => `import BackgroundFetch from 'react-native-background-fetch';

export async function initBackgroundFetch() {
  await BackgroundFetch.configure(
    { minimumFetchInterval: 15 },
    async (taskId) => {
      await refreshFeeds();
      BackgroundFetch.finish(taskId);
    },
    (taskId) => BackgroundFetch.finish(taskId),
  );
}
${taskIds.map((id, i) => `
export function schedule${i}() {
  return BackgroundFetch.scheduleTask({ taskId: '${id}', delay: 60 * 60 * 1000, periodic: true });
}
`).join('')}`;

/** expo-background-task: one task defined at top level and registered. */
const expoSource = `import * as BackgroundTask from 'expo-background-task';
import * as TaskManager from 'expo-task-manager';

export const UPLOAD_TASK = 'workouts-upload';

TaskManager.defineTask(UPLOAD_TASK, async () => {
  await uploadPending();
  return BackgroundTask.BackgroundTaskResult.Success;
});

export async function enableBackgroundUpload() {
  await BackgroundTask.registerTaskAsync(UPLOAD_TASK, { minimumInterval: 360 });
}
`;

/** A managed Expo app.json with the given ios.infoPlist body and plugins. */
const expoAppJson = (infoPlistBody: string | undefined, plugins: string[] = ['expo-background-task']) => `{
  "expo": {
    "name": "Fitness",
    "slug": "fitness",
    "ios": {
      "bundleIdentifier": "com.example.fitness"${infoPlistBody === undefined ? '' : `,
      "infoPlist": {
${infoPlistBody}
      }`}
    },
    "plugins": [${plugins.map((p) => JSON.stringify(p)).join(', ')}]
  }
}
`;

/** capacitor.config.ts for @capacitor/background-runner. */
const capacitorConfig = (label: string, autoStart = true) => `import type { CapacitorConfig } from '@capacitor/cli';

const config: CapacitorConfig = {
  appId: 'com.example.notes',
  appName: 'Notes',
  webDir: 'dist',
  plugins: {
    BackgroundRunner: {
      label: '${label}',
      src: 'runners/background.js',
      event: 'backupNotes',
      repeat: true,
      interval: 60,
      autoStart: ${autoStart},
    },
  },
};

export default config;
`;

/**
 * A NativeScript delegate that registers each id at launch (refresh tasks) and submits `submit` from
 * `submitFrom` (a method of the delegate, or a pending-request check).
 */
const nsDelegate = (o: { register: string[]; submit?: string; submitFrom?: 'launch' | 'background' | 'pending'; request?: string }) => {
  const req = o.request ?? 'BGAppRefreshTaskRequest';
  const submit = o.submit
    ? `const request = ${req}.alloc().initWithIdentifier('${o.submit}');
    request.earliestBeginDate = NSDate.dateWithTimeIntervalSinceNow(30 * 60);
    try {
      BGTaskScheduler.sharedScheduler.submitTaskRequestError(request);
    } catch (error) {
      console.error(\`could not schedule: \${error}\`);
    }`
    : '';
  const pending = `BGTaskScheduler.sharedScheduler.getPendingTaskRequestsWithCompletionHandler((requests) => {
      for (let i = 0; i < requests.count; i++) {
        if (requests.objectAtIndex(i).identifier === '${o.submit}') return;
      }
      ${submit.split('\n').join('\n  ')}
    });`;
  const from = o.submitFrom ?? 'background';
  return `import { handleTask } from './tasks';

@NativeClass()
export class NewsAppDelegate extends UIResponder implements UIApplicationDelegate {
  public static ObjCProtocols = [UIApplicationDelegate];

  applicationDidFinishLaunchingWithOptions(application: UIApplication, launchOptions: NSDictionary<string, any>): boolean {
${o.register.map((id) => `    BGTaskScheduler.sharedScheduler.registerForTaskWithIdentifierUsingQueueLaunchHandler('${id}', null, handleTask);\n`).join('')}${from === 'launch' ? `    ${submit}\n` : from === 'pending' ? `    ${pending}\n` : ''}    return true;
  }

  applicationDidEnterBackground(application: UIApplication): void {
${from === 'background' ? `    ${submit}\n` : ''}  }
}
`;
};

/** app/tasks.ts: the shared NativeScript launch handler. */
const nsTasks = `export function handleTask(task: BGTask): void {
  task.expirationHandler = () => task.setTaskCompletedWithSuccess(false);
  refresh().then(
    () => task.setTaskCompletedWithSuccess(true),
    () => task.setTaskCompletedWithSuccess(false),
  );
}
`;

const plist = (ids: string[] | null, modes: string[] | null = ['fetch', 'processing']) => infoPlist({ ids, modes });

// ---------------------------------------------------------------------------------------------------------------

ruleTester('unpermitted-identifier', {
  valid: [
    {
      name: 'RNBF: the library id and a prefixed scheduleTask id are permitted',
      files: {
        'src/background.js': rnbfSource('com.transistorsoft.podcast.cleanup'),
        'ios/Podcast/Info.plist': plist(['com.transistorsoft.fetch', 'com.transistorsoft.podcast.cleanup']),
      },
    },
    {
      name: 'Expo managed: the config plugin adds the task id at prebuild',
      files: { 'app.json': expoAppJson(undefined), 'src/uploadTask.ts': expoSource },
    },
    {
      name: 'Expo managed with a dynamic app.config.ts: what prebuild writes is unknown, so nothing is judged',
      files: {
        'app.json': expoAppJson(undefined, []),
        'app.config.ts': `import type { ConfigContext, ExpoConfig } from 'expo/config';

export default ({ config }: ConfigContext): ExpoConfig => ({
  ...config,
  name: 'Fitness',
  slug: 'fitness',
  plugins: [...(config.plugins ?? []), 'expo-background-task'],
});
`,
        'src/uploadTask.ts': expoSource,
      },
    },
    {
      name: 'Expo bare: ios/ permits the task id (app.json no longer applies)',
      files: {
        'app.json': expoAppJson(`        "BGTaskSchedulerPermittedIdentifiers": []`, []),
        'src/uploadTask.ts': expoSource,
        'ios/Fitness/Info.plist': plist(['com.expo.modules.backgroundtask.processing']),
      },
    },
    {
      name: 'Capacitor: the runner label is permitted',
      files: {
        'capacitor.config.ts': capacitorConfig('com.example.notes.backup'),
        'ios/App/App/Info.plist': plist(['com.example.notes.backup']),
      },
    },
    {
      name: 'NativeScript: App_Resources plist permits the registered and submitted id',
      files: {
        'app/ios/delegate.ts': nsDelegate({ register: ['org.nativescript.news.refresh'], submit: 'org.nativescript.news.refresh' }),
        'app/ios/tasks.ts': nsTasks,
        'App_Resources/iOS/Info.plist': plist(['org.nativescript.news.refresh']),
      },
    },
    {
      name: 'ids that are only cancelled, looked up or dispatched are not judged',
      files: {
        'src/background.ts': `import BackgroundFetch from 'react-native-background-fetch';
import { BackgroundRunner } from '@capacitor/background-runner';

export async function cleanUp() {
  await BackgroundFetch.stop('com.transistorsoft.old-task');
  await BackgroundRunner.dispatchEvent({ label: 'com.example.unlisted', event: 'backup', details: {} });
}
`,
        'ios/App/Info.plist': plist(['com.transistorsoft.fetch']),
      },
    },
    {
      name: 'monorepo: each JS app is judged against its own plist',
      files: {
        'apps/mobile/package.json': '{ "name": "mobile", "private": true }\n',
        'apps/mobile/src/background.ts': rnbfSource('com.transistorsoft.harbor.sync'),
        'apps/mobile/ios/Harbor/Info.plist': plist(['com.transistorsoft.fetch', 'com.transistorsoft.harbor.sync']),
        'apps/notes/package.json': '{ "name": "notes", "private": true }\n',
        'apps/notes/capacitor.config.ts': capacitorConfig('com.example.notes.backup'),
        'apps/notes/ios/App/App/Info.plist': plist(['com.example.notes.backup']),
      },
    },
  ],
  invalid: [
    {
      name: 'RNBF: com.transistorsoft.fetch missing, reported at the plist key',
      files: {
        'src/background.js': rnbfSource(),
        'ios/Podcast/Info.plist': markKey(plist(['com.example.podcast.legacy']), 'BGTaskSchedulerPermittedIdentifiers'),
      },
      expect: [{ message: 'does not permit "com.transistorsoft.fetch", which react-native-background-fetch registers and submits', severity: 'error' }],
      output: { 'ios/Podcast/Info.plist': plist(['com.example.podcast.legacy', 'com.transistorsoft.fetch']) },
    },
    {
      name: 'RNBF: a scheduleTask id missing from the plist, reported at the taskId',
      files: {
        'src/background.js': mark(rnbfSource('com.transistorsoft.podcast.cleanup'), `'com.transistorsoft.podcast.cleanup'`),
        'ios/Podcast/Info.plist': plist(['com.transistorsoft.fetch']),
      },
      output: { 'ios/Podcast/Info.plist': plist(['com.transistorsoft.fetch', 'com.transistorsoft.podcast.cleanup']) },
    },
    {
      name: 'Expo bare: an emptied permitted list',
      files: {
        'src/uploadTask.ts': expoSource,
        'ios/Fitness/Info.plist': markKey(plist([]), 'BGTaskSchedulerPermittedIdentifiers'),
      },
      expect: [{ message: 'does not permit "com.expo.modules.backgroundtask.processing", which expo-background-task registers and submits' }],
    },
    {
      name: 'Expo managed: no plugin, and infoPlist lists other ids only',
      files: {
        'app.json': mark(expoAppJson(`        "BGTaskSchedulerPermittedIdentifiers": ["com.example.fitness.sync"],
        "UIBackgroundModes": ["processing"]`, ['expo-router']), '"BGTaskSchedulerPermittedIdentifiers"'),
        'src/uploadTask.ts': expoSource,
      },
      expect: [{ message: 'app.json does not list the expo-background-task config plugin in expo.plugins' }],
      output: {
        'app.json': expoAppJson(`        "BGTaskSchedulerPermittedIdentifiers": ["com.example.fitness.sync"],
        "UIBackgroundModes": ["processing"]`, ['expo-router', 'expo-background-task']),
      },
    },
    {
      name: 'Expo managed: no plugins list and no infoPlist (reported at "ios", the fix adds the list)',
      files: {
        'app.json': `{
  "expo": {
    "name": "Fitness",
    «"ios"»: {
      "bundleIdentifier": "com.example.fitness"
    }
  }
}
`,
        'src/uploadTask.ts': expoSource,
      },
      output: {
        'app.json': `{
  "expo": {
    "name": "Fitness",
    "ios": {
      "bundleIdentifier": "com.example.fitness"
    },
    "plugins": ["expo-background-task"]
  }
}
`,
      },
    },
    {
      name: 'Capacitor: an unpermitted label that autoStart also submits is reported once',
      files: {
        'capacitor.config.ts': mark(capacitorConfig('com.example.notes.backup', true), `'com.example.notes.backup'`),
        'ios/App/App/Info.plist': plist(['com.example.notes.sync']),
      },
    },
    {
      name: 'Capacitor: the label differs from the permitted id',
      files: {
        // autoStart: false keeps this about registration (BackgroundRunnerPlugin.registerBackgroundTask()).
        'capacitor.config.ts': mark(capacitorConfig('com.example.notes.backup', false), `'com.example.notes.backup'`),
        'ios/App/App/Info.plist': plist(['com.example.notes.backups']),
      },
      expect: [{ message: '"com.example.notes.backup" is registered by the library here but is not in BGTaskSchedulerPermittedIdentifiers of ios/App/App/Info.plist' }],
    },
    {
      name: 'Capacitor: the label in capacitor.config.json',
      files: {
        'capacitor.config.json': `{
  "appId": "com.example.notes",
  "plugins": { "BackgroundRunner": { "label": «"com.example.notes.backup"», "src": "runners/background.js", "autoStart": false } }
}
`,
        'ios/App/App/Info.plist': plist(['com.example.notes.sync']),
      },
    },
    {
      name: 'NativeScript: a misspelt plist entry fails both the register and the submit',
      files: {
        'app/ios/delegate.ts': nsDelegate({ register: ['org.nativescript.news.refresh'], submit: 'org.nativescript.news.refresh' })
          .replace(`registerForTaskWithIdentifierUsingQueueLaunchHandler('org.nativescript.news.refresh'`, `registerForTaskWithIdentifierUsingQueueLaunchHandler(«'org.nativescript.news.refresh'»`)
          .replace(`initWithIdentifier('org.nativescript.news.refresh')`, `initWithIdentifier(«'org.nativescript.news.refresh'»)`),
        'app/ios/tasks.ts': nsTasks,
        'App_Resources/iOS/Info.plist': plist(['org.nativescript.news.refrsh']),
      },
      expect: [{ message: '"org.nativescript.news.refresh" is registered here' }, { message: '"org.nativescript.news.refresh" is submitted here' }],
    },
    {
      name: 'monorepo: an id permitted only by the other app',
      files: {
        'apps/mobile/package.json': '{ "name": "mobile", "private": true }\n',
        'apps/mobile/src/background.ts': mark(rnbfSource('com.transistorsoft.notes.sync'), `'com.transistorsoft.notes.sync'`),
        'apps/mobile/ios/Harbor/Info.plist': plist(['com.transistorsoft.fetch']),
        'apps/notes/package.json': '{ "name": "notes", "private": true }\n',
        'apps/notes/src/background.ts': rnbfSource('com.transistorsoft.notes.sync'),
        'apps/notes/ios/Notes/Info.plist': plist(['com.transistorsoft.fetch', 'com.transistorsoft.notes.sync']),
      },
    },
  ],
});

ruleTester('unused-permitted-identifier', {
  valid: [
    {
      name: 'RNBF: library-owned ids are registered natively',
      files: {
        'src/background.js': rnbfSource(),
        'ios/Podcast/Info.plist': plist(['com.transistorsoft.fetch', 'com.transistorsoft.podcast.cleanup']),
      },
    },
    {
      name: 'Expo bare: the expo-background-task id',
      files: { 'src/uploadTask.ts': expoSource, 'ios/Fitness/Info.plist': plist(['com.expo.modules.backgroundtask.processing']) },
    },
    {
      name: 'Capacitor: the runner label registers and (autoStart) submits the id',
      files: {
        'capacitor.config.ts': capacitorConfig('com.example.notes.backup'),
        'ios/App/App/Info.plist': plist(['com.example.notes.backup']),
      },
    },
    {
      name: 'NativeScript: registered at launch, submitted behind a pending-request check',
      files: {
        'app/ios/delegate.ts': nsDelegate({ register: ['org.nativescript.news.refresh'], submit: 'org.nativescript.news.refresh', submitFrom: 'pending' }),
        'app/ios/tasks.ts': nsTasks,
        'App_Resources/iOS/Info.plist': plist(['org.nativescript.news.refresh']),
      },
    },
    {
      name: 'Expo managed: ids listed in app.json that code registers',
      files: {
        'app.json': expoAppJson(`        "BGTaskSchedulerPermittedIdentifiers": ["com.expo.modules.backgroundtask.processing"]`),
        'src/uploadTask.ts': expoSource,
      },
    },
  ],
  invalid: [
    {
      name: 'NativeScript: a misspelt entry nothing registers (fix removes it)',
      files: {
        'app/ios/delegate.ts': nsDelegate({ register: ['org.nativescript.news.refresh'], submit: 'org.nativescript.news.refresh' }),
        'app/ios/tasks.ts': nsTasks,
        'App_Resources/iOS/Info.plist': mark(plist(['org.nativescript.news.refresh', 'org.nativescript.news.refrsh']), 'org.nativescript.news.refrsh'),
      },
      expect: [{ message: '"org.nativescript.news.refrsh" is permitted in App_Resources/iOS/Info.plist but no code registers a launch handler for it', severity: 'warning' }],
      output: { 'App_Resources/iOS/Info.plist': plist(['org.nativescript.news.refresh']) },
    },
    {
      name: 'Capacitor: the old label left in the plist',
      files: {
        'capacitor.config.ts': capacitorConfig('com.example.notes.backup'),
        'ios/App/App/Info.plist': mark(plist(['com.example.notes.background', 'com.example.notes.backup']), 'com.example.notes.background'),
      },
      output: { 'ios/App/App/Info.plist': plist(['com.example.notes.backup']) },
    },
    {
      name: 'RNBF: an unprefixed id the library never registers',
      files: {
        'src/background.js': rnbfSource('podcast.prefetch'),
        'ios/Podcast/Info.plist': mark(plist(['com.transistorsoft.fetch', 'podcast.prefetch']), 'podcast.prefetch'),
      },
    },
    {
      name: 'Expo managed: a stale id in app.json infoPlist',
      files: {
        'app.json': mark(expoAppJson(`        "BGTaskSchedulerPermittedIdentifiers": ["com.example.fitness.sync"]`), '"com.example.fitness.sync"'),
        'src/uploadTask.ts': expoSource,
      },
      output: { 'app.json': expoAppJson(`        "BGTaskSchedulerPermittedIdentifiers": []`) },
    },
    {
      name: 'Expo managed: one stale id among several (the fix removes it and its comma)',
      files: {
        'app.json': mark(expoAppJson(`        "BGTaskSchedulerPermittedIdentifiers": [
          "com.expo.modules.backgroundtask.processing",
          "com.example.fitness.sync"
        ]`), '"com.example.fitness.sync"'),
        'src/uploadTask.ts': expoSource,
      },
      output: {
        'app.json': expoAppJson(`        "BGTaskSchedulerPermittedIdentifiers": [
          "com.expo.modules.backgroundtask.processing"
        ]`),
      },
    },
    {
      name: 'NativeScript: registered but never submitted (info, at the register call)',
      files: {
        'app/ios/delegate.ts': mark(nsDelegate({ register: ['org.nativescript.news.cleanup'] }), `'org.nativescript.news.cleanup'`),
        'app/ios/tasks.ts': nsTasks,
        'App_Resources/iOS/Info.plist': plist(['org.nativescript.news.cleanup']),
      },
      expect: [{ message: 'is registered but never submitted', severity: 'info' }],
    },
  ],
});

ruleTester('submit-without-handler', {
  valid: [
    {
      name: 'NativeScript: submitted id registered in the delegate',
      files: {
        'app/ios/delegate.ts': nsDelegate({ register: ['org.nativescript.news.refresh'], submit: 'org.nativescript.news.refresh' }),
        'app/ios/tasks.ts': nsTasks,
        'App_Resources/iOS/Info.plist': plist(['org.nativescript.news.refresh']),
      },
    },
    {
      name: 'NativeScript: the resubmit in another file uses a constant with the registered value',
      files: {
        'app/ios/delegate.ts': nsDelegate({ register: ['org.nativescript.news.refresh'] }),
        'app/ios/tasks.ts': nsTasks,
        'app/background/schedule.ts': `export const REFRESH_TASK = 'org.nativescript.news.refresh';

export function scheduleNextRefresh(): void {
  const request = BGAppRefreshTaskRequest.alloc().initWithIdentifier(REFRESH_TASK);
  BGTaskScheduler.sharedScheduler.submitTaskRequestError(request, new interop.Reference<NSError>());
}
`,
        'App_Resources/iOS/Info.plist': plist(['org.nativescript.news.refresh']),
      },
    },
    {
      name: 'library submits: RNBF scheduleTask, Expo and Capacitor register natively',
      files: {
        'src/background.js': rnbfSource('com.transistorsoft.podcast.cleanup'),
        'src/uploadTask.ts': expoSource,
        'capacitor.config.ts': capacitorConfig('com.example.notes.backup'),
        'ios/App/App/Info.plist': plist(['com.transistorsoft.fetch', 'com.transistorsoft.podcast.cleanup', 'com.expo.modules.backgroundtask.processing', 'com.example.notes.backup']),
      },
    },
  ],
  invalid: [
    {
      name: 'NativeScript: submit of an id that is registered under another name',
      files: {
        'app/ios/delegate.ts': mark(nsDelegate({ register: ['org.nativescript.news.refresh'], submit: 'org.nativescript.news.refesh' }), `'org.nativescript.news.refesh'`),
        'app/ios/tasks.ts': nsTasks,
        'App_Resources/iOS/Info.plist': plist(['org.nativescript.news.refresh', 'org.nativescript.news.refesh']),
      },
      expect: [{ message: '"org.nativescript.news.refesh" is submitted but no launch handler is registered for it', severity: 'error' }],
    },
    {
      name: 'NativeScript: a processing request whose handler was never registered',
      files: {
        'app/ios/delegate.ts': nsDelegate({ register: ['org.nativescript.news.refresh'] }),
        'app/ios/tasks.ts': nsTasks,
        'app/background/cleanup.ts': `export function scheduleCacheCleanup(): void {
  const request = BGProcessingTaskRequest.alloc().initWithIdentifier(«'org.nativescript.news.cleanup'»);
  request.requiresExternalPower = true;
  const error = new interop.Reference<NSError>();
  if (!BGTaskScheduler.sharedScheduler.submitTaskRequestError(request, error)) {
    console.error(\`could not schedule the cleanup: \${error.value}\`);
  }
}
`,
        'App_Resources/iOS/Info.plist': plist(['org.nativescript.news.refresh', 'org.nativescript.news.cleanup']),
      },
    },
  ],
});

ruleTester('submit-on-every-launch', {
  valid: [
    {
      name: 'NativeScript: submit from applicationDidEnterBackground',
      files: {
        'app/ios/delegate.ts': nsDelegate({ register: ['org.nativescript.news.refresh'], submit: 'org.nativescript.news.refresh', submitFrom: 'background' }),
        'app/ios/tasks.ts': nsTasks,
        'App_Resources/iOS/Info.plist': plist(['org.nativescript.news.refresh']),
      },
    },
    {
      name: 'NativeScript: submit at launch behind a pending-request check',
      files: {
        'app/ios/delegate.ts': nsDelegate({ register: ['org.nativescript.news.refresh'], submit: 'org.nativescript.news.refresh', submitFrom: 'pending' }),
        'app/ios/tasks.ts': nsTasks,
        'App_Resources/iOS/Info.plist': plist(['org.nativescript.news.refresh']),
      },
    },
    {
      name: 'RNBF: configure on every launch is what the library requires',
      files: {
        'App.tsx': `import { useEffect } from 'react';
import { initBackgroundFetch } from './src/background';

export default function App() {
  useEffect(() => {
    initBackgroundFetch();
  }, []);
  return null;
}
`,
        'src/background.js': rnbfSource(),
        'ios/Podcast/Info.plist': plist(['com.transistorsoft.fetch']),
      },
    },
    {
      name: 'Expo: registerTaskAsync from the root component',
      files: {
        'app.json': expoAppJson(undefined),
        'src/uploadTask.ts': expoSource,
        'App.tsx': `import { useEffect } from 'react';
import { enableBackgroundUpload } from './src/uploadTask';

export default function App() {
  useEffect(() => {
    enableBackgroundUpload();
  }, []);
  return null;
}
`,
      },
    },
  ],
  invalid: [
    {
      name: 'NativeScript: submitted directly in applicationDidFinishLaunchingWithOptions',
      files: {
        'app/ios/delegate.ts': nsDelegate({ register: ['org.nativescript.news.refresh'], submit: 'org.nativescript.news.refresh', submitFrom: 'launch' }).replace(
          `initWithIdentifier('org.nativescript.news.refresh')`,
          `initWithIdentifier(«'org.nativescript.news.refresh'»)`,
        ),
        'app/ios/tasks.ts': nsTasks,
        'App_Resources/iOS/Info.plist': plist(['org.nativescript.news.refresh']),
      },
      expect: [{ message: 'is submitted on every launch (from applicationDidFinishLaunchingWithOptions())', severity: 'warning' }],
      output: {
        'app/ios/delegate.ts': nsDelegate({ register: ['org.nativescript.news.refresh'], submit: 'org.nativescript.news.refresh', submitFrom: 'launch' }).replace(
          `      BGTaskScheduler.sharedScheduler.submitTaskRequestError(request);\n`,
          `      BGTaskScheduler.sharedScheduler.getPendingTaskRequestsWithCompletionHandler((requests) => {
        for (let i = 0; i < requests.count; i++) {
          if (requests.objectAtIndex(i).identifier === "org.nativescript.news.refresh") return;
        }
        BGTaskScheduler.sharedScheduler.submitTaskRequestError(request);
      });\n`,
        ),
      },
    },
    {
      name: 'NativeScript: submitted by a helper the launch method calls',
      files: {
        'app/ios/delegate.ts': nsDelegate({ register: ['org.nativescript.news.refresh'] }).replace(
          '    return true;\n  }\n\n  applicationDidEnterBackground',
          '    scheduleNextRefresh();\n    return true;\n  }\n\n  applicationDidEnterBackground',
        ).replace("import { handleTask } from './tasks';", "import { handleTask } from './tasks';\nimport { scheduleNextRefresh } from '../background/schedule';"),
        'app/ios/tasks.ts': nsTasks,
        'app/background/schedule.ts': `export function scheduleNextRefresh(): void {
  const request = BGAppRefreshTaskRequest.alloc().initWithIdentifier(«'org.nativescript.news.refresh'»);
  request.earliestBeginDate = NSDate.dateWithTimeIntervalSinceNow(3600);
  BGTaskScheduler.sharedScheduler.submitTaskRequestError(request, null);
}
`,
        'App_Resources/iOS/Info.plist': plist(['org.nativescript.news.refresh']),
      },
      expect: [{ message: 'via app/ios/delegate.ts:' }],
    },
  ],
});

ruleTester('missing-background-mode', {
  valid: [
    {
      name: 'RNBF: fetch for configure, processing for scheduleTask',
      files: {
        'src/background.js': rnbfSource('com.transistorsoft.podcast.cleanup'),
        'ios/Podcast/Info.plist': plist(['com.transistorsoft.fetch', 'com.transistorsoft.podcast.cleanup'], ['fetch', 'processing']),
      },
    },
    {
      name: 'Expo managed: the plugin adds processing; fetch is there for expo-task-manager',
      files: { 'app.json': expoAppJson(`        "UIBackgroundModes": ["fetch"]`), 'src/uploadTask.ts': expoSource },
    },
    {
      name: 'Capacitor: autoStart submits a refresh request, fetch is listed',
      files: {
        'capacitor.config.ts': capacitorConfig('com.example.notes.backup'),
        'ios/App/App/Info.plist': plist(['com.example.notes.backup'], ['fetch']),
      },
    },
    {
      name: 'NativeScript: refresh requests need fetch only',
      files: {
        'app/ios/delegate.ts': nsDelegate({ register: ['org.nativescript.news.refresh'], submit: 'org.nativescript.news.refresh' }),
        'app/ios/tasks.ts': nsTasks,
        'App_Resources/iOS/Info.plist': plist(['org.nativescript.news.refresh'], ['fetch']),
      },
    },
    {
      name: 'RNBF configure alone needs fetch only',
      files: { 'src/background.js': rnbfSource(), 'ios/Podcast/Info.plist': plist(['com.transistorsoft.fetch'], ['fetch', 'remote-notification']) },
    },
  ],
  invalid: [
    {
      name: 'RNBF: scheduleTask needs processing',
      files: {
        'src/background.js': rnbfSource('com.transistorsoft.podcast.cleanup'),
        'ios/Podcast/Info.plist': markKey(plist(['com.transistorsoft.fetch', 'com.transistorsoft.podcast.cleanup'], ['fetch']), 'UIBackgroundModes'),
      },
      expect: [{ message: 'lacks "processing", but BGProcessingTaskRequest is submitted (src/background.js:', severity: 'error' }],
      output: { 'ios/Podcast/Info.plist': plist(['com.transistorsoft.fetch', 'com.transistorsoft.podcast.cleanup'], ['fetch', 'processing']) },
    },
    {
      name: 'RNBF: configure needs fetch',
      files: {
        'src/background.js': rnbfSource(),
        'ios/Podcast/Info.plist': markKey(plist(['com.transistorsoft.fetch'], ['processing']), 'UIBackgroundModes'),
      },
      expect: [{ message: 'lacks "fetch", but BGAppRefreshTaskRequest is submitted' }],
      output: { 'ios/Podcast/Info.plist': plist(['com.transistorsoft.fetch'], ['processing', 'fetch']) },
    },
    {
      name: 'Expo bare: processing unchecked in the generated plist',
      files: {
        'src/uploadTask.ts': expoSource,
        'ios/Fitness/Info.plist': markKey(plist(['com.expo.modules.backgroundtask.processing'], ['fetch']), 'UIBackgroundModes'),
      },
      output: { 'ios/Fitness/Info.plist': plist(['com.expo.modules.backgroundtask.processing'], ['fetch', 'processing']) },
    },
    {
      name: 'Expo managed: without the plugin, app.json must list processing',
      files: {
        'app.json': mark(expoAppJson(`        "UIBackgroundModes": ["fetch"],
        "BGTaskSchedulerPermittedIdentifiers": ["com.expo.modules.backgroundtask.processing"]`, []), '"UIBackgroundModes"'),
        'src/uploadTask.ts': expoSource,
      },
      output: {
        'app.json': expoAppJson(`        "UIBackgroundModes": ["fetch", "processing"],
        "BGTaskSchedulerPermittedIdentifiers": ["com.expo.modules.backgroundtask.processing"]`, []),
      },
    },
    {
      name: 'Expo managed: a mode iOS does not know',
      files: {
        'app.json': mark(expoAppJson(`        "UIBackgroundModes": ["background-fetch"]`), '"background-fetch"'),
        'src/uploadTask.ts': expoSource,
      },
      expect: [{ message: '"background-fetch" is not a UIBackgroundModes value iOS knows; did you mean "fetch"?' }],
    },
    {
      name: 'Capacitor: a runner with autoStart needs fetch',
      files: {
        'capacitor.config.ts': capacitorConfig('com.example.notes.backup'),
        'ios/App/App/Info.plist': markKey(plist(['com.example.notes.backup'], ['processing']), 'UIBackgroundModes'),
      },
    },
    {
      name: 'NativeScript: a processing request with fetch only',
      files: {
        'app/ios/delegate.ts': nsDelegate({ register: ['org.nativescript.news.cleanup'], submit: 'org.nativescript.news.cleanup', request: 'BGProcessingTaskRequest' }),
        'app/ios/tasks.ts': nsTasks,
        'App_Resources/iOS/Info.plist': markKey(plist(['org.nativescript.news.cleanup'], ['fetch']), 'UIBackgroundModes'),
      },
      output: { 'App_Resources/iOS/Info.plist': plist(['org.nativescript.news.cleanup'], ['fetch', 'processing']) },
    },
  ],
});
