/**
 * The one check of a rule's severity setting, shared by `.bgtasksrc.json` (lint/config.ts), `--rule` (cli.ts) and the
 * editor's `bgtasks.rules` setting (lsp/), so the three accept the same values and say the same thing about bad ones.
 * A leaf: it imports only the types it names.
 */
import type { SeveritySetting } from '../rules/types';

export const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['off', 'info', 'warning', 'error'];

/** `value` as a severity setting, or undefined when it is not one. */
export function parseSeverity(value: unknown): SeveritySetting | undefined {
  return typeof value === 'string' && (SEVERITY_SETTINGS as readonly string[]).includes(value) ? (value as SeveritySetting) : undefined;
}

/** Checks one `rule id → severity` pair; the problem is a sentence without a location (callers add theirs). */
export function checkRuleSeverity(ruleId: string, value: unknown, knownRules: ReadonlySet<string>): { severity: SeveritySetting } | { problem: string } {
  if (!knownRules.has(ruleId)) return { problem: `unknown rule "${ruleId}"` };
  const severity = parseSeverity(value);
  if (severity === undefined) return { problem: `rule "${ruleId}" must be one of ${SEVERITY_SETTINGS.join(', ')}${typeof value === 'string' ? ` (got ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)})` : ''}` };
  return { severity };
}

/** Checks a whole `{ id: severity }` object (the editor setting): the valid pairs, and one problem per bad one. */
export function checkRuleSeverities(raw: unknown, knownRules: ReadonlySet<string>): { rules: Record<string, SeveritySetting>; problems: string[] } {
  const rules: Record<string, SeveritySetting> = {};
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { rules, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) return { rules, problems: ['"rules" must be an object'] };
  for (const [id, value] of Object.entries(raw as Record<string, unknown>)) {
    const r = checkRuleSeverity(id, value, knownRules);
    if ('severity' in r) rules[id] = r.severity;
    else problems.push(r.problem);
  }
  return { rules, problems };
}
