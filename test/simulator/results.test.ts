/** The adapter from TaskSummary, the statistics, "why not", hints and the CLI formatting. */
import { describe, expect, it } from 'vitest';
import type { TaskSummary } from '../../server/src/protocol/tasks';
import {
  formatSimulationJson,
  formatSimulationText,
  simulate,
  simulateForCli,
  tasksFromSummaries,
  whyNot,
} from '../../server/src/simulator/index';
import { percentile } from '../../server/src/simulator/stats';
import { parseSimulateArgs } from '../../server/src/simulateCommand';
import { HR, at, dailyOpen, quietScenario, task } from './helpers';

const summary = (over: Partial<TaskSummary> = {}): TaskSummary => ({
  id: 'com.example.refresh',
  kind: 'refresh',
  permitted: true,
  registered: true,
  submitted: true,
  sites: { register: { uri: 'file:///app/AppDelegate.swift', line: 10, character: 4 } },
  findings: 0,
  ...over,
});

describe('tasksFromSummaries', () => {
  it('maps request options and handler facts, and marks missing handler facts as assumptions', () => {
    const [a, b] = tasksFromSummaries([
      summary({ request: { earliestBeginDelaySeconds: 900, requiresExternalPower: true }, handler: { setsExpirationHandler: false, completesOnAllPaths: false, resubmits: 'never' } }),
      summary({ id: 'b', kind: 'processing' }),
      summary({ id: 'b', kind: 'refresh' }),
    ]);
    expect(a).toMatchObject({ earliestBeginDelaySeconds: 900, requiresExternalPower: true, requiresNetworkConnectivity: false, setsExpirationHandler: false, completesOnAllPaths: false, resubmits: 'never', handlerKnown: true });
    expect(a.sites.register?.line).toBe(10);
    expect(b).toMatchObject({ id: 'b', kind: 'processing', handlerKnown: false, resubmits: 'unknown', earliestBeginDelaySeconds: 0 });
  });

  it('ignores a negative or non-finite delay', () => {
    expect(tasksFromSummaries([summary({ request: { earliestBeginDelaySeconds: -5 } })])[0].earliestBeginDelaySeconds).toBe(0);
    expect(tasksFromSummaries([summary({ request: { earliestBeginDelaySeconds: Number.NaN } })])[0].earliestBeginDelaySeconds).toBe(0);
  });
});

describe('statistics', () => {
  it('percentile is nearest-rank', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(percentile([1, 2, 3, 4], 0.95)).toBe(4);
    expect(percentile([7], 0.95)).toBe(7);
  });

  it('freshness at open is the time since the last successful completion', () => {
    const sc = quietScenario((s) => {
      s.days = 6;
      s.usage.sessions = [dailyOpen('08:00'), dailyOpen('20:00')];
    });
    const r = simulate([task()], sc);
    const s = r.stats[0];
    const successes = r.runs.filter((x) => x.success).map((x) => x.end);
    const expected = r.bands.opens
      .map((o) => successes.filter((e) => e <= o).pop())
      .map((e, i) => (e === undefined ? undefined : r.bands.opens[i] - e))
      .filter((x): x is number => x !== undefined)
      .sort((a, b) => a - b);
    expect(s.opensWithoutData).toBe(r.bands.opens.length - expected.length);
    expect(s.freshnessP50Seconds).toBe(percentile(expected, 0.5));
    expect(s.freshnessP95Seconds).toBe(percentile(expected, 0.95));
    // Once learned, a refresh runs 15 minutes before each open: the median open sees data that fresh.
    expect(s.freshnessP50Seconds!).toBeLessThanOrEqual(15 * 60);
    expect(s.launchesPerDay).toBeCloseTo(r.runs.length / 6, 2);
    expect(s.successRate).toBe(1);
  });

  it('mean delay past earliestBeginDate averages launch − floor', () => {
    const r = simulate([task()], quietScenario((s) => ((s.days = 4), (s.usage.sessions = [dailyOpen('08:00')]))));
    const mean = r.runs.reduce((a, x) => a + (x.start - x.earliestBegin), 0) / r.runs.length;
    expect(r.stats[0].meanDelaySeconds).toBe(Math.round(mean));
  });
});

