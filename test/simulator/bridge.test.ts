/**
 * The bridge from the analysis to the simulator (server/src/lint/summaries.ts): the facts it reads on
 * the example apps, and what the simulation then shows for them.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lintRoot } from '../../server/src/lint/run';
import { taskSummaries } from '../../server/src/lint/summaries';
import type { TaskSummary } from '../../server/src/protocol/tasks';
import { isTaskSummary } from '../../server/src/protocol/simulatorMessages';
import { runSimulation } from '../../server/src/simulator/engine';
import { defaultScenario, simulateSummaries, tasksFromSummaries } from '../../server/src/simulator/index';

const examples = path.resolve(__dirname, '../../examples');
let broken: TaskSummary[];
let fixed: TaskSummary[];
const byId = (list: TaskSummary[], id: string) => list.find((t) => t.id === `com.example.filmtracker.${id}`)!;

beforeAll(async () => {
  const a = await lintRoot(path.join(examples, 'FilmTracker'));
  broken = taskSummaries(a.analysis, a.findings);
  const b = await lintRoot(path.join(examples, 'FilmTracker-fixed'));
  fixed = taskSummaries(b.analysis, b.findings);
}, 60_000);

describe('simulation facts from the analysis (FilmTracker)', () => {
  it('crashes at launch: as! type mismatch, duplicate registration, registration after launch', () => {
    expect(byId(broken, 'ratings-export').simulation?.launchCrash?.cause).toBe('typeMismatch');
    expect(byId(broken, 'ratings-export').simulation?.launchCrash?.text).toContain('as! BGAppRefreshTask');
    expect(byId(broken, 'refresh').simulation?.launchCrash?.cause).toBe('duplicateRegistration');
    expect(byId(broken, 'thumbnails').simulation?.launchCrash?.cause).toBe('lateRegistration');
    expect(byId(broken, 'db-cleanup').simulation?.launchCrash).toBeUndefined();
    for (const t of fixed) expect(t.simulation?.launchCrash, t.id).toBeUndefined();
  });

  it('submit sites: every launch, the background transition, user actions', () => {
    const cleanup = byId(broken, 'db-cleanup').simulation!.submitPolicy!;
    expect(cleanup).toMatchObject({ known: true, launch: true, launchGuarded: false, background: false });
    expect(cleanup.where).toContain('application(_:didFinishLaunchingWithOptions:)');
    expect(byId(broken, 'refresh').simulation!.submitPolicy).toMatchObject({ background: true, launch: false, handler: true });
    expect(byId(broken, 'ratings-export').simulation!.submitPolicy).toMatchObject({ userAction: true, background: false, launch: false });
    // ThumbnailRenderer.scheduleIfNeeded() is called from a button; TrailerSync.shared.scheduleIfNeeded() in the
    // background arm is another type's method of the same name.
    expect(byId(broken, 'thumbnails').simulation!.submitPolicy).toMatchObject({ userAction: true, background: false });
    expect(byId(broken, 'health-study').simulation!.submitPolicy).toMatchObject({ userAction: true, handler: true, background: false, launch: false });
    // The fixed twin still submits at launch, but only when no request is pending.
    expect(byId(fixed, 'db-cleanup').simulation!.submitPolicy).toMatchObject({ launch: true, launchGuarded: true });
  });

  it('health research: .complete data and the entitlement', () => {
    const f = byId(broken, 'health-study').simulation!;
    expect(f.dataProtection).toBe('complete');
    expect(f.healthResearchEntitlement).toBe('present');
  });

  it('continued processing under a wildcard identifier is simulated, not dropped', () => {
    const t = broken.find((x) => x.id === 'com.example.filmtracker.export.*')!;
    expect(t).toMatchObject({ kind: 'continuedProcessing', permitted: true, registered: true, submitted: true });
    expect(t.simulation).toMatchObject({ wildcard: true, reportsProgress: true });
  });

  it('every summary, with its facts, passes the webview message check', () => {
    for (const t of [...broken, ...fixed]) expect(isTaskSummary(t), t.id).toBe(true);
  });
});

describe('what the simulation shows for FilmTracker', () => {
  it('the crashing tasks never succeed, and the hints name the crash', () => {
    const sc = defaultScenario();
    const r = simulateSummaries(broken, sc);
    for (const id of ['ratings-export', 'refresh', 'thumbnails']) {
      const s = r.stats.find((x) => x.taskId === `com.example.filmtracker.${id}`)!;
      expect(s.completes, id).toBe(0);
      expect(s.crashes, id).toBe(s.launches);
      expect(r.hints.some((h) => h.taskId === s.taskId && h.severity === 'error' && h.text.startsWith('Every launch crashes')), id).toBe(true);
    }
    const exp = r.stats.find((x) => x.taskId === 'com.example.filmtracker.export.*')!;
    expect(exp.launches).toBeGreaterThan(0);
    const fixedRun = simulateSummaries(fixed, sc);
    expect(fixedRun.stats.find((x) => x.taskId === 'com.example.filmtracker.refresh')!.successRate).toBe(1);
    // The engine's shortcuts give the same runs as looking at everything at every moment.
    for (const [list, run] of [[broken, r], [fixed, fixedRun]] as const) {
      expect(JSON.stringify(run.runs)).toBe(JSON.stringify(runSimulation(tasksFromSummaries(list), sc, { exhaustive: true }).runs));
    }
  });
});
