#!/usr/bin/env node
// Re-runs the field comparison: lints each judged public app (when its checkout is present) and scores the findings
// against the hand judgments in test/field/apps/*.json. Not part of `npm test` (CI has no mirrors). See README.md here.
//   node test/field/compare.mjs [--checkout] [--verbose] [--json out.json] [slug…]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');
const fieldRoot = process.env.BGTASKS_FIELD_ROOT ?? path.resolve(repoRoot, '../field');
const mirrorRoot = process.env.BGTASKS_MIRROR_ROOT ?? '/work/.mirror';
const cli = process.env.BGTASKS_CLI ? path.resolve(process.env.BGTASKS_CLI) : path.join(repoRoot, 'dist/cli.js');

const args = process.argv.slice(2);
const flag = (f) => args.includes(f);
const jsonOut = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined;
const only = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--json');

function findGitDir(dir, depth = 0) {
  if (!existsSync(dir) || depth > 3) return undefined;
  if (existsSync(path.join(dir, 'HEAD')) && existsSync(path.join(dir, 'objects'))) return dir;
  for (const e of readdirSync(dir)) {
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) {
      const g = findGitDir(p, depth + 1);
      if (g) return g;
    }
  }
  return undefined;
}

function checkout(app, dest) {
  const gitDir = findGitDir(path.join(mirrorRoot, app.repo.replace('/', '+')));
  if (!gitDir) return `no mirror of ${app.repo} under ${mirrorRoot}`;
  execFileSync('git', ['clone', '-q', '--no-checkout', gitDir, dest]);
  execFileSync('git', ['-C', dest, 'checkout', '-q', app.commit]);
  return undefined;
}

function lintApp(dir) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [cli, 'lint', '.', '--format', 'json'], { cwd: dir, encoding: 'utf8', timeout: 60_000, maxBuffer: 64 << 20 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error || (r.status !== 0 && r.status !== 1)) return { ms, error: r.error?.message ?? `exit ${r.status}: ${r.stderr.slice(0, 400)}` };
  return { ms, findings: JSON.parse(r.stdout).findings };
}

function score(app, findings) {
  const tol = (e) => (e.anyLine ? Infinity : e.tolerance ?? 3);
  const norm = (f) => f.replace(/\\/g, '/').replace(/^\.\//, '');
  const base = app.lintRoot && app.lintRoot !== '.' ? app.lintRoot.replace(/\/$/, '') + '/' : '';
  const matches = (e, f) => e.rule === f.ruleId && norm(e.file) === base + norm(f.file) && Math.abs(e.line - f.line) <= tol(e);
  const used = new Set();
  const out = { tp: [], fp: [], lowMatched: [], missed: [] };
  for (const f of findings) {
    const e = app.expected.find((x, i) => !used.has(i) && matches(x, f)) ?? app.expected.find((x) => matches(x, f));
    if (!e) { out.fp.push({ f, silent: (app.silent ?? []).find((s) => matches(s, f)) }); continue; }
    used.add(app.expected.indexOf(e));
    if (e.confidence === 'low') out.lowMatched.push(f);
    else out.tp.push(f);
  }
  app.expected.forEach((e, i) => { if (!used.has(i) && e.confidence !== 'low') out.missed.push(e); });
  return out;
}

const files = readdirSync(path.join(here, 'apps')).filter((f) => f.endsWith('.json')).sort();
const rows = [];
let TP = 0, FP = 0, FN = 0;
for (const file of files) {
  const slug = file.replace(/\.json$/, '');
  if (only.length && !only.includes(slug)) continue;
  const app = JSON.parse(readFileSync(path.join(here, 'apps', file), 'utf8'));
  const dest = path.join(fieldRoot, slug);
  if (!existsSync(dest) && flag('--checkout')) {
    const why = checkout(app, dest);
    if (why) { rows.push({ slug, skipped: why }); continue; }
  }
  if (!existsSync(dest)) { rows.push({ slug, skipped: `no checkout at ${dest}` }); continue; }
  const head = spawnSync('git', ['-C', dest, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).stdout.trim();
  if (head && head !== app.commit) { rows.push({ slug, skipped: `checkout is at ${head.slice(0, 10)}, judged ${app.commit.slice(0, 10)}` }); continue; }
  const r = lintApp(path.join(dest, app.lintRoot ?? '.'));
  if (r.error) { rows.push({ slug, ms: r.ms, error: r.error }); FN += app.expected.filter((e) => e.confidence !== 'low').length; continue; }
  const s = score(app, r.findings);
  TP += s.tp.length; FP += s.fp.length; FN += s.missed.length;
  rows.push({ slug, ms: r.ms, ...s });
}

const ratio = (a, b) => (b === 0 ? 1 : a / b);
for (const r of rows) {
  if (r.skipped) { console.log(`${r.slug.padEnd(34)} skipped: ${r.skipped}`); continue; }
  if (r.error) { console.log(`${r.slug.padEnd(34)} ERROR after ${r.ms.toFixed(0)} ms: ${r.error}`); continue; }
  const p = ratio(r.tp.length, r.tp.length + r.fp.length), rc = ratio(r.tp.length, r.tp.length + r.missed.length);
  console.log(`${r.slug.padEnd(34)} tp ${String(r.tp.length).padStart(2)}  fp ${String(r.fp.length).padStart(2)}  miss ${String(r.missed.length).padStart(2)}  precision ${p.toFixed(2)}  recall ${rc.toFixed(2)}  ${r.ms.toFixed(0).padStart(5)} ms${r.ms > 3000 ? '  (over 3 s)' : ''}`);
  if (flag('--verbose')) {
    for (const { f, silent } of r.fp) console.log(`    FP ${f.ruleId} ${f.file}:${f.line}${silent ? ' (judged silent: ' + silent.why + ')' : ''}\n       ${f.message.slice(0, 220)}`);
    for (const e of r.missed) console.log(`    MISS ${e.rule} ${e.file}:${e.line} — ${e.why.slice(0, 200)}`);
  }
}
console.log(`\noverall: tp ${TP}  fp ${FP}  miss ${FN}  precision ${ratio(TP, TP + FP).toFixed(3)}  recall ${ratio(TP, TP + FN).toFixed(3)}  (${rows.filter((r) => !r.skipped).length} apps linted)`);
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(rows, null, 2));
