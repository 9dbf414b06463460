/**
 * `bgtasks` command line:
 *   bgtasks lint [paths…] [--format text|json|sarif|github|xcode|junit] [--rule <id>=off|info|warning|error]… [--max-warnings N] [--fix]
 *   bgtasks simulate [path] [--scenario file] [--days N] [--seed N] [--format text|json]
 * Lint formats: text for people; json for scripts; sarif for GitHub code scanning; github for GitHub Actions
 * annotations (workflow commands); xcode for a Run Script build phase (Xcode's issue lines); junit for CI test
 * dashboards (GitLab, Jenkins). docs/ci.md shows each in a CI setup.
 * Exit codes follow ESLint, whatever the format: 0 clean, 1 errors (or warnings over --max-warnings), 2 usage or
 * internal error.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { allRules } from './rules';
import type { SeveritySetting } from './rules/types';
import { checkRuleSeverity, SEVERITY_SETTINGS } from './lint/severity';
import { HelpRequested, parseCommandArgs, UsageError } from './cliArgs';
import type { LintResult } from './lint/engine';
import { formatGithub } from './lint/format/github';
import { formatJson } from './lint/format/json';
import { formatJunit } from './lint/format/junit';
import { formatSarif } from './lint/format/sarif';
import { formatText, safe } from './lint/format/text';
import { formatXcode } from './lint/format/xcode';
import { loadConfigFile, mergeConfigs } from './lint/config';
import { diskFileSystem } from './analysis/project/fileSystem';
import { lintRoot } from './lint/run';
import { applyEdits, collectSafeEdits } from './lint/fix';
import { runSimulateCommand } from './simulateCommand';

declare const BGTASKS_VERSION: string | undefined;
const VERSION = typeof BGTASKS_VERSION === 'string' ? BGTASKS_VERSION : '0.0.0-dev';

const USAGE = `Usage:
  bgtasks lint [paths…] [options]       Find BackgroundTasks mistakes in iOS projects
  bgtasks simulate [path] [options]     Simulate how iOS would schedule the project's tasks

lint options:
  --format <format>          Output format (default: text):
                               text    file:line:col severity message [rule], then a summary
                               json    findings, problems and a summary as JSON
                               sarif   SARIF 2.1.0 for GitHub code scanning
                               github  GitHub Actions annotations (::error file=…,line=…::message)
                               xcode   Xcode issues for a Run Script phase (/abs/path:line:col: error: message)
                               junit   JUnit XML for CI test reports (GitLab, Jenkins)
  --rule <id>=<severity>     Set a rule's severity: off, info, warning, error (repeatable; also --rule=<id>=<severity>)
  --max-warnings <n>         Exit with 1 when there are more than n warnings
  --fix                      Apply safe fixes to the files, then report what is left
  --output <file>            Write the report to a file instead of stdout
  --debug                    Say on stderr which questions ran out of their work budget (answered "unknown")

simulate options:
  --scenario <file>          A *.bgscenario.json file (default: the "commuter" preset)
  --preset <name>            Start from a named preset
  --days <n>                 Days to simulate
  --seed <n>                 Random seed
  --format text|json         Output format (default: text)

  --help, --version
`;

/** Where the CLI writes and which folder relative paths start from. Tests run main() in-process with their own. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
}

const processIo = (): CliIo => ({
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
  cwd: process.cwd(),
});

const LINT_FORMATS = ['text', 'json', 'sarif', 'github', 'xcode', 'junit'] as const;
type LintFormat = (typeof LINT_FORMATS)[number];

interface LintArgs {
  paths: string[];
  format: LintFormat;
  rules: Record<string, SeveritySetting>;
  maxWarnings?: number;
  fix: boolean;
  output?: string;
  debug: boolean;
}

const LINT_OPTIONS = {
  format: { type: 'string' },
  rule: { type: 'string', multiple: true },
  'max-warnings': { type: 'string' },
  fix: { type: 'boolean' },
  output: { type: 'string', short: 'o' },
  debug: { type: 'boolean' },
} as const;

function parseLintArgs(argv: string[]): LintArgs {
  const { values, positionals } = parseCommandArgs(argv, LINT_OPTIONS);
  const out: LintArgs = { paths: positionals.length ? positionals : ['.'], format: 'text', rules: {}, fix: values.fix === true, debug: values.debug === true };
  const format = values.format as string | undefined;
  if (format !== undefined) {
    if (!(LINT_FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format "${format}" (use ${LINT_FORMATS.slice(0, -1).join(', ')} or ${LINT_FORMATS.at(-1)})`);
    out.format = format as LintFormat;
  }
  const known = new Set(allRules.map((r) => r.meta.id));
  for (const spec of (values.rule as string[] | undefined) ?? []) {
    const eq = spec.indexOf('=');
    if (eq <= 0) throw new UsageError(`--rule expects <id>=${SEVERITY_SETTINGS.join('|')}, got "${spec}"`);
    const checked = checkRuleSeverity(spec.slice(0, eq), spec.slice(eq + 1), known);
    if ('problem' in checked) throw new UsageError(`--rule: ${checked.problem}`);
    out.rules[spec.slice(0, eq)] = checked.severity;
  }
  const maxWarnings = values['max-warnings'] as string | undefined;
  if (maxWarnings !== undefined) {
    // Digits only: Number() would also take '', '1e3' and '0x10'.
    if (!/^\d{1,9}$/.test(maxWarnings)) throw new UsageError('--max-warnings expects a whole number');
    out.maxWarnings = Number(maxWarnings);
  }
  if (typeof values.output === 'string') out.output = values.output;
  return out;
}

/** A file argument is linted in the context of its project: the nearest folder holding an .xcodeproj, project.yml or .git. */
function projectRootOf(file: string): string {
  let dir = path.dirname(file);
  for (let i = 0; i < 12; i++) {
    try {
      const entries = readdirSync(dir);
      if (entries.some((e) => e.endsWith('.xcodeproj') || e === 'project.yml' || e === '.git' || e === 'package.json')) return dir;
    } catch {
      break;
    }
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return path.dirname(file);
}

async function runLint(argv: string[], io: CliIo): Promise<number> {
  const args = parseLintArgs(argv);
  const cwd = io.cwd;
  const results: LintResult[] = [];
  const configProblems: string[] = [];
  const rulesRan = new Set<string>();
  for (const p of args.paths) {
    const abs = path.resolve(cwd, p);
    if (!existsSync(abs)) throw new UsageError(`no such file or folder: ${p}`);
    const isFile = statSync(abs).isFile();
    const root = isFile ? projectRootOf(abs) : abs;
    let result = await lintRoot(root, { overrides: { rules: args.rules } });
    // Apply safe fixes until none is left (fixes that clash in one pass land in the next), at most ten passes.
    // Only the findings that will be reported are fixed: for a file argument, that file's findings (their fixes may
    // still edit the plist they name). A file that is not valid UTF-8 is left alone rather than rewritten with U+FFFD.
    const skipped = new Set<string>();
    for (let pass = 0; args.fix && pass < 10; pass++) {
      const edits = collectSafeEdits(isFile ? result.findings.filter((f) => f.file === abs) : result.findings);
      for (const f of skipped) edits.delete(f);
      if (!edits.size) break;
      for (const [file, list] of edits) {
        const bytes = readFileSync(file);
        const text = bytes.toString('utf8');
        if (!Buffer.from(text, 'utf8').equals(bytes)) {
          skipped.add(file);
          io.stderr(`bgtasks: not fixing ${safe(path.relative(cwd, file) || file)}: it is not valid UTF-8\n`);
          continue;
        }
        writeFileSync(file, applyEdits(text, list));
      }
      result = await lintRoot(root, { overrides: { rules: args.rules } });
    }
    configProblems.push(...result.configProblems);
    if (args.format === 'junit') for (const id of enabledRules(root, args.rules)) rulesRan.add(id);
    if (args.debug) for (const g of result.gaveUp) io.stderr(`bgtasks: gave up on ${safe(g.question)}: ${safe(g.why)}\n`);
    if (isFile) result = { ...result, findings: result.findings.filter((f) => f.file === abs), problems: result.problems.filter((x) => x.file === abs) };
    results.push(result);
  }
  for (const p of configProblems) io.stderr(`bgtasks: ${safe(p)}\n`);
  const report = formatReport(args.format, results, cwd, rulesRan);
  if (args.output) {
    const out = path.resolve(cwd, args.output);
    try {
      writeFileSync(out, report);
    } catch (e) {
      // A missing folder, a folder, no permission: a one-line message, not a stack trace.
      throw new UsageError(`cannot write --output ${args.output}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  } else io.stdout(report);
  const all = results.flatMap((r) => r.findings);
  const errors = all.filter((f) => f.severity === 'error').length;
  const warnings = all.filter((f) => f.severity === 'warning').length;
  return errors > 0 || (args.maxWarnings !== undefined && warnings > args.maxWarnings) ? 1 : 0;
}

function formatReport(format: LintFormat, results: LintResult[], cwd: string, rulesRan: ReadonlySet<string>): string {
  switch (format) {
    case 'json':
      return formatJson(results, cwd);
    case 'sarif':
      return formatSarif(results, cwd, VERSION);
    case 'github':
      return formatGithub(results, cwd);
    case 'xcode':
      return formatXcode(results, cwd);
    case 'junit':
      return formatJunit(results, cwd, allRules.map((r) => r.meta.id).filter((id) => rulesRan.has(id)));
    default:
      return formatText(results, cwd);
  }
}

/** The rules lintRoot ran for `root`: every rule that neither .bgtasksrc.json nor --rule turned off (for the JUnit suites). */
function enabledRules(root: string, overrides: Record<string, SeveritySetting>): string[] {
  const known = new Set(allRules.map((r) => r.meta.id));
  const config = mergeConfigs(loadConfigFile(root, diskFileSystem, known).config, { rules: overrides });
  return allRules.filter((r) => config.rules[r.meta.id] !== 'off').map((r) => r.meta.id);
}

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
      io.stdout(USAGE);
      return cmd ? 0 : 2;
    }
    if (cmd === '--version' || cmd === '-v') {
      io.stdout(VERSION + '\n');
      return 0;
    }
    if (cmd === 'lint') return await runLint(rest, io);
    if (cmd === 'simulate') return await runSimulateCommand(rest, io);
    throw new UsageError(`unknown command "${cmd}"`);
  } catch (e) {
    if (e instanceof HelpRequested) {
      io.stdout(USAGE);
      return 0;
    }
    if (e instanceof UsageError) {
      // One line: the problem and where the options are listed.
      io.stderr(`bgtasks: ${safe(e.message)} (see bgtasks ${cmd === 'lint' ? 'lint ' : ''}--help)\n`);
      return 2;
    }
    io.stderr(`bgtasks: internal error: ${(e as Error).stack ?? e}\n`);
    return 2;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}

export { HelpRequested, UsageError };
