import { infoPlist } from '../helpers/project';
import { ruleTester } from './ruleTester';

/** capacitor.config.ts with the given BackgroundRunner body lines. */
const configTs = (runner: string) => `/// <reference types="@capacitor/background-runner" />

import type { CapacitorConfig } from '@capacitor/cli';

const config: CapacitorConfig = {
  appId: 'com.example.notes',
  appName: 'Notes',
  webDir: 'dist',
  plugins: {
    BackgroundRunner: {
${runner}
    },
  },
};

export default config;
`;

/** capacitor.config.json with the given BackgroundRunner members. */
const configJson = (runner: string) => `{
  "appId": "com.example.notes",
  "appName": "Notes",
  "webDir": "dist",
  "plugins": {
    "BackgroundRunner": {
${runner}
    }
  }
}
`;

const plist = infoPlist({ ids: ['com.example.notes.backup'], modes: ['fetch', 'processing'] });

ruleTester('capacitor-runner-autostart', {
  valid: [
    {
      name: 'autoStart: false while the native app schedules the runner label itself',
      files: {
        'capacitor.config.ts': configTs(`      label: 'com.example.notes.backup',
      src: 'runners/backup.js',
      event: 'backup',
      repeat: true,
      interval: 60,
      autoStart: false,`),
        'ios/App/App/AppDelegate.swift': `import BackgroundTasks
import Capacitor
import UIKit

@UIApplicationMain
class AppDelegate: UIResponder, UIApplicationDelegate {
    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
        BackgroundRunnerPlugin.registerBackgroundTask()
        return true
    }

    func applicationDidEnterBackground(_ application: UIApplication) {
        let request = BGAppRefreshTaskRequest(identifier: "com.example.notes.backup")
        request.earliestBeginDate = Date(timeIntervalSinceNow: 60 * 60)
        try? BGTaskScheduler.shared.submit(request)
    }
}
`,
        'ios/App/App/Info.plist': plist,
      },
    },
    {
      name: 'silenced with bgtasks-disable-next-line in capacitor.config.ts',
      files: {
        'capacitor.config.ts': configTs(`      label: 'com.example.notes.backup',
      src: 'runners/background.js',
      event: 'backupNotes',
      // bgtasks-disable-next-line capacitor-runner-autostart
      autoStart: false,`),
        'ios/App/App/Info.plist': plist,
      },
    },
    {
      name: 'autoStart: true in capacitor.config.ts',
      files: {
        'capacitor.config.ts': configTs(`      label: 'com.example.notes.backup',
      src: 'runners/background.js',
      event: 'backupNotes',
      repeat: true,
      interval: 60,
      autoStart: true,`),
      },
    },
    {
      name: 'autoStart: true in capacitor.config.json',
      files: {
        'capacitor.config.json': configJson(`      "label": "com.example.notes.backup",
      "src": "runners/background.js",
      "event": "backupNotes",
      "repeat": true,
      "interval": 60,
      "autoStart": true`),
        'ios/App/App/Info.plist': plist,
      },
    },
    {
      name: 'no BackgroundRunner plugin configured',
      files: {
        'capacitor.config.ts': `import type { CapacitorConfig } from '@capacitor/cli';

const config: CapacitorConfig = {
  appId: 'com.example.notes',
  appName: 'Notes',
  webDir: 'dist',
  plugins: { SplashScreen: { launchAutoHide: false } },
};

export default config;
`,
      },
    },
    {
      name: 'autoStart from an expression is not judged',
      files: {
        'capacitor.config.ts': configTs(`      label: 'com.example.notes.backup',
      src: 'runners/background.js',
      event: 'backupNotes',
      autoStart: process.env.DISABLE_BACKGROUND !== '1',`),
      },
    },
    {
      name: 'a runner-like object outside capacitor.config is not the plugin config',
      files: {
        'src/settings/defaults.ts': `export const defaults = {
  BackgroundRunner: { label: 'com.example.notes.backup', autoStart: false },
};

addEventListener('settingsChanged', (resolve) => resolve());
`,
      },
    },
    {
      name: 'runner config built elsewhere and spread in',
      files: {
        'capacitor.config.ts': `import type { CapacitorConfig } from '@capacitor/cli';
import { runner } from './runner.config';

const config: CapacitorConfig = {
  appId: 'com.example.notes',
  appName: 'Notes',
  webDir: 'dist',
  plugins: { BackgroundRunner: runner },
};

export default config;
`,
      },
    },
    {
      name: 'two Capacitor apps: one runs in the background, the other has no runner',
      files: {
        'apps/notes/package.json': '{ "name": "notes", "private": true }\n',
        'apps/notes/capacitor.config.json': configJson(`      "label": "com.example.notes.backup",
      "src": "runners/background.js",
      "event": "backupNotes",
      "autoStart": true`),
        'apps/notes/ios/App/App/Info.plist': plist,
        'apps/kiosk/package.json': '{ "name": "kiosk", "private": true }\n',
        'apps/kiosk/capacitor.config.json': `{
  "appId": "com.example.kiosk",
  "appName": "Kiosk",
  "webDir": "dist",
  "plugins": { "LocalNotifications": { "smallIcon": "ic_stat_icon" } }
}
`,
      },
    },
  ],
  invalid: [
    {
      name: 'autoStart: false in capacitor.config.ts',
      files: {
        'capacitor.config.ts': configTs(`      label: 'com.example.notes.backup',
      src: 'runners/background.js',
      event: 'backupNotes',
      repeat: true,
      interval: 60,
      «autoStart»: false,`),
      },
      expect: [{ message: 'BackgroundRunner has autoStart: false: the plugin then never submits its BGAppRefreshTaskRequest', severity: 'warning' }],
      output: {
        'capacitor.config.ts': configTs(`      label: 'com.example.notes.backup',
      src: 'runners/background.js',
      event: 'backupNotes',
      repeat: true,
      interval: 60,
      autoStart: true,`),
      },
    },
    {
      name: '"autoStart": false in capacitor.config.json',
      files: {
        'capacitor.config.json': configJson(`      "label": "com.example.notes.backup",
      "src": "runners/background.js",
      "event": "backupNotes",
      «"autoStart"»: false,
      "repeat": true`),
        'ios/App/App/Info.plist': plist,
      },
      output: {
        'capacitor.config.json': configJson(`      "label": "com.example.notes.backup",
      "src": "runners/background.js",
      "event": "backupNotes",
      "autoStart": true,
      "repeat": true`),
      },
    },
    {
      name: 'autoStart left out of capacitor.config.ts (defaults to false)',
      files: {
        'capacitor.config.ts': configTs(`      label: 'com.example.notes.backup',
      src: 'runners/background.js',
      event: 'backupNotes',
      repeat: true,
      interval: 60,`).replace('    BackgroundRunner: {', '    «BackgroundRunner»: {'),
      },
      expect: [{ message: 'does not set autoStart (it defaults to false)' }],
    },
    {
      name: 'autoStart left out of capacitor.config.json',
      files: {
        'capacitor.config.json': configJson(`      "label": "com.example.notes.backup",
      "src": "runners/background.js",
      "event": "backupNotes"`).replace('    "BackgroundRunner": {', '    «"BackgroundRunner"»: {'),
        'ios/App/App/Info.plist': plist,
      },
    },
    {
      name: 'the string "true" is not the boolean true',
      files: {
        'capacitor.config.ts': configTs(`      label: 'com.example.notes.backup',
      src: 'runners/background.js',
      event: 'backupNotes',
      «autoStart»: 'true',`),
      },
      expect: [{ message: "has autoStart: 'true', which is not the boolean true" }],
      output: {
        'capacitor.config.ts': configTs(`      label: 'com.example.notes.backup',
      src: 'runners/background.js',
      event: 'backupNotes',
      autoStart: true,`),
      },
    },
    {
      name: 'a JSON string value, followed by a comment',
      files: {
        'capacitor.config.json': configJson(`      "label": "com.example.notes.backup",
      "src": "runners/background.js",
      "event": "backupNotes",
      «"autoStart"»: "false" // set by the release script`),
        'ios/App/App/Info.plist': plist,
      },
      output: {
        'capacitor.config.json': configJson(`      "label": "com.example.notes.backup",
      "src": "runners/background.js",
      "event": "backupNotes",
      "autoStart": true // set by the release script`),
      },
    },
    {
      name: 'quoted key in capacitor.config.ts, one line',
      files: {
        'capacitor.config.ts': `import { CapacitorConfig } from '@capacitor/cli';

export default {
  appId: 'com.example.notes',
  appName: 'Notes',
  webDir: 'dist',
  plugins: { 'BackgroundRunner': { 'label': 'com.example.notes.backup', 'src': 'runners/background.js', «'autoStart'»:false } },
} satisfies CapacitorConfig;
`,
      },
      output: {
        'capacitor.config.ts': `import { CapacitorConfig } from '@capacitor/cli';

export default {
  appId: 'com.example.notes',
  appName: 'Notes',
  webDir: 'dist',
  plugins: { 'BackgroundRunner': { 'label': 'com.example.notes.backup', 'src': 'runners/background.js', 'autoStart':true } },
} satisfies CapacitorConfig;
`,
      },
    },
  ],
});
