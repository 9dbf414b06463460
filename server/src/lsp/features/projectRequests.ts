/** The custom requests: the task list (tree view, simulator) and the app targets' bundle ids (device commands). */
import { taskSummaries } from '../../lint/summaries';
import type { BundleIdsResult, TasksResult } from '../../protocol/lsp';
import type { FolderProject } from '../folder';

export function tasksOf(folders: readonly FolderProject[]): TasksResult {
  return folders.flatMap((f) => (f.last ? taskSummaries(f.last.analysis, f.last.findings) : []));
}

/** Bundle ids of app targets (not extensions), one per target and id. */
export function bundleIdsOf(folders: readonly FolderProject[]): BundleIdsResult {
  const out: BundleIdsResult = [];
  for (const f of folders) for (const sc of f.workspace?.scopes ?? []) if (sc.how !== 'union' && (sc.target?.isApp ?? true)) for (const b of sc.bundleIds) out.push({ target: sc.name, bundleId: b.bundleId, configuration: b.configuration });
  const seen = new Set<string>();
  return out.filter((x) => !seen.has(x.target + x.bundleId) && seen.add(x.target + x.bundleId));
}
