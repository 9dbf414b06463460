// Not a test: shows that scenarios which used to run out of memory (issue 15 item 9) now end in bounded
// time and memory. Each case runs in its own Node process (with test/bench/rss.cjs reporting peak RSS),
// under a hard 60 s timeout and a 1 GB heap so that an unbounded case fails visibly instead of taking the machine.
// Usage: node test/bench/simulator-bounds.mjs   (prints one line per case: wall time, peak RSS, events, note)
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const LIMIT_MS = 2000;
const LIMIT_MB = 200;

/** A processing task (or another kind) whose handler resubmits at its start: the chain never stops on its own. */
const task = (kind, id) => ({
  id, kind, permitted: true, registered: true, submitted: true, earliestBeginDelaySeconds: 0,
  requiresExternalPower: false, requiresNetworkConnectivity: false, handlerKnown: true,
  setsExpirationHandler: true, completesOnAllPaths: true, resubmits: 'start', sites: {}, reportsProgress: true,
});

const zero = { kind: 'fixed', seconds: 0 };
const oneSecond = { kind: 'fixed', seconds: 1 };
const kinds = ['refresh', 'processing', 'healthResearch', 'continuedProcessing'];
const many = (n) => kinds.flatMap((k) => Array.from({ length: n }, (_, i) => task(k, `com.example.${k}.${i}`)));
/** Every chance to launch: one-second handlers, the smallest spacings the schema allows, no idle wait or spread. */
const flatOut = {
  days: 120,
  durations: { refresh: oneSecond, processing: oneSecond, healthResearch: oneSecond, continuedProcessing: oneSecond },
  usage: { actions: [{ label: 'Taps export', days: 'daily', probability: 1 }] },
  model: {
    processingMinSpacingHours: 0.25, minLaunchSpacingMinutes: 1, processingLaunchesPerWindow: 100, processingSchedulerSpreadMinutes: 0, processingIdleMinutes: 0,
    processingOnBatteryIdleMinutes: 0, processingOnBatteryMinPercent: 0, refreshRunsWhileAppInForeground: true, refreshWithoutPredictionAfterHours: 0,
    refreshLeadMinutes: 720, continuedProcessingMaxConcurrent: 100, dailyBudgetSeconds: 86400, criticalBatteryPercent: 0, appStaysInMemoryMinutes: 0,
  },
};

/**
 * [name, tasks, scenario file, edits]: the file goes through parseScenario (the CLI's and the panel's way in);
 * `edits` (JavaScript on the parsed scenario `s`) then set values the file may not, as a direct API caller could.
 */
const cases = [
  // Issue 15 item 9, as files: now rejected with a message.
  ['file: processing 0 s, spacing 0 h', [task('processing', 'com.example.process')], { durations: { processing: zero }, model: { processingMinSpacingHours: 0 } }],
  ['file: continued processing 0 s', [task('continuedProcessing', 'com.example.export')], { durations: { continuedProcessing: zero } }],
  ['file: health research 0 s, spacing 0 h', [task('healthResearch', 'com.example.study')], { durations: { healthResearch: zero }, model: { processingMinSpacingHours: 0 } }],
  ['file: refresh 0 s, batch spacing 0 min', [task('refresh', 'com.example.refresh')], { durations: { refresh: zero }, model: { minLaunchSpacingMinutes: 0 } }],
  // The same values handed to simulate() directly (no schema): the engine's own floor and event cap hold.
  ['direct: refresh 0 s, batch spacing 0 (ran out of memory before)', [task('refresh', 'com.example.refresh')], { model: { refreshRunsWhileAppInForeground: true, refreshLeadMinutes: 720, refreshWithoutPredictionAfterHours: 0 } },
    "s.durations.refresh = { kind: 'fixed', seconds: 0 }; s.model.minLaunchSpacingMinutes = 0;"],
  ['direct: every kind 0 s, every spacing 0, 120 days', many(1), flatOut,
    "for (const k of ['refresh', 'processing', 'healthResearch', 'continuedProcessing']) s.durations[k] = { kind: 'fixed', seconds: 0 }; s.model.minLaunchSpacingMinutes = 0; s.model.processingMinSpacingHours = 0;"],
  // Valid files at the floors: bounded by the event cap, with the note.
  ['file: every kind 1 s, spacings at their floors, 120 days, 1 task each', many(1), flatOut],
  ['file: every kind 1 s, spacings at their floors, 120 days, 25 tasks each', many(25), flatOut],
];

const dir = mkdtempSync(path.join(tmpdir(), 'bgtasks-bounds-'));
try {
  const engine = path.join(dir, 'simulator.cjs');
  await esbuild.build({ entryPoints: [path.join(root, 'server/src/simulator/index.ts')], outfile: engine, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' });
  let ok = true;
  for (const [name, tasks, doc, edits = ''] of cases) {
    const runner = path.join(dir, 'case.cjs');
    writeFileSync(runner, `
      const sim = require(${JSON.stringify(engine)});
      const t0 = performance.now();
      const parsed = sim.parseScenario(${JSON.stringify(JSON.stringify(doc))});
      if (parsed.errors) { console.log(JSON.stringify({ ms: performance.now() - t0, rejected: parsed.errors })); return; }
      const s = parsed.scenario;
      ${edits}
      const r = sim.simulate(${JSON.stringify(tasks)}, s);
      console.log(JSON.stringify({ ms: performance.now() - t0, events: r.events.length, runs: r.runs.length, notes: r.stopped ? [r.stopped.note] : [] }));
    `);
    const p = spawnSync(process.execPath, ['--max-old-space-size=1024', '--require', path.join(root, 'test/bench/rss.cjs'), runner], { encoding: 'utf8', timeout: 60_000 });
    const rssKb = Number(/maxRSS=(\d+)/.exec(p.stderr)?.[1] ?? NaN);
    const mb = rssKb / 1024;
    let out;
    try { out = JSON.parse(p.stdout.trim().split('\n').pop()); } catch { out = { ms: NaN, crashed: (p.stderr || String(p.error)).split('\n').filter(Boolean).slice(-2).join(' ') }; }
    const within = out.ms <= LIMIT_MS && mb <= LIMIT_MB;
    ok &&= within;
    const what = out.rejected ? `rejected: ${out.rejected.join('; ')}` : out.crashed ? `CRASHED: ${out.crashed}` : `${out.events} events, ${out.runs} launches${out.notes.length ? `; ${out.notes.join(' ')}` : ''}`;
    console.log(`${within ? 'ok  ' : 'OVER'} ${name}: ${Number.isFinite(out.ms) ? out.ms.toFixed(0) : '?'} ms, ${mb.toFixed(0)} MB peak RSS; ${what}`);
  }
  console.log(ok ? `every case within ${LIMIT_MS} ms and ${LIMIT_MB} MB` : `some case is over ${LIMIT_MS} ms or ${LIMIT_MB} MB`);
  process.exitCode = ok ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
