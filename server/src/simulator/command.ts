/**
 * `bgtasks simulate` without the I/O: the run itself, so server/src/simulateCommand.ts only parses the arguments, reads
 * the scenario file and the workspace's tasks and prints what this returns. (Argument parsing uses node:util, which
 * the simulator, also bundled into the webview, must not import.)
 */
import type { TaskSummary } from '../protocol/tasks';
import { tasksFromSummaries } from './adapter';
import { runSimulation } from './engine';
import { formatSimulationJson, formatSimulationText } from './format';
import { parseScenario } from './parseScenario';
import { presetByName, presets } from './presets';
import { defaultScenario, type Scenario } from './scenario';

export interface SimulateArgs {
  scenarioPath?: string;
  preset?: string;
  days?: number;
  seed?: number;
  format: 'text' | 'json';
  /** JSON only: include the event log and runs. */
  events: boolean;
}

export const SIMULATE_USAGE = `Usage: bgtasks simulate [path] [--scenario file.bgscenario.json | --preset ${presets.map((p) => p.id).join('|')}] [--days N] [--seed N] [--format text|json] [--events]`;

export interface SimulateOutput {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the simulation for the CLI. `scenarioText` is the content of `--scenario` (the caller reads
 * the file); `--days` and `--seed` override the scenario's values.
 */
export function simulateForCli(args: SimulateArgs, summaries: readonly TaskSummary[], scenarioText?: string): SimulateOutput {
  let scenario: Scenario = args.preset ? presetByName(args.preset)! : defaultScenario();
  if (scenarioText !== undefined) {
    const parsed = parseScenario(scenarioText);
    if (parsed.errors) {
      const where = args.scenarioPath ?? 'scenario';
      return { exitCode: 2, stdout: '', stderr: `${where}: invalid scenario\n${parsed.errors.map((e) => `  ${e}`).join('\n')}\n` };
    }
    scenario = parsed.scenario;
  }
  if (args.days !== undefined) scenario.days = args.days;
  if (args.seed !== undefined) scenario.seed = args.seed;
  const result = runSimulation(tasksFromSummaries(summaries), scenario);
  const stdout = args.format === 'json' ? formatSimulationJson(result, { events: args.events }) : formatSimulationText(result);
  return { exitCode: 0, stdout, stderr: '' };
}
