/**
 * Linter configuration: `.bgtasksrc.json` at a workspace root, merged with command-line or editor
 * settings. Unknown keys and bad values produce warnings (with their line and column), never a crash.
 */
import path from 'node:path';
import type { FileSystem } from '../analysis/project/fileSystem';
import type { SeveritySetting } from '../rules/types';
// The ES module build: the package's default (UMD) build loads its parts with a require() esbuild cannot follow.
import { findNodeAtLocation, getNodeValue } from 'jsonc-parser/lib/esm/main.js';
import { parseJsoncTree } from '../analysis/typescript/jsonSpans';
import { checkRuleSeverity } from './severity';

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

/**
 * Validates a parsed config object; returns the config and human-readable problems. `locate` (given by
 * loadConfigFile) says where a value sits in the file, so each problem names its line and column.
 */
export function parseConfig(raw: unknown, knownRules: Set<string>, source: string, locate: (path: (string | number)[]) => string | undefined = () => undefined): { config: LintConfig; problems: string[] } {
  const config = emptyConfig();
  const problems: string[] = [];
  const at = (path: (string | number)[], message: string) => {
    const where = locate(path);
    problems.push(`${source}${where ? `:${where}` : ''}: ${message}`);
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { config, problems: [`${source}${locate([]) ? `:${locate([])}` : ''}: expected a JSON object`] };
  const o = raw as Record<string, unknown>;
  for (const key of Object.keys(o)) if (!['rules', 'exclude', 'bundleIdentifier', '$schema'].includes(key)) at([key, KEY], `unknown key "${key}"`);
  if (o.rules !== undefined) {
    if (typeof o.rules !== 'object' || o.rules === null || Array.isArray(o.rules)) at(['rules'], '"rules" must be an object');
    else
      for (const [id, sev] of Object.entries(o.rules as Record<string, unknown>)) {
        const checked = checkRuleSeverity(id, sev, knownRules);
        if ('severity' in checked) config.rules[id] = checked.severity;
        else at(knownRules.has(id) ? ['rules', id] : ['rules', id, KEY], checked.problem);
      }
  }
  if (o.exclude !== undefined) {
    if (!Array.isArray(o.exclude) || !o.exclude.every((x) => typeof x === 'string')) at(['exclude'], '"exclude" must be an array of glob strings');
    else config.exclude = o.exclude as string[];
  }
  if (o.bundleIdentifier !== undefined) {
    if (typeof o.bundleIdentifier !== 'string' || !/^[A-Za-z0-9.-]+$/.test(o.bundleIdentifier)) at(['bundleIdentifier'], '"bundleIdentifier" must be a bundle identifier');
    else config.bundleIdentifier = o.bundleIdentifier;
  }
  return { config, problems };
}

/** A path ending in KEY locates the property's key rather than its value (for "unknown key" problems). */
const KEY = '\u0000key';

function lineCol(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return `${line}:${offset - lineStart + 1}`;
}

/**
 * Reads `.bgtasksrc.json` from `root` if present. It is JSON with comments and trailing commas allowed (as VS Code
 * users write settings files), read with jsonc-parser; every problem carries its `line:col`.
 */
export function loadConfigFile(root: string, fs: FileSystem, knownRules: Set<string>): { config: LintConfig; problems: string[]; file?: string } {
  const file = path.join(root, CONFIG_FILE);
  const text = fs.readText(file);
  if (text === undefined) return { config: emptyConfig(), problems: [] };
  const { tree, error } = parseJsoncTree(text);
  if (!tree) return { config: emptyConfig(), problems: [`${file}:${lineCol(text, error.span.start)}: invalid JSON (${error.message})`], file };
  const locate = (p: (string | number)[]) => {
    const wantsKey = p[p.length - 1] === KEY;
    const node = findNodeAtLocation(tree, wantsKey ? p.slice(0, -1) : p);
    const target = wantsKey ? node?.parent?.children?.[0] : node;
    return target ? lineCol(text, target.offset) : undefined;
  };
  return { ...parseConfig(getNodeValue(tree), knownRules, file, locate), file };
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
