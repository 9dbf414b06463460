/**
 * The rule contract. A rule reads the Analysis and reports findings with offsets into files and
 * fixes as plain text edits; the CLI prints them and the language server turns them into
 * diagnostics and code actions. Rules never see LSP or VS Code types.
 */
import type { RuleAnalysis } from '../analysis/model/analysis';
import type { Fix, TextEdit } from '../analysis/model/edits';
import type { Span } from '../analysis/text/lineIndex';

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

export type RuleCategory = 'configuration' | 'lifecycle' | 'handler' | 'scheduling';

export interface RuleMeta {
  /** kebab-case id; also the file name of the rule, its doc page and its test. */
  id: string;
  /** One sentence: what the rule finds (reused in docs, README and hovers). */
  description: string;
  defaultSeverity: Severity;
  category: RuleCategory;
  /** True when the rule offers fixes for some findings. */
  fixable: boolean;
}

export type { Fix, TextEdit };

export interface RelatedInfo {
  file: string;
  span: Span;
  message: string;
}

/** Machine-readable details of a finding, for consumers that must not parse its message (task summaries). */
export type FindingData =
  | { kind: 'type-mismatch'; cast: 'forced' | 'conditional' | 'none'; castClass: string; submittedAs: string }
  | { kind: 'duplicate-registration'; here: RegistrationHow; first: RegistrationHow }
  | { kind: 'registered-after-launch'; from: string }
  | { kind: 'registered-in-async-block' }
  | { kind: 'registered-never-called' };

export type RegistrationHow = 'SwiftUI .backgroundTask' | 'BGTaskScheduler.register';

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  file: string;
  span: Span;
  fixes: Fix[];
  related: RelatedInfo[];
  /** The task identifier the finding is about, when there is one (hovers, tree view, counts). */
  taskId?: string;
  data?: FindingData;
}

export type Report = Omit<Finding, 'ruleId' | 'severity' | 'fixes' | 'related'> & {
  severity?: Severity;
  fixes?: Fix[];
  related?: RelatedInfo[];
};

export interface RuleContext {
  /** Read-only: facts, resolution, reachability and text slices; never the Workspace itself. */
  readonly analysis: RuleAnalysis;
  report(r: Report): void;
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): void;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}

/** Where a rule's documentation lives (repository-relative). */
export function docPath(id: string): string {
  return `docs/rules/${id}.md`;
}
