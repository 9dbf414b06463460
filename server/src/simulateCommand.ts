/** `bgtasks simulate`: reads the project's tasks and an optional scenario file, then prints the simulation. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { lintRoot } from './lint/run';
import { taskSummaries } from './lint/summaries';
import { parseSimulateArgs, runSimulateCommand as run, SIMULATE_USAGE } from './simulator';

export async function runSimulateCommand(argv: string[]): Promise<number> {
  const parsed = parseSimulateArgs(argv);
  if ('error' in parsed) {
    process.stderr.write(`bgtasks: ${parsed.error}\n\n${SIMULATE_USAGE}\n`);
    return 2;
  }
  const { args, positional } = parsed;
  if (positional.length > 1) {
    process.stderr.write(`bgtasks: simulate takes one project folder\n\n${SIMULATE_USAGE}\n`);
    return 2;
  }
  let scenarioText: string | undefined;
  if (args.scenarioPath) {
    try {
      scenarioText = readFileSync(args.scenarioPath, 'utf8');
    } catch (e) {
      process.stderr.write(`bgtasks: cannot read ${args.scenarioPath}: ${(e as Error).message}\n`);
      return 2;
    }
  }
  const root = path.resolve(positional[0] ?? '.');
  const result = await lintRoot(root);
  const out = run(args, taskSummaries(result.analysis, result.findings), scenarioText);
  if (out.stdout) process.stdout.write(out.stdout);
  if (out.stderr) process.stderr.write(out.stderr);
  return out.exitCode;
}
