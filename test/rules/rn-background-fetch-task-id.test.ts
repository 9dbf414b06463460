import { infoPlist } from '../helpers/project';
import { ruleTester } from './ruleTester';

/** The plist of a React Native app that permits the library's refresh id and the given task ids. */
const plist = (...ids: string[]) => infoPlist({ ids: ['com.transistorsoft.fetch', ...ids], modes: ['fetch', 'processing'] });

ruleTester('rn-background-fetch-task-id', {
  valid: [
    {
      name: 'before 4.2.2 (package-lock says 4.1.9) unprefixed ids are registered by the library',
      files: {
        'src/background.ts': `import BackgroundFetch from 'react-native-background-fetch';

export function schedulePrefetch(): Promise<boolean> {
  return BackgroundFetch.scheduleTask({ taskId: 'podcast.prefetch', delay: 60000, periodic: false });
}
`,
        'package.json': '{ "name": "podcasts", "private": true, "dependencies": { "react-native-background-fetch": "^4.1.0" } }\n',
        'package-lock.json': '{ "lockfileVersion": 3, "packages": { "node_modules/react-native-background-fetch": { "version": "4.1.9" } } }\n',
      },
    },
    {
      name: 'literal taskId with the com.transistorsoft. prefix',
      files: {
        'src/background.ts': `import BackgroundFetch from 'react-native-background-fetch';

export function schedulePrefetch(): Promise<boolean> {
  return BackgroundFetch.scheduleTask({
    taskId: 'com.transistorsoft.podcast.prefetch',
    delay: 15 * 60 * 1000,
    periodic: false,
  });
}
`,
      },
    },
    {
      name: 'prefixed taskId from a constant in another module',
      files: {
        'src/tasks.ts': `export const CLEANUP_TASK = 'com.transistorsoft.podcast.cleanup';
`,
        'src/background.ts': `import BackgroundFetch from 'react-native-background-fetch';
import { CLEANUP_TASK } from './tasks';

export function scheduleCleanup() {
  return BackgroundFetch.scheduleTask({ taskId: CLEANUP_TASK, delay: 24 * 60 * 60 * 1000, periodic: true });
}
`,
      },
    },
    {
      name: 'another library’s scheduleTask (not react-native-background-fetch)',
      files: {
        'src/jobs.ts': `import BackgroundFetch from 'react-native-background-fetch';
import Scheduler from '@acme/job-scheduler';

export function queueUpload() {
  Scheduler.scheduleTask({ taskId: 'upload.photos', delay: 0 });
}

export function init() {
  return BackgroundFetch.configure({ minimumFetchInterval: 15 }, (taskId) => BackgroundFetch.finish(taskId), (taskId) => BackgroundFetch.finish(taskId));
}
`,
      },
    },
    {
      name: 'stop() and comparisons name the id but schedule nothing',
      files: {
        'src/background.js': `import BackgroundFetch from 'react-native-background-fetch';

export async function onEvent(taskId) {
  if (taskId === 'podcast.prefetch') {
    console.log('legacy task, ignoring');
  }
  BackgroundFetch.finish(taskId);
}

export function cancelLegacyPrefetch() {
  return BackgroundFetch.stop('podcast.prefetch');
}
`,
      },
    },
    {
      name: 'taskId computed at run time is not judged',
      files: {
        'src/background.ts': `import BackgroundFetch from 'react-native-background-fetch';

export function scheduleFor(feedId: string) {
  return BackgroundFetch.scheduleTask({ taskId: \`com.transistorsoft.feed.\${feedId}\`, delay: 60000 });
}

export function scheduleNamed(taskId: string) {
  return BackgroundFetch.scheduleTask({ taskId, delay: 60000 });
}
`,
      },
    },
    {
      name: 'CommonJS require with a prefixed id',
      files: {
        'src/background.js': `const BackgroundFetch = require('react-native-background-fetch');

module.exports.scheduleSync = () =>
  BackgroundFetch.scheduleTask({ taskId: 'com.transistorsoft.sync', delay: 5000, requiresNetworkConnectivity: true });
`,
      },
    },
    {
      name: 'silenced with bgtasks-disable-next-line',
      files: {
        'src/background.ts': `import BackgroundFetch from 'react-native-background-fetch';

export function scheduleLegacy() {
  return BackgroundFetch.scheduleTask({
    // Registered natively by our own AppDelegate, not by TSBackgroundFetch.
    // bgtasks-disable-next-line rn-background-fetch-task-id
    taskId: 'com.example.podcast.legacy',
    delay: 0,
  });
}
`,
      },
    },
  ],
  invalid: [
    {
      name: 'options cast to the library’s type, or held in a constant',
      files: {
        'src/background.ts': `import BackgroundFetch, { TaskConfig } from 'react-native-background-fetch';

const CLEANUP: TaskConfig = { taskId: «'podcast.cleanup'», delay: 0, periodic: false };

export async function scheduleAll() {
  await BackgroundFetch.scheduleTask({ taskId: «'podcast.prefetch'», delay: 0 } as TaskConfig);
  await BackgroundFetch.scheduleTask(({ taskId: «'podcast.sync'», delay: 0 }) satisfies TaskConfig);
  await BackgroundFetch.scheduleTask(CLEANUP);
}
`,
      },
    },
    {
      name: 'unprefixed literal taskId',
      files: {
        'src/background.js': `import BackgroundFetch from 'react-native-background-fetch';

export function schedulePrefetch() {
  return BackgroundFetch.scheduleTask({
    taskId: «'podcast.prefetch'»,
    delay: 15 * 60 * 1000,
    periodic: false,
  });
}
`,
        'ios/Podcast/Info.plist': plist('com.transistorsoft.podcast.prefetch'),
      },
      expect: [{ message: 'Use "com.transistorsoft.podcast.prefetch"', severity: 'error' }],
      output: {
        'src/background.js': `import BackgroundFetch from 'react-native-background-fetch';

export function schedulePrefetch() {
  return BackgroundFetch.scheduleTask({
    taskId: 'com.transistorsoft.podcast.prefetch',
    delay: 15 * 60 * 1000,
    periodic: false,
  });
}
`,
      },
    },
    {
      name: 'the app’s own reverse-DNS id',
      files: {
        'src/sync.ts': `import BackgroundFetch from 'react-native-background-fetch';

export async function scheduleBookingSync(): Promise<void> {
  await BackgroundFetch.scheduleTask({ taskId: «"com.example.harbor.sync"», delay: 60_000, periodic: true });
}
`,
      },
      expect: [{ message: '"com.example.harbor.sync" does not start with "com.transistorsoft."' }],
    },
    {
      name: 'unprefixed id from a constant in another module (reported at the use, no fix)',
      files: {
        'src/tasks.ts': `export const PREFETCH_TASK = 'podcast.prefetch';
`,
        'src/background.ts': `import BackgroundFetch from 'react-native-background-fetch';
import { PREFETCH_TASK } from './tasks';

export function schedulePrefetch() {
  return BackgroundFetch.scheduleTask({ taskId: «PREFETCH_TASK», delay: 900000 });
}
`,
      },
      expect: [{ message: 'taskId "podcast.prefetch"' }],
    },
    {
      name: 'CommonJS require',
      files: {
        'src/background.js': `const BackgroundFetch = require('react-native-background-fetch');

function scheduleCleanup() {
  return BackgroundFetch.scheduleTask({ taskId: «'cleanup'», delay: 86400000, periodic: true });
}

module.exports = { scheduleCleanup };
`,
        'ios/App/Info.plist': plist('com.transistorsoft.cleanup'),
      },
      output: {
        'src/background.js': `const BackgroundFetch = require('react-native-background-fetch');

function scheduleCleanup() {
  return BackgroundFetch.scheduleTask({ taskId: 'com.transistorsoft.cleanup', delay: 86400000, periodic: true });
}

module.exports = { scheduleCleanup };
`,
      },
    },
    {
      name: 'default import under another name',
      files: {
        'src/background.tsx': `import { useEffect } from 'react';
import { default as BGFetch } from 'react-native-background-fetch';

export function useNightlyExport(enabled: boolean) {
  useEffect(() => {
    if (!enabled) return;
    BGFetch.scheduleTask({ taskId: «\`nightly-export\`», delay: 0, periodic: true });
  }, [enabled]);
}
`,
        'ios/App/Info.plist': plist('com.transistorsoft.nightly-export'),
      },
      output: {
        'src/background.tsx': `import { useEffect } from 'react';
import { default as BGFetch } from 'react-native-background-fetch';

export function useNightlyExport(enabled: boolean) {
  useEffect(() => {
    if (!enabled) return;
    BGFetch.scheduleTask({ taskId: \`com.transistorsoft.nightly-export\`, delay: 0, periodic: true });
  }, [enabled]);
}
`,
      },
    },
    {
      name: 'each of several scheduleTask calls',
      files: {
        'src/background.ts': `import BackgroundFetch from 'react-native-background-fetch';

const LOCAL_TASK = 'podcast.refresh-artwork';

export function scheduleAll() {
  BackgroundFetch.scheduleTask({ taskId: 'com.transistorsoft.podcast.cleanup', delay: 3600000 });
  BackgroundFetch.scheduleTask({ taskId: «'podcast.prefetch'», delay: 900000 });
  BackgroundFetch.scheduleTask({ taskId: «LOCAL_TASK», delay: 900000 });
}
`,
      },
    },
  ],
});