describe('whyNot', () => {
  it('lists every unmet condition of a pending request, each with its fact', () => {
    const sc = quietScenario((s) => {
      s.usage.sessions = [dailyOpen('08:00')];
      s.device.baseline.network = 'none';
    });
    const r = simulate([task({ id: 'p', kind: 'processing', requiresExternalPower: true, requiresNetworkConnectivity: true, earliestBeginDelaySeconds: 10 * HR })], sc);
    const a = whyNot(r, 'p', at(0, '12:00'));
    expect(a.status).toBe('pending');
    expect(a.reasons.map((x) => x.code).sort()).toEqual(['beforeEarliestBeginDate', 'needsExternalPower', 'needsNetwork']);
    expect(a.reasons.every((x) => x.fact.length > 0 && x.text.length > 0)).toBe(true);
    expect(whyNot(r, 'p', at(0, '07:00')).status).toBe('notPending');
    expect(whyNot(r, 'nope', 0).status).toBe('notSimulated');
  });

  it('says running while a launch runs', () => {
    const r = simulate([task()], quietScenario((s) => ((s.days = 2), (s.usage.sessions = [dailyOpen('08:00')]), (s.durations.refresh = { kind: 'fixed', seconds: 20 }))));
    const run = r.runs[0];
    expect(whyNot(r, 'com.example.refresh', run.start + 10).status).toBe('running');
  });
});

describe('hints', () => {
  it('flags the chain-ending handler, the missing expirationHandler and never-completing paths', () => {
    const r = simulate([task({ resubmits: 'never', setsExpirationHandler: false, completesOnAllPaths: false })], quietScenario((s) => (s.usage.sessions = [dailyOpen('08:00')])));
    const texts = r.hints.map((h) => h.text).join('\n');
    expect(texts).toContain('never resubmits');
    expect(texts).toContain('No expirationHandler');
    expect(texts).toContain('never call setTaskCompleted');
  });
});

describe('CLI formatting and command', () => {
  const summaries = [summary({ sites: {} }), summary({ id: 'com.example.clean', kind: 'processing', request: { requiresExternalPower: true } })];

  it('text output has a row per task with the freshness columns', () => {
    const r = simulate(tasksFromSummaries(summaries), quietScenario((s) => ((s.days = 3), (s.usage.sessions = [dailyOpen('08:00')]))));
    const text = formatSimulationText(r);
    expect(text).toMatch(/Task\s+Kind\s+Launch\/day\s+Success\s+Mean delay\s+Fresh p50\s+Fresh p95/);
    expect(text).toContain('com.example.refresh');
    expect(text).toContain('com.example.clean');
    const json = JSON.parse(formatSimulationJson(r));
    expect(json.stats).toHaveLength(2);
    expect(json.stats[0]).toHaveProperty('freshnessP95Seconds');
  });

  it('parses arguments and reports bad ones', () => {
    expect(parseSimulateArgs(['--days', '5', '--format=json', 'examples/App'])).toEqual({ args: { days: 5, format: 'json', events: false }, positional: ['examples/App'] });
    expect('error' in parseSimulateArgs(['--days', 'x'])).toBe(true);
    expect('error' in parseSimulateArgs(['--format', 'xml'])).toBe(true);
    expect('error' in parseSimulateArgs(['--bogus'])).toBe(true);
  });

  it('runs with a scenario text and overrides, and rejects a bad scenario with exit code 2', () => {
    const ok = simulateForCli({ format: 'json', events: false, days: 2 }, summaries, JSON.stringify({ extends: 'overnight-charger', days: 9 }));
    expect(ok.exitCode).toBe(0);
    expect(JSON.parse(ok.stdout).scenario.days).toBe(2);
    const bad = simulateForCli({ format: 'text', events: false, scenarioPath: 'x.bgscenario.json' }, summaries, '{"days": "many"}');
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('x.bgscenario.json: invalid scenario');
    expect(bad.stderr).toContain('days: expected a number');
  });
});
