/** Task summaries shaped like the language server's, for the webview tests. */
import type { TaskSummary } from '../../server/src/protocol/tasks';

const loc = (file: string, line: number) => ({ uri: `file:///work/App/${file}`, line, character: 4 });

export const sampleTasks: TaskSummary[] = [
  {
    id: 'com.example.refresh',
    kind: 'refresh',
    permitted: true,
    registered: true,
    submitted: true,
    request: { earliestBeginDelaySeconds: 900 },
    handler: { setsExpirationHandler: true, completesOnAllPaths: true, resubmits: 'start' },
    sites: { register: loc('AppDelegate.swift', 20), submit: loc('AppDelegate.swift', 40), permitted: loc('Info.plist', 12) },
    findings: 0,
  },
  {
    id: 'com.example.cleanup',
    kind: 'processing',
    permitted: true,
    registered: true,
    submitted: true,
    request: { requiresExternalPower: true, requiresNetworkConnectivity: true, earliestBeginDelaySeconds: 3600 },
    handler: { setsExpirationHandler: false, completesOnAllPaths: false, resubmits: 'end' },
    sites: { register: loc('Cleanup.swift', 8), submit: loc('Cleanup.swift', 30) },
    findings: 2,
    // The analysis found a crash at launch and where the app submits.
    simulation: {
      launchCrash: { cause: 'typeMismatch', text: 'It casts the task with as! BGAppRefreshTask, but "com.example.cleanup" is submitted as a BGProcessingTaskRequest.' },
      submitPolicy: { known: true, background: true, launch: false, launchScene: false, launchGuarded: false, userAction: false, handler: false, where: ['sceneDidEnterBackground(_:)'] },
    },
  },
  {
    id: 'com.example.widget',
    kind: 'refresh',
    permitted: true,
    registered: true,
    submitted: true,
    handler: { setsExpirationHandler: true, completesOnAllPaths: true, resubmits: 'never' },
    sites: { register: loc('Widget.swift', 5) },
    findings: 1,
  },
  {
    id: 'com.example.orphan',
    kind: 'processing',
    permitted: false,
    registered: true,
    submitted: true,
    sites: { register: loc('Orphan.swift', 3) },
    findings: 1,
  },
];
