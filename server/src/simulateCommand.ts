/**
 * `bgtasks simulate`: reads the project's tasks and an optional scenario file, then prints the simulation.
 * It needs the analysis and the task summaries (which run the few rules that describe crashes), not a
 * full lint: the other rules are skipped, which keeps the command quick.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Analysis } from './analysis/model/analysis';
import { Workspace } from './analysis/model/workspace';
import { diskFileSystem } from './analysis/project/fileSystem';
import { loadConfigFile, mergeConfigs } from './lint/config';
import { taskSummaries } from './lint/summaries';
import { allRules } from './rules';
import { MAX_DAYS, presetByName, presets, simulateForCli, SIMULATE_USAGE, type SimulateArgs } from './simulator';
import { HelpRequested, parseCommandArgs } from './cliArgs';

/** Where the command writes and which folder relative paths start from (the CLI's CliIo). */
export interface SimulateIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
}

const processIo = (): SimulateIo => ({ stdout: (t) => void process.stdout.write(t), stderr: (t) => void process.stderr.write(t), cwd: process.cwd() });

const SIMULATE_OPTIONS = {
  scenario: { type: 'string' },
  preset: { type: 'string' },
  days: { type: 'string' },
  seed: { type: 'string' },
  format: { type: 'string' },
  events: { type: 'boolean' },
} as const;

/** Parses the arguments after `simulate`. Positional arguments are left for the caller (the project path). */
export function parseSimulateArgs(argv: readonly string[]): { args: SimulateArgs; positional: string[] } | { error: string } | { help: true } {
  let values: Record<string, unknown>;
  let positional: string[];
  try {
    ({ values, positionals: positional } = parseCommandArgs(argv, SIMULATE_OPTIONS));
  } catch (e) {
    if (e instanceof HelpRequested) return { help: true };
    return { error: (e as Error).message };
  }
  const args: SimulateArgs = { format: 'text', events: values.events === true };
  const str = (k: string) => values[k] as string | undefined;
  if (str('scenario') !== undefined) {
    if (!str('scenario')) return { error: '--scenario needs a file path' };
    args.scenarioPath = str('scenario');
  }
  if (str('preset') !== undefined) {
    if (!presetByName(str('preset')!)) return { error: `--preset must be one of ${presets.map((p) => p.id).join(', ')}` };
    args.preset = str('preset');
  }
  // Number('') is 0 and Number(' 5') is 5: only plain digits count.
  const whole = (k: string) => (/^\d{1,10}$/.test(str(k)!) ? Number(str(k)) : NaN);
  if (str('days') !== undefined) {
    const n = whole('days');
    if (!Number.isInteger(n) || n < 1 || n > MAX_DAYS) return { error: `--days must be a whole number from 1 to ${MAX_DAYS}` };
    args.days = n;
  }
  if (str('seed') !== undefined) {
    const n = whole('seed');
    if (!Number.isInteger(n) || n < 0 || n > 2 ** 32 - 1) return { error: '--seed must be a whole number from 0 to 4294967295' };
    args.seed = n;
  }
  if (str('format') !== undefined) {
    const f = str('format');
    if (f !== 'text' && f !== 'json') return { error: '--format must be text or json' };
    args.format = f;
  }
  if (args.scenarioPath && args.preset) return { error: 'use either --scenario or --preset, not both' };
  return { args, positional };
}

export async function runSimulateCommand(argv: string[], io: SimulateIo = processIo()): Promise<number> {
  const parsed = parseSimulateArgs(argv);
  if ('help' in parsed) {
    io.stdout(`${SIMULATE_USAGE}\n`);
    return 0;
  }
  // Misuse: one line, like `bgtasks lint`.
  const usage = (message: string) => {
    io.stderr(`bgtasks: ${message} (see bgtasks simulate --help)\n`);
    return 2;
  };
  if ('error' in parsed) return usage(parsed.error);
  const { args, positional } = parsed;
  if (positional.length > 1) return usage('simulate takes one project folder');
  let scenarioText: string | undefined;
  if (args.scenarioPath) {
    try {
      scenarioText = readFileSync(path.resolve(io.cwd, args.scenarioPath), 'utf8');
    } catch (e) {
      io.stderr(`bgtasks: cannot read ${args.scenarioPath}: ${(e as Error).message}\n`);
      return 2;
    }
  }
  const timing = process.env.BGTASKS_TIMING === '1';
  const root = path.resolve(io.cwd, positional[0] ?? '.');
  if (!existsSync(root)) {
    io.stderr(`bgtasks: no such file or folder: ${positional[0]}\n`);
    return 2;
  }
  const t0 = performance.now();
  // The same workspace settings as `bgtasks lint` (.bgtasksrc.json: exclude, bundleIdentifier).
  const config = mergeConfigs(loadConfigFile(root, diskFileSystem, new Set(allRules.map((r) => r.meta.id))).config, {});
  const ws = await Workspace.load({ roots: [root], fs: diskFileSystem, exclude: config.exclude, bundleIdentifier: config.bundleIdentifier });
  const t1 = performance.now();
  const summaries = taskSummaries(new Analysis(ws), []);
  const t2 = performance.now();
  const out = simulateForCli(args, summaries, scenarioText);
  if (timing) {
    io.stderr(
      `bgtasks timing: process start → load ${t0.toFixed(0)} ms, load ${(t1 - t0).toFixed(0)} ms, task facts ${(t2 - t1).toFixed(0)} ms, simulation ${(performance.now() - t2).toFixed(0)} ms\n`,
    );
  }
  if (out.stdout) io.stdout(out.stdout);
  if (out.stderr) io.stderr(out.stderr);
  return out.exitCode;
}
