/** The `bgtasks.*` and `files.exclude` settings of a folder, as the client sends them (anything may be malformed). */
import type { Connection } from 'vscode-languageserver';
import { rulesById } from '../rules';
import { checkRuleSeverities } from '../lint/severity';
import { fileUri } from './convert';
import type { FolderSettings } from './folder';

interface RawSettings {
  rules?: Record<string, unknown>;
  exclude?: unknown[];
}

const KNOWN_RULES = new Set(rulesById.keys());

/** Settings from raw values; unknown rules and severities are reported through `warn`, not dropped silently. */
export function folderSettings(raw: RawSettings | null, filesExclude: Record<string, boolean> | null, warn: (m: string) => void): FolderSettings {
  const checked = checkRuleSeverities(raw?.rules, KNOWN_RULES);
  for (const p of checked.problems) warn(`bgtasks.rules: ${p}`);
  const rules: FolderSettings['rules'] = checked.rules;
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
