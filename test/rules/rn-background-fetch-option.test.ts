import { ruleTester } from './ruleTester';

ruleTester('rn-background-fetch-option', {
  valid: [
    {
      name: 'requiresCharging is the JavaScript option',
      files: {
        'src/background.js': `import BackgroundFetch from 'react-native-background-fetch';

export function scheduleCleanup() {
  return BackgroundFetch.scheduleTask({
    taskId: 'com.transistorsoft.podcast.cleanup',
    delay: 24 * 60 * 60 * 1000,
    periodic: true,
    requiresCharging: true,
    requiresNetworkConnectivity: false,
  });
}
`,
      },
    },
    {
      name: 'another scheduler’s requiresExternalPower option',
      files: {
        'src/uploads.ts': `import BackgroundFetch from 'react-native-background-fetch';
import { scheduler } from '@acme/native-scheduler';

export function scheduleUpload() {
  scheduler.scheduleTask({ taskId: 'uploads', requiresExternalPower: true });
  return BackgroundFetch.scheduleTask({ taskId: 'com.transistorsoft.uploads', delay: 0, requiresCharging: true });
}
`,
      },
    },
    {
      name: 'native Swift uses requiresExternalPower on the request itself',
      files: {
        'ios/App/AppDelegate.swift': `import BackgroundTasks
import UIKit

final class Maintenance {
    static func schedule() {
        let request = BGProcessingTaskRequest(identifier: "com.example.app.cleanup")
        request.requiresExternalPower = true
        try? BGTaskScheduler.shared.submit(request)
    }
}
`,
        'src/background.ts': `import BackgroundFetch from 'react-native-background-fetch';

export const schedule = () => BackgroundFetch.scheduleTask({ taskId: 'com.transistorsoft.sync', delay: 0, requiresCharging: false });
`,
      },
    },
    {
      name: 'an object that never reaches scheduleTask',
      files: {
        'src/settings.ts': `import BackgroundFetch from 'react-native-background-fetch';

// Mirrors the native BGProcessingTaskRequest for the settings screen.
export const nativeRequestSummary = { identifier: 'com.transistorsoft.cleanup', requiresExternalPower: true };

export function scheduleCleanup(charging: boolean) {
  return BackgroundFetch.scheduleTask({ taskId: 'com.transistorsoft.cleanup', delay: 0, requiresCharging: charging });
}
`,
      },
    },
    {
      name: 'the word only in a comment or a string value',
      files: {
        'src/background.js': `const BackgroundFetch = require('react-native-background-fetch');

exports.scheduleCleanup = () =>
  BackgroundFetch.scheduleTask({
    taskId: 'com.transistorsoft.cleanup',
    delay: 0,
    // requiresExternalPower is the native name; the JS option is requiresCharging.
    requiresCharging: true,
    label: 'requiresExternalPower',
  });
`,
      },
    },
    {
      name: 'silenced with bgtasks-disable-next-line',
      files: {
        'src/background.js': `import BackgroundFetch from 'react-native-background-fetch';

export function scheduleCleanup() {
  return BackgroundFetch.scheduleTask({
    taskId: 'com.transistorsoft.cleanup',
    delay: 0,
    // Read by our patched fork of the library.
    // bgtasks-disable-next-line rn-background-fetch-option
    requiresExternalPower: true,
  });
}
`,
      },
    },
  ],
  invalid: [
    {
      name: 'native option name in a plain JS file',
      files: {
        'src/background.js': `import BackgroundFetch from 'react-native-background-fetch';

export function scheduleCleanup() {
  return BackgroundFetch.scheduleTask({
    taskId: 'com.transistorsoft.podcast.cleanup',
    delay: 24 * 60 * 60 * 1000,
    periodic: true,
    «requiresExternalPower»: true,
  });
}
`,
      },
      expect: [{ message: 'the scheduleTask option is requiresCharging', severity: 'warning' }],
      output: {
        'src/background.js': `import BackgroundFetch from 'react-native-background-fetch';

export function scheduleCleanup() {
  return BackgroundFetch.scheduleTask({
    taskId: 'com.transistorsoft.podcast.cleanup',
    delay: 24 * 60 * 60 * 1000,
    periodic: true,
    requiresCharging: true,
  });
}
`,
      },
    },
    {
      name: 'quoted key keeps its quotes',
      files: {
        'src/background.js': `import BackgroundFetch from 'react-native-background-fetch';

export const scheduleReindex = () =>
  BackgroundFetch.scheduleTask({ "taskId": "com.transistorsoft.reindex", "delay": 0, «"requiresExternalPower"»: true });
`,
      },
      output: {
        'src/background.js': `import BackgroundFetch from 'react-native-background-fetch';

export const scheduleReindex = () =>
  BackgroundFetch.scheduleTask({ "taskId": "com.transistorsoft.reindex", "delay": 0, "requiresCharging": true });
`,
      },
    },
    {
      name: 'shorthand property keeps its variable',
      files: {
        'src/background.js': `import BackgroundFetch from 'react-native-background-fetch';

export function scheduleBackup(requiresExternalPower) {
  return BackgroundFetch.scheduleTask({ taskId: 'com.transistorsoft.backup', delay: 0, «requiresExternalPower» });
}
`,
      },
      output: {
        'src/background.js': `import BackgroundFetch from 'react-native-background-fetch';

export function scheduleBackup(requiresExternalPower) {
  return BackgroundFetch.scheduleTask({ taskId: 'com.transistorsoft.backup', delay: 0, requiresCharging: requiresExternalPower });
}
`,
      },
    },
    {
      name: 'CommonJS require under another name',
      files: {
        'src/tasks.js': `const BGFetch = require('react-native-background-fetch');

module.exports.scheduleExport = function scheduleExport() {
  return BGFetch.scheduleTask({
    taskId: 'com.transistorsoft.export',
    delay: 60 * 60 * 1000,
    «requiresExternalPower»: true,
    requiresNetworkConnectivity: true,
  });
};
`,
      },
      output: {
        'src/tasks.js': `const BGFetch = require('react-native-background-fetch');

module.exports.scheduleExport = function scheduleExport() {
  return BGFetch.scheduleTask({
    taskId: 'com.transistorsoft.export',
    delay: 60 * 60 * 1000,
    requiresCharging: true,
    requiresNetworkConnectivity: true,
  });
};
`,
      },
    },
    {
      name: 'inside a React effect, one finding per call',
      files: {
        'src/useMaintenance.js': `import { useEffect } from 'react';
import BackgroundFetch from 'react-native-background-fetch';

export function useMaintenance(enabled) {
  useEffect(() => {
    if (!enabled) return;
    BackgroundFetch.scheduleTask({ taskId: 'com.transistorsoft.vacuum', delay: 0, periodic: true, «requiresExternalPower»: true });
    BackgroundFetch.scheduleTask({ taskId: 'com.transistorsoft.reindex', delay: 0, «requiresExternalPower»: false });
  }, [enabled]);
}
`,
      },
      output: {
        'src/useMaintenance.js': `import { useEffect } from 'react';
import BackgroundFetch from 'react-native-background-fetch';

export function useMaintenance(enabled) {
  useEffect(() => {
    if (!enabled) return;
    BackgroundFetch.scheduleTask({ taskId: 'com.transistorsoft.vacuum', delay: 0, periodic: true, requiresCharging: true });
    BackgroundFetch.scheduleTask({ taskId: 'com.transistorsoft.reindex', delay: 0, requiresCharging: false });
  }, [enabled]);
}
`,
      },
    },
    {
      name: 'both names set: no rename that would duplicate the key',
      files: {
        'src/background.js': `import BackgroundFetch from 'react-native-background-fetch';

export function scheduleCleanup() {
  return BackgroundFetch.scheduleTask({
    taskId: 'com.transistorsoft.cleanup',
    delay: 0,
    requiresCharging: false,
    «requiresExternalPower»: true,
  });
}
`,
      },
      expect: [{ message: 'This object already sets requiresCharging' }],
    },
  ],
});
