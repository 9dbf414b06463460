// Benchmark (not a test): the scheduler simulator on 20 tasks × 30 days.
// Builds the engine with esbuild into a temp dir, runs a warm-up, then reports the median and the
// fastest of several runs, in wall time and in CPU time of this process.
// Then `bgtasks simulate examples/FilmTracker --days 30` end to end (a whole process, the build in $BGTASKS_DIST or
// dist/), alternating with a bare `node -e 0` so the share of Node's own start is measured in the same runs.
// Usage: node test/bench/simulator.bench.mjs [--runs N]
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 21;
const BUDGET_MS = 30;
const E2E_BUDGET_MS = 500;
const DIST = process.env.BGTASKS_DIST ? path.resolve(process.env.BGTASKS_DIST) : path.join(root, 'dist');

const dir = mkdtempSync(path.join(tmpdir(), 'bgtasks-bench-'));
try {
  const outfile = path.join(dir, 'simulator.mjs');
  await esbuild.build({ entryPoints: [path.join(root, 'server/src/simulator/index.ts')], outfile, bundle: true, platform: 'neutral', format: 'esm', target: 'es2022', logLevel: 'warning' });
  const sim = await import(pathToFileURL(outfile).href);

  // A realistic worst case: every task submitted, a third refresh, the rest processing with mixed
  // requirements and handler defects, in the commuter preset (pickups, sessions, network changes).
  const resubmits = ['start', 'end', 'never', 'unknown'];
  const tasks = Array.from({ length: 20 }, (_, i) => ({
    id: `com.example.app.task${String(i).padStart(2, '0')}`,
    kind: i % 3 === 0 ? 'refresh' : 'processing',
    permitted: true,
    registered: true,
    submitted: true,
    earliestBeginDelaySeconds: 900 * (i % 4),
    requiresExternalPower: i % 2 === 0,
    requiresNetworkConnectivity: i % 3 === 0,
    handlerKnown: true,
    setsExpirationHandler: i % 5 !== 0,
    completesOnAllPaths: i % 7 !== 0,
    resubmits: resubmits[i % 4],
    sites: {},
  }));
  const scenario = sim.presetByName('commuter-weekday');
  scenario.days = 30;

  let events = 0;
  for (let i = 0; i < 5; i++) events = sim.simulate(tasks, scenario).events.length; // warm-up (JIT)
  const wall = [];
  const cpu = [];
  for (let i = 0; i < RUNS; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    sim.simulate(tasks, scenario);
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const min = (xs) => Math.min(...xs);
  const w = median(wall);
  console.log(`simulator: 20 tasks × 30 days, ${events} events, ${RUNS} runs`);
  console.log(`  wall  median ${w.toFixed(1)} ms, fastest ${min(wall).toFixed(1)} ms (budget ${BUDGET_MS} ms: ${w <= BUDGET_MS ? 'within' : 'OVER'})`);
  console.log(`  cpu   median ${median(cpu).toFixed(1)} ms, fastest ${min(cpu).toFixed(1)} ms`);

  const cli = path.join(DIST, 'cli.js');
  if (!existsSync(cli)) console.log(`simulate end to end: skipped (no build at ${DIST})`);
  else {
    const time = (args) => {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
      return performance.now() - t0;
    };
    const simArgs = [cli, 'simulate', path.join(root, 'examples/FilmTracker'), '--days', '30'];
    time(simArgs);
    const e2e = [];
    const bare = [];
    for (let i = 0; i < 11; i++) {
      e2e.push(time(simArgs));
      bare.push(time(['-e', '0']));
    }
    const m = median(e2e);
    console.log(`simulate --days 30 on examples/FilmTracker, whole process, 11 runs`);
    console.log(`  wall  median ${m.toFixed(0)} ms, fastest ${min(e2e).toFixed(0)} ms (budget ${E2E_BUDGET_MS} ms: ${m <= E2E_BUDGET_MS ? 'within' : 'OVER'}); node -e 0 alone: median ${median(bare).toFixed(0)} ms`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
