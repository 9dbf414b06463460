/** The `bgtasks.*` and `files.exclude` settings of a folder, as the client sends them (anything may be malformed). */
import type { Connection } from 'vscode-languageserver';
import { rulesById } from '../rules';
import { fileUri } from './convert';
import type { FolderSettings } from './folder';

interface RawSettings {
  rules?: Record<string, unknown>;
  exclude?: unknown[];
}

const SEVERITIES = new Set(['off', 'info', 'warning', 'error']);

/** Settings from raw values; unknown rules and severities are reported through `warn`, not dropped silently. */
export function folderSettings(raw: RawSettings | null, filesExclude: Record<string, boolean> | null, warn: (m: string) => void): FolderSettings {
  const rules: FolderSettings['rules'] = {};
  for (const [id, sev] of Object.entries(raw?.rules ?? {})) {
    if (!rulesById.has(id)) warn(`bgtasks.rules: unknown rule "${id}"`);
    else if (typeof sev !== 'string' || !SEVERITIES.has(sev)) warn(`bgtasks.rules: "${id}" has severity ${JSON.stringify(sev)}; use off, info, warning or error`);
    else rules[id] = sev as FolderSettings['rules'][string];
  }
  const exclude = [
    ...(Array.isArray(raw?.exclude) ? raw!.exclude.filter((x): x is string => typeof x === 'string') : []),
    ...Object.entries(filesExclude ?? {})
      .filter(([, on]) => on === true)
      .map(([g]) => g.replace(/^\*\*\//, '**/')),
  ];
  return { rules, exclude };
}

export async function settingsFor(connection: Connection, hasConfiguration: boolean, root: string, warn: (m: string) => void): Promise<FolderSettings> {
  if (!hasConfiguration) return { rules: {}, exclude: [] };
  const [raw, files] = (await connection.workspace.getConfiguration([
    { scopeUri: fileUri(root), section: 'bgtasks' },
    { scopeUri: fileUri(root), section: 'files.exclude' },
  ])) as [RawSettings | null, Record<string, boolean> | null];
  return folderSettings(raw, files, warn);
}
