// Real shapes (issue 11): cold whole-process `bgtasks lint` side by side with ast-grep (3 trivial Swift rules,
// test/bench/astgrep/) on app folders and on the generated name-collision workspace (generate-collisions.mjs).
//
//   node test/bench/field.bench.mjs [app dirs…] [--runs N] [--no-collisions] [--only-collisions]
//   BGTASKS_FIELD_ROOT=/path/to/mirrors [BGTASKS_FIELD_APPS=a,b,c] node test/bench/field.bench.mjs
//   BGTASKS_DIST=/other/checkout/dist …   (benchmark another build; default: this checkout's dist/)
//
// Per folder: one unmeasured warm-up of each tool (so both read from the page cache), then N pairs (default 5) of
// alternating runs — bgtasks first in even pairs, ast-grep first in odd ones — so load that comes and goes on a shared
// machine hits both alike. Reported: wall-time median and min of each, the ratio bgtasks/ast-grep as the median of the
// per-pair ratios (and their range), CPU time (user+sys, from GNU time when present) and the CPU ratio, bgtasks' peak
// RSS (rss.cjs preload), ast-grep's peak RSS (GNU time), the 1-minute load average before and after, the app's git
// commit, and one extra unmeasured bgtasks run with BGTASKS_TIMING=1 --debug saying where its time went.
// On the collision workspace the findings are checked against the three seeded mistakes. A third runner, the Node
// floor (read-floor.cjs: start node, read every Swift file, nothing else), takes its turn in the same rotation: its
// ratio to ast-grep is the least any Node.js tool that reads the sources could reach.
// Prints JSON, then a table. Measures only: nothing passes or fails.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI, checkDist, DIST } from './dist.mjs';
import { COLLISION_FINDINGS, generateCollisions } from './generate-collisions.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const RSS = path.join(here, 'rss.cjs');
const FLOOR = path.join(here, 'read-floor.cjs');
const SGCONFIG = path.join(here, 'astgrep', 'sgconfig.yml');
export const DEFAULT_APPS = ['pocket-casts-ios', 'protonvpn-ios-mac-app', 'woocommerce-ios', 'mastodon-ios'];

function astGrepBin() {
  if (process.env.ASTGREP_BIN) return process.env.ASTGREP_BIN;
  const exe = process.platform === 'win32' ? 'ast-grep.exe' : 'ast-grep';
  const root = path.resolve(here, '../../node_modules/@ast-grep');
  for (const c of [path.join(root, 'cli', exe), ...(existsSync(root) ? readdirSync(root).filter((d) => d.startsWith('cli-')).map((d) => path.join(root, d, exe)) : [])]) {
    if (existsSync(c) && statSync(c).size > 100000) return c;
  }
  throw new Error('ast-grep not found: npm install (devDependency @ast-grep/cli) or set ASTGREP_BIN');
}

/** GNU time gives CPU time and peak RSS of any child; BSD/macOS time has no -f, then CPU is not reported. */
const GNU_TIME = (() => {
  const r = spawnSync('/usr/bin/time', ['-f', '%U', 'true'], { encoding: 'utf8' });
  return r.status === 0 ? '/usr/bin/time' : undefined;
})();

function timed(cmd, args, env) {
  const full = GNU_TIME ? [GNU_TIME, ['-f', 'BENCHTIME %e %U %S %M', cmd, ...args]] : [cmd, args];
  const t = performance.now();
  const r = spawnSync(full[0], full[1], { encoding: 'utf8', maxBuffer: 1 << 28, env: env ?? process.env });
  const wall = performance.now() - t;
  const m = /BENCHTIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr ?? '');
  return { wall, cpu: m ? (Number(m[2]) + Number(m[3])) * 1000 : undefined, rssMB: m ? Number(m[4]) / 1024 : undefined, r };
}

function runBgtasks(dir, extraEnv, extraArgs = []) {
  const x = timed(process.execPath, ['-r', RSS, CLI, 'lint', dir, '--format', 'json', ...extraArgs], extraEnv ? { ...process.env, ...extraEnv } : undefined);
  const maxRss = /maxRSS=(\d+)/.exec(x.r.stderr ?? '');
  if (x.r.status !== 0 && x.r.status !== 1) throw new Error(`bgtasks lint ${dir} exited ${x.r.status}: ${x.r.stderr?.slice(-2000)}`);
  return { ...x, rssMB: maxRss ? Number(maxRss[1]) / 1024 : x.rssMB };
}

