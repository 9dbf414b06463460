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
import { parseSimulateArgs, runSimulateCommand as run, SIMULATE_USAGE } from './simulator';

/** Where the command writes and which folder relative paths start from (the CLI's CliIo). */
export interface SimulateIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
}

const processIo = (): SimulateIo => ({ stdout: (t) => void process.stdout.write(t), stderr: (t) => void process.stderr.write(t), cwd: process.cwd() });

export async function runSimulateCommand(argv: string[], io: SimulateIo = processIo()): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(`${SIMULATE_USAGE}\n`);
    return 0;
  }
  const parsed = parseSimulateArgs(argv);
  if ('error' in parsed) {
    io.stderr(`bgtasks: ${parsed.error}\n\n${SIMULATE_USAGE}\n`);
    return 2;
  }
  const { args, positional } = parsed;
  if (positional.length > 1) {
    io.stderr(`bgtasks: simulate takes one project folder\n\n${SIMULATE_USAGE}\n`);
    return 2;
  }
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
  const out = run(args, summaries, scenarioText);
  if (timing) {
    io.stderr(
      `bgtasks timing: process start → load ${t0.toFixed(0)} ms, load ${(t1 - t0).toFixed(0)} ms, task facts ${(t2 - t1).toFixed(0)} ms, simulation ${(performance.now() - t2).toFixed(0)} ms\n`,
    );
  }
  if (out.stdout) io.stdout(out.stdout);
  if (out.stderr) io.stderr(out.stderr);
  return out.exitCode;
}
