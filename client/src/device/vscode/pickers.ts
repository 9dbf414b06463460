/**
 * Choosing the task identifier and the app's bundle identifier.
 * Arguments from code lenses / the simulator panel are validated exactly like typed input.
 */
import * as vscode from 'vscode';
import type { TaskSummary } from '../../../../server/src/protocol/tasks';
import { DeviceBridgeError, messages } from '../core/errors';
import { bundleIdCandidates, type BundleIdCandidate } from '../core/settings';
import { taskPickRows } from '../core/taskItems';
import { assertBundleId, assertTaskId, isValidTaskId } from '../core/validate';

const LAST_BUNDLE_KEY = 'bgtasks.device.lastBundleId';

/**
 * The task id from a command argument (a string, or an object with `taskId`/`id` such as a tree item), or from a
 * quick pick of the workspace's tasks. Throws INVALID_TASK_ID for an invalid argument; undefined when dismissed.
 */
export async function resolveTaskId(arg: unknown, getTasks: () => Promise<TaskSummary[]>, action: string): Promise<string | undefined> {
  const fromArg = typeof arg === 'string' ? arg : objectId(arg);
  if (fromArg !== undefined) return assertTaskId(fromArg);

  const tasks = await getTasks().catch(() => [] as TaskSummary[]);
  const rows = taskPickRows(tasks);
  const other: vscode.QuickPickItem = { label: '$(edit) Enter an identifier…', alwaysShow: true };
  const picked = await vscode.window.showQuickPick<vscode.QuickPickItem & { taskId?: string }>([...rows, other], {
    title: `Background Tasks: ${action}`,
    placeHolder: rows.length ? vscode.l10n.t('Pick the task identifier') : vscode.l10n.t('No tasks found in the workspace: enter an identifier'),
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!picked) return undefined;
  if (picked.taskId) return picked.taskId;
  const typed = await vscode.window.showInputBox({
    title: `Background Tasks: ${action}`,
    prompt: 'Task identifier, as listed in BGTaskSchedulerPermittedIdentifiers',
    placeHolder: 'com.example.app.refresh',
    validateInput: (v) => (isValidTaskId(v.trim()) ? undefined : messages.invalidTaskId(v)),
  });
  return typed === undefined ? undefined : assertTaskId(typed.trim());
}

function objectId(arg: unknown): string | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const o = arg as Record<string, unknown>;
  for (const k of ['taskId', 'id']) if (typeof o[k] === 'string') return o[k] as string;
  return undefined;
}

/**
 * The app's bundle id: the bgtasks.device.bundleId setting, else the workspace's app targets (asking when there are
 * several, remembering the answer). Throws NO_BUNDLE_ID when nothing usable is known; undefined when dismissed.
 */
export async function resolveBundleId(
  settingValue: string | undefined,
  getBundleIds: () => Promise<BundleIdCandidate[]>,
  memento: vscode.Memento,
): Promise<{ bundleId: string; targets: string[] } | undefined> {
  const all = await getBundleIds().catch(() => [] as BundleIdCandidate[]);
  if (settingValue) {
    return { bundleId: assertBundleId(settingValue), targets: all.filter((c) => c.bundleId === settingValue).map((c) => c.target) };
  }
  const candidates = bundleIdCandidates(all);
  if (candidates.length === 0) throw new DeviceBridgeError('NO_BUNDLE_ID', messages.noBundleId());
  const targetsOf = (bid: string) => [...new Set(all.filter((c) => c.bundleId === bid).map((c) => c.target))];
  if (candidates.length === 1) return { bundleId: candidates[0]!.bundleId, targets: targetsOf(candidates[0]!.bundleId) };

  const last = memento.get<string>(LAST_BUNDLE_KEY);
  const items = candidates
    .map((c) => ({ label: c.bundleId, description: [c.target, c.configuration].filter(Boolean).join(' · '), bundleId: c.bundleId }))
    .sort((a, b) => Number(b.bundleId === last) - Number(a.bundleId === last));
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Background Tasks: Which app?'), placeHolder: vscode.l10n.t('Bundle identifier of the app on the device') });
  if (!picked) return undefined;
  await memento.update(LAST_BUNDLE_KEY, picked.bundleId);
  return { bundleId: picked.bundleId, targets: targetsOf(picked.bundleId) };
}
