/**
 * The rule contract. A rule reads the Analysis and reports findings with offsets into files and
 * fixes as plain text edits; the CLI prints them and the language server turns them into
 * diagnostics and code actions. Rules never see LSP or VS Code types.
 */
import type { Analysis } from '../analysis/model/analysis';
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

export interface TextEdit {
  file: string;
  span: Span;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The fix is safe to apply without looking (used by fix-all / fix-on-save). */
  safe: boolean;
  /** The best of several fixes. */
  preferred?: boolean;
}

export interface RelatedInfo {
  file: string;
  span: Span;
  message: string;
}

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
}

export type Report = Omit<Finding, 'ruleId' | 'severity' | 'fixes' | 'related'> & {
  severity?: Severity;
  fixes?: Fix[];
  related?: RelatedInfo[];
};

export interface RuleContext {
  readonly analysis: Analysis;
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