function runAstGrep(bin, dir) {
  const x = timed(bin, ['scan', '-c', SGCONFIG, '--json=compact', dir]);
  if (x.r.status !== 0 && x.r.status !== 1) throw new Error(`ast-grep ${dir} exited ${x.r.status}: ${x.r.stderr?.slice(-2000)}`);
  return x;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const r0 = (x) => (x === undefined ? undefined : Math.round(x));
const r2 = (x) => (x === undefined ? undefined : +x.toFixed(2));
const load1 = () => +os.loadavg()[0].toFixed(2);

function folderSize(dir) {
  let files = 0;
  let bytes = 0;
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) {
        if (e.name !== '.git') walk(path.join(d, e.name));
      } else if (e.name.endsWith('.swift')) {
        files++;
        bytes += statSync(path.join(d, e.name)).size;
      }
    }
  };
  walk(dir);
  return { swiftFiles: files, swiftMB: +(bytes / 1e6).toFixed(1) };
}

function gitCommit(dir) {
  const r = spawnSync('git', ['-C', dir, 'rev-parse', 'HEAD'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** The Node floor: start node and read every Swift file, nothing else (read-floor.cjs). */
function runFloor(dir) {
  const x = timed(process.execPath, [FLOOR, dir]);
  if (x.r.status !== 0) throw new Error(`read-floor ${dir} exited ${x.r.status}: ${x.r.stderr?.slice(-2000)}`);
  return x;
}

/** Where bgtasks' time went, from BGTASKS_TIMING=1 and --debug (one unmeasured run). */
function timingOf(dir) {
  const x = runBgtasks(dir, { BGTASKS_TIMING: '1' }, ['--debug']);
  const lines = (x.r.stderr ?? '').split('\n').filter((l) => l.startsWith('bgtasks timing:'));
  const main = lines.find((l) => l.includes('process start')) ?? '';
  const n = (re) => {
    const m = re.exec(main);
    return m ? Number(m[1]) : undefined;
  };
  return {
    wallMs: r0(x.wall),
    startMs: n(/lint start (\d+) ms/),
    loadMs: n(/load (\d+) ms/),
    rulesMs: n(/rules (\d+) ms/),
    parsed: n(/rules \d+ ms \((\d+) parsed\)/),
    swiftParseMs: n(/Swift parse (\d+) ms/),
    extractMs: n(/extract (\d+) ms/),
    readMs: Number(/read \d+ files in (\d+) ms/.exec(lines.join('\n'))?.[1] ?? NaN) || undefined,
    gaveUp: lines.filter((l) => l.includes('gave up')).length,
    log: lines,
  };
}

export function benchFolder(dir, { runs = 5, name = path.basename(dir), expected } = {}) {
  checkDist();
  const bin = astGrepBin();
  const loadBefore = load1();
  runBgtasks(dir);
  runAstGrep(bin, dir);
  runFloor(dir);
  const bg = [];
  const ag = [];
  const fl = [];
  let report;
  let matches;
  for (let i = 0; i < runs; i++) {
    // Each tool goes first, second and third in turn.
    const order = [['bg', 'ag', 'fl'], ['ag', 'fl', 'bg'], ['fl', 'bg', 'ag']][i % 3];
    for (const which of order) {
      if (which === 'fl') fl.push(runFloor(dir));
      else if (which === 'bg') {
        const x = runBgtasks(dir);
        report = JSON.parse(x.r.stdout);
        bg.push(x);
      } else {
        const x = runAstGrep(bin, dir);
        matches = JSON.parse(x.r.stdout || '[]').length;
        ag.push(x);
      }
    }
  }
  const loadAfter = load1();
  const ratios = bg.map((b, i) => b.wall / ag[i].wall);
  const floorRatios = fl.map((f, i) => f.wall / ag[i].wall);
  const cpuRatios = GNU_TIME ? bg.map((b, i) => b.cpu / ag[i].cpu) : [];
  const findings = report.findings.map((f) => `${f.ruleId} ${path.basename(f.file)}:${f.line}`).sort();
  return {
    name,
    dir,
    commit: gitCommit(dir),
    ...folderSize(dir),
    runs,
    bgtasks: { wallMsMedian: r0(median(bg.map((x) => x.wall))), wallMsMin: r0(Math.min(...bg.map((x) => x.wall))), cpuMsMedian: r0(GNU_TIME && median(bg.map((x) => x.cpu))), peakRssMB: r0(Math.max(...bg.map((x) => x.rssMB ?? 0))), findings: findings.length },
    astGrep: { wallMsMedian: r0(median(ag.map((x) => x.wall))), wallMsMin: r0(Math.min(...ag.map((x) => x.wall))), cpuMsMedian: r0(GNU_TIME && median(ag.map((x) => x.cpu))), peakRssMB: r0(GNU_TIME && Math.max(...ag.map((x) => x.rssMB))), matches },
    nodeFloor: { wallMsMedian: r0(median(fl.map((x) => x.wall))), wallMsMin: r0(Math.min(...fl.map((x) => x.wall))), ratioToAstGrepMedian: r2(median(floorRatios)) },
    ratio: { median: r2(median(ratios)), min: r2(Math.min(...ratios)), max: r2(Math.max(...ratios)), cpuMedian: r2(GNU_TIME ? median(cpuRatios) : undefined) },
    load: { before: loadBefore, after: loadAfter },
    ...(expected ? { correct: JSON.stringify(findings) === JSON.stringify(expected), findings, expected } : {}),
    timing: timingOf(dir),
  };
}

export function benchCollisions({ runs = 5, files = 1300 } = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bgtasks-collisions-'));
  try {
    const g = generateCollisions(dir, files);
    const r = benchFolder(dir, { runs, name: 'collision workspace (generated)', expected: COLLISION_FINDINGS });
    return { ...r, dir: undefined, generated: g };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** App folders from $BGTASKS_FIELD_ROOT (+ $BGTASKS_FIELD_APPS, comma-separated; default DEFAULT_APPS) that exist. */
export function fieldApps(root = process.env.BGTASKS_FIELD_ROOT) {
  if (!root) return [];
  const names = process.env.BGTASKS_FIELD_APPS ? process.env.BGTASKS_FIELD_APPS.split(',').map((s) => s.trim()).filter(Boolean) : DEFAULT_APPS;
  return names.map((n) => path.resolve(root, n)).filter((d) => existsSync(d));
}

export function table(results) {
  const rows = [['folder', 'Swift files', 'MB', 'bgtasks median (min) ms', 'ast-grep median (min) ms', 'ratio median (range)', 'Node floor ms (ratio)', 'CPU ratio', 'bgtasks RSS MB', 'load before→after', 'findings']];
  for (const r of results) {
    rows.push([
      r.name,
      String(r.swiftFiles),
      String(r.swiftMB),
      `${r.bgtasks.wallMsMedian} (${r.bgtasks.wallMsMin})`,
      `${r.astGrep.wallMsMedian} (${r.astGrep.wallMsMin})`,
      `${r.ratio.median} (${r.ratio.min}–${r.ratio.max})`,
      `${r.nodeFloor.wallMsMedian} (${r.nodeFloor.ratioToAstGrepMedian})`,
      String(r.ratio.cpuMedian ?? '–'),
      String(r.bgtasks.peakRssMB),
      `${r.load.before}→${r.load.after}`,
      `${r.bgtasks.findings}${r.correct === undefined ? '' : r.correct ? ' (correct)' : ' (NOT the seeded set)'}`,
    ]);
  }
  const w = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  return rows.map((row, i) => `| ${row.map((cell, c) => cell.padEnd(w[c])).join(' | ')} |${i === 0 ? `\n| ${w.map((n) => '-'.repeat(n)).join(' | ')} |` : ''}`).join('\n');
}

export function runFieldBench({ dirs = fieldApps(), runs = 5, collisions = true } = {}) {
  const results = [];
  if (collisions) results.push(benchCollisions({ runs }));
  for (const d of dirs) results.push(benchFolder(path.resolve(d), { runs }));
  return { node: process.version, cpus: os.cpus().length, dist: DIST, gnuTime: !!GNU_TIME, results };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  const runsAt = argv.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(argv[runsAt + 1]) : 5;
  const dirs = argv.filter((a, i) => !a.startsWith('--') && !(runsAt >= 0 && i === runsAt + 1));
  const only = argv.includes('--only-collisions');
  const out = runFieldBench({ dirs: only ? [] : dirs.length ? dirs : fieldApps(), runs, collisions: !argv.includes('--no-collisions') });
  console.log(JSON.stringify(out, (k, v) => (k === 'log' ? undefined : v), 2));
  for (const r of out.results) for (const l of r.timing.log) console.log(`[${r.name}] ${l}`);
  console.log(`\n${table(out.results)}`);
}
