/**
 * Linter configuration: `.bgtasksrc.json` at a workspace root, merged with command-line or editor
 * settings. Unknown keys and bad values produce warnings, never a crash.
 */
import path from 'node:path';
import type { FileSystem } from '../analysis/project/fileSystem';
import type { SeveritySetting } from '../rules/types';

export const CONFIG_FILE = '.bgtasksrc.json';

export interface LintConfig {
  /** Per-rule severity overrides. */
  rules: Record<string, SeveritySetting>;
  /** Glob patterns (relative to the root) to skip. */
  exclude: string[];
  /** The app's bundle identifier when the project does not say. */
  bundleIdentifier?: string;
}

export function emptyConfig(): LintConfig {
  return { rules: {}, exclude: [] };
}

const SEVERITIES = new Set(['off', 'info', 'warning', 'error']);

/** Validates a parsed config object; returns the config and human-readable problems. */
export function parseConfig(raw: unknown, knownRules: Set<string>, source: string): { config: LintConfig; problems: string[] } {
  const config = emptyConfig();
  const problems: string[] = [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { config, problems: [`${source}: expected a JSON object`] };
  const o = raw as Record<string, unknown>;
  for (const key of Object.keys(o)) if (!['rules', 'exclude', 'bundleIdentifier', '$schema'].includes(key)) problems.push(`${source}: unknown key "${key}"`);
  if (o.rules !== undefined) {
    if (typeof o.rules !== 'object' || o.rules === null || Array.isArray(o.rules)) problems.push(`${source}: "rules" must be an object`);
    else
      for (const [id, sev] of Object.entries(o.rules as Record<string, unknown>)) {
        if (!knownRules.has(id)) problems.push(`${source}: unknown rule "${id}"`);
        else if (typeof sev !== 'string' || !SEVERITIES.has(sev)) problems.push(`${source}: rule "${id}" must be one of off, info, warning, error`);
        else config.rules[id] = sev as SeveritySetting;
      }
  }
  if (o.exclude !== undefined) {
    if (!Array.isArray(o.exclude) || !o.exclude.every((x) => typeof x === 'string')) problems.push(`${source}: "exclude" must be an array of glob strings`);
    else config.exclude = o.exclude as string[];
  }
  if (o.bundleIdentifier !== undefined) {
    if (typeof o.bundleIdentifier !== 'string' || !/^[A-Za-z0-9.-]+$/.test(o.bundleIdentifier)) problems.push(`${source}: "bundleIdentifier" must be a bundle identifier`);
    else config.bundleIdentifier = o.bundleIdentifier;
  }
  return { config, problems };
}

/** Reads `.bgtasksrc.json` from `root` if present. */
export function loadConfigFile(root: string, fs: FileSystem, knownRules: Set<string>): { config: LintConfig; problems: string[]; file?: string } {
  const file = path.join(root, CONFIG_FILE);
  const text = fs.readText(file);
  if (text === undefined) return { config: emptyConfig(), problems: [] };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { config: emptyConfig(), problems: [`${file}: invalid JSON (${(e as Error).message})`], file };
  }
  return { ...parseConfig(raw, knownRules, file), file };
}

/** Later configs win. */
export function mergeConfigs(...configs: Partial<LintConfig>[]): LintConfig {
  const out = emptyConfig();
  for (const c of configs) {
    Object.assign(out.rules, c.rules ?? {});
    out.exclude.push(...(c.exclude ?? []));
    if (c.bundleIdentifier) out.bundleIdentifier = c.bundleIdentifier;
  }
  return out;
}
