/**
 * Public API of the scheduler simulator: a pure, deterministic model of when BGTaskScheduler would
 * launch the workspace's tasks, and why not. No vscode, no DOM, no Node APIs: the language server,
 * the CLI and the webview all bundle it. Model and facts: docs/simulator-model.md.
 */
import type { TaskSummary } from '../protocol/tasks';
import { tasksFromSummaries } from './adapter';
import { runSimulation } from './engine';
import type { Scenario } from './scenario';
import type { SimTask, SimulationResult } from './types';

export type * from './types';
export { STOPPED_HINT_ID } from './types';
export { MAX_EVENTS_PER_RUN } from './engine';
export type { Scenario, ScenarioFile, ModelParameters, DurationDistribution, RecurringWindow, UsageSession, DevicePeriod, DeviceSettings, DaySelector, Weekday, TaskBehaviour, AppSubmitPolicy, PenaltyParameters, UserAction } from './scenario';
export { DEFAULT_MODEL, WEEKDAYS, defaultScenario, cloneScenario } from './scenario';
export { parseScenario, MAX_DAYS, type ParseScenarioResult } from './parseScenario';
export { presets, presetByName, type Preset } from './presets';
export { whyNot, type WhyNotAnswer } from './whyNot';
export { tasksFromSummaries } from './adapter';
export { formatSimulationText, formatSimulationJson, simulationJson, submitSummary, crashSummary } from './format';
export { parseSimulateArgs, runSimulateCommand, SIMULATE_USAGE, type SimulateArgs, type SimulateOutput } from './command';
export { REASON_FACTS } from './conditions';
export { DAY, HOUR, MINUTE, formatTime, formatTimeOfDay, formatDuration } from './clock';

/** Runs the scenario for the given tasks. Same tasks + same scenario (seed included) → identical result. */
export function simulate(tasks: readonly SimTask[], scenario: Scenario): SimulationResult {
  return runSimulation(tasks, scenario);
}

/** Convenience for callers that hold the language server's summaries. */
export function simulateSummaries(summaries: readonly TaskSummary[], scenario: Scenario): SimulationResult {
  return runSimulation(tasksFromSummaries(summaries), scenario);
}
