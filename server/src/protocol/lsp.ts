/**
 * Custom messages between the language server and the VS Code client. Leaf module: the client
 * imports it; it imports nothing from the rest of the server.
 */
import type { TaskSummary } from './tasks';

/** Client → server request: every task of every workspace folder. */
export const TASKS_REQUEST = 'bgtasks/tasks';
export type TasksResult = TaskSummary[];

/** Client → server request: app targets and their bundle identifiers, for the device bridge. */
export const BUNDLE_IDS_REQUEST = 'bgtasks/bundleIds';
export type BundleIdsResult = { target: string; bundleId: string; configuration?: string }[];

/** Server → client notification: indexing state and finding counts, for the status bar. */
export const STATUS_NOTIFICATION = 'bgtasks/status';
export interface StatusParams {
  /** `failed`: a folder could not be indexed (the reason is in `message`, the details in the server's log). */
  state: 'indexing' | 'ready' | 'failed';
  message?: string;
  /** Indexing progress, when indexing. */
  done?: number;
  total?: number;
  errors: number;
  warnings: number;
  infos: number;
  /** Files the server read (for the status tooltip). */
  files: number;
}

/** Server → client notification: the workspace's tasks changed (tree view, simulator panel refresh). */
export const TASKS_CHANGED_NOTIFICATION = 'bgtasks/tasksChanged';

/** Command ids used by code lenses and code actions; the client implements them. */
export const Commands = {
  showRuleDoc: 'bgtasks.showRuleDocumentation',
  simulateLaunch: 'bgtasks.simulateLaunch',
  simulateExpiration: 'bgtasks.simulateExpiration',
  openSimulator: 'bgtasks.openSimulator',
  revealLocation: 'bgtasks.revealLocation',
} as const;

/** The source name on diagnostics. */
export const DIAGNOSTIC_SOURCE = 'bgtasks';

/** Code action kind for fix-on-save of the safe fixes. */
export const FIX_ALL_KIND = 'source.fixAll.bgtasks';
