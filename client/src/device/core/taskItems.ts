/**
 * Quick-pick rows for task identifiers, built from the workspace model (TaskSummary from the language server).
 * Pure, so the wording is unit-tested; the VS Code layer only shows them.
 */
import type { TaskKind, TaskSummary } from '../../../../server/src/protocol/tasks';
import { isValidTaskId } from './validate';

export interface TaskPickRow {
  label: string;
  description: string;
  detail?: string;
  taskId: string;
}

const KIND_LABEL: Record<TaskKind, string> = {
  refresh: 'app refresh',
  processing: 'processing',
  healthResearch: 'health research',
  continuedProcessing: 'continued processing',
  unknown: 'unknown type',
};

/** "registered · submitted" or the missing pieces, which are what makes a simulate-launch fail. */
export function taskStatus(t: TaskSummary): string {
  const parts: string[] = [];
  parts.push(t.permitted ? 'permitted' : 'not in Info.plist');
  parts.push(t.registered ? 'registered' : 'no handler registered');
  parts.push(t.submitted ? 'submitted' : 'never submitted');
  return parts.join(' · ');
}

/** Rows for every task whose id can be sent (wildcards and odd ids are left out), best candidates first. */
export function taskPickRows(tasks: readonly TaskSummary[]): TaskPickRow[] {
  const rows = tasks
    .filter((t) => isValidTaskId(t.id))
    .map((t) => ({ t, ready: t.permitted && t.registered && t.submitted }));
  rows.sort((a, b) => Number(b.ready) - Number(a.ready) || a.t.id.localeCompare(b.t.id));
  const unique = new Map<string, TaskPickRow>();
  for (const { t } of rows) {
    if (unique.has(t.id)) continue;
    unique.set(t.id, {
      label: t.id,
      description: `${KIND_LABEL[t.kind] ?? t.kind} — ${taskStatus(t)}`,
      detail: t.scope ? `Target ${t.scope}${t.findings ? ` · ${t.findings} finding${t.findings === 1 ? '' : 's'}` : ''}` : undefined,
      taskId: t.id,
    });
  }
  return [...unique.values()];
}
