/**
 * `bgtasks simulate` without the I/O: argument parsing and the run itself, so server/src/cli.ts only
 * reads the scenario file and the workspace's tasks and prints what this returns.
 */
import type { TaskSummary } from '../protocol/tasks';
import { tasksFromSummaries } from './adapter';
import { runSimulation } from './engine';
import { formatSimulationJson, formatSimulationText } from './format';
import { MAX_DAYS, parseScenario } from './parseScenario';
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

/** Parses the arguments after `simulate`. Positional arguments are left for the caller (the project path). */
export function parseSimulateArgs(argv: readonly string[]): { args: SimulateArgs; positional: string[] } | { error: string } {
  const args: SimulateArgs = { format: 'text', events: false };
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string | undefined => {
      const eq = a.indexOf('=');
      if (eq >= 0) return a.slice(eq + 1);
      return argv[++i];
    };
    const name = a.startsWith('--') ? a.split('=')[0] : a;
    switch (name) {
      case '--scenario': {
        const v = value();
        if (!v) return { error: '--scenario needs a file path' };
        args.scenarioPath = v;
        break;
      }
      case '--preset': {
        const v = value();
        if (!v || !presetByName(v)) return { error: `--preset must be one of ${presets.map((p) => p.id).join(', ')}` };
        args.preset = v;
        break;
      }
      case '--days': {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 1 || n > MAX_DAYS) return { error: `--days must be a whole number from 1 to ${MAX_DAYS}` };
        args.days = n;
        break;
      }
      case '--seed': {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 0 || n > 2 ** 32 - 1) return { error: '--seed must be a whole number from 0 to 4294967295' };
        args.seed = n;
        break;
      }
      case '--format': {
        const v = value();
        if (v !== 'text' && v !== 'json') return { error: '--format must be text or json' };
        args.format = v;
        break;
      }
      case '--events':
        args.events = true;
        break;
      default:
        if (a.startsWith('-')) return { error: `unknown option ${a}\n${SIMULATE_USAGE}` };
        positional.push(a);
    }
  }
  if (args.scenarioPath && args.preset) return { error: 'use either --scenario or --preset, not both' };
  return { args, positional };
}

export interface SimulateOutput {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the simulation for the CLI. `scenarioText` is the content of `--scenario` (the caller reads
 * the file); `--days` and `--seed` override the scenario's values.
 */
export function runSimulateCommand(args: SimulateArgs, summaries: readonly TaskSummary[], scenarioText?: string): SimulateOutput {
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
