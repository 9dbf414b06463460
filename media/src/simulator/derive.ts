/**
 * The simulation result for a view state, memoised on the identity of the inputs the reducer
 * replaces when they change (tasks and scenario), so moving the cursor never re-runs the engine.
 */
import type { TaskSummary } from '../../../server/src/protocol/tasks';
import { simulate, tasksFromSummaries } from '../../../server/src/simulator/index';
import type { Scenario, SimulationResult } from '../../../server/src/simulator/index';

let lastTasks: TaskSummary[] | null = null;
let lastScenario: Scenario | null = null;
let lastResult: SimulationResult | null = null;

export function deriveResult(tasks: TaskSummary[], scenario: Scenario): SimulationResult {
  if (lastResult && tasks === lastTasks && scenario === lastScenario) return lastResult;
  lastTasks = tasks;
  lastScenario = scenario;
  lastResult = simulate(tasksFromSummaries(tasks), scenario);
  return lastResult;
}
