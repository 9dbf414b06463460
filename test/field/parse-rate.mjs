#!/usr/bin/env node
/**
 * Clean-parse rate of Swift files with and without the Swift 6 rewrite (server/src/analysis/swift/swift6Rewrite.ts).
 * Not part of `npm test` (it needs checkouts of large apps).
 *
 *   node test/field/parse-rate.mjs /work/field/<app> [more folders…] [--samples N]
 *
 * Needs the built grammar (dist/grammars/tree-sitter-swift.wasm, from `npm run build` or `node esbuild.mjs`). The rewrite
 * is compiled from source on the fly with esbuild (no build needed for it). Parses every .swift file under each
 * folder with one reused parser (Liftoff only, as the extension does) and prints per folder: files, files with
 * ERROR/MISSING nodes before and after the rewrite, files newly broken by the rewrite (clean before, not after; must be
 * 0), files the rewrite changed, the rewrite's total time, and a rough categorisation of the first error in each
 * still-failing file (with sample lines for `--samples N`).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';

v8.setFlagsFromString('--liftoff-only');

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { buildSync } = await import(path.join(root, 'node_modules/esbuild/lib/main.js'));
const bundled = buildSync({
  entryPoints: [path.join(root, 'server/src/analysis/swift/swift6Rewrite.ts')],
  bundle: true,
  format: 'esm',
  platform: 'node',
  write: false,
});
const { prepareSwiftForParse } = await import('data:text/javascript;base64,' + Buffer.from(bundled.outputFiles[0].text).toString('base64'));
const { Parser, Language } = await import(path.join(root, 'node_modules/web-tree-sitter/web-tree-sitter.js'));

const grammars = path.join(root, 'dist/grammars');
await Parser.init({ locateFile: (name) => path.join(grammars, name) });
const parser = new Parser();
parser.setLanguage(await Language.load(path.join(grammars, 'tree-sitter-swift.wasm')));

const args = process.argv.slice(2);
let samples = 0;
const folders = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--samples') samples = Number(args[++i]);
  else folders.push(args[i]);
}
if (folders.length === 0) {
  console.error('usage: node test/field/parse-rate.mjs <folder> [folder…] [--samples N]');
  process.exit(2);
}

function swiftFiles(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === '.git' || e.name === 'node_modules' || e.name === 'Pods' || e.name === '.build') continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) swiftFiles(p, out);
    else if (e.isFile() && e.name.endsWith('.swift')) out.push(p);
  }
  return out;
}

/** The first ERROR or MISSING node (pre-order), or null. */
function firstError(node) {
  if (node.isError || node.isMissing) return node;
  if (!node.hasError) return null;
  for (const c of node.children) {
    const e = c && firstError(c);
    if (e) return e;
  }
  return node;
}

const CHECKS = [
  ['`switch/if/while/guard … await …{`', /\b(switch|if|while|guard)\b[^{]*\bawait\b/],
  ['`catch A, B`', /\bcatch\b[^{]*,/],
  ['`#if` in a type body / member list', /^\s*#(if|elseif|else|endif)\b/],
  ['`associatedtype T: A, B`', /\bassociatedtype\s+\w+\s*:[^=\n]*,/],
  ['prefix `/` (case paths) or regex literal', /(^|[=(,:]\s*)#?\/[^/\s*]|Regex\s*\{/],
  ['nonisolated', /\bnonisolated\b/],
  ['isolated', /\bisolated\b/],
  ['#isolation', /#isolation\b/],
  ['sending', /\bsending\b/],
  ['typed throws', /\bthrows\s*\(/],
  ['consume/discard/copy', /\b(consume|discard|copy)\s+\w/],
  ['`()` value', /[(,=:[]\s*\(\s*\)|^\s*\(\)\s*$/],
  ['package', /\bpackage\s+(func|var|let|class|struct|enum|init|static)\b/],
  ['`@attribute(…)`', /@\w+\s*\(/],
  ['`if`/`switch` expression', /=\s*(if|switch)\b/],
];

/** A rough cause: known patterns on the line of the first error, then on the lines the error node spans. */
function categorise(text, node) {
  const at = node.startIndex;
  const ls = text.lastIndexOf('\n', at - 1) + 1;
  let le = text.indexOf('\n', at);
  if (le < 0) le = text.length;
  const line = text.slice(ls, le);
  for (const [name, re] of CHECKS) if (re.test(line)) return { cause: name, line };
  const span = text.slice(ls, Math.min(node.endIndex, ls + 20000)).split('\n').slice(0, 300);
  for (const [name, re] of CHECKS) {
    const hit = span.find((l) => re.test(l));
    if (hit) return { cause: name, line: hit };
  }
  return { cause: 'other', line };
}

/** -1 for a clean parse, else the first error's cause. */
function parseErrors(text, categoriseWith) {
  const tree = parser.parse(text);
  try {
    if (!tree.rootNode.hasError) return -1;
    return categoriseWith ? { at: firstError(tree.rootNode).startIndex, ...categorise(categoriseWith, firstError(tree.rootNode)) } : 0;
  } finally {
    tree.delete();
  }
}

for (const folder of folders) {
  let commit = '?';
  try {
    commit = execFileSync('git', ['-C', folder, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    // Not a git checkout: no commit to report.
  }
  const files = swiftFiles(folder);
  let before = 0;
  let after = 0;
  let changed = 0;
  let rewriteMs = 0;
  const newlyBroken = [];
  const causes = new Map();
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    const t0 = performance.now();
    const prepared = prepareSwiftForParse(text);
    rewriteMs += performance.now() - t0;
    if (prepared.length !== text.length) throw new Error(`length changed: ${f}`);
    const b = parseErrors(text, null);
    const a = parseErrors(prepared, text);
    if (prepared !== text) changed++;
    if (b !== -1) before++;
    if (a !== -1) {
      after++;
      const { cause, line } = a;
      const c = causes.get(cause) ?? { files: 0, samples: [] };
      c.files++;
      if (c.samples.length < samples) c.samples.push(`${path.relative(folder, f)}:${text.slice(0, a.at).split('\n').length}: ${line.trim().slice(0, 140)}`);
      causes.set(cause, c);
      if (b === -1) newlyBroken.push(path.relative(folder, f));
    }
  }
  const pct = (k) => `${k} (${((100 * k) / Math.max(1, files.length)).toFixed(1)}%)`;
  console.log(`\n${folder}  commit ${commit}`);
  console.log(`  files: ${files.length}   with ERROR/MISSING before: ${pct(before)}   after: ${pct(after)}   newly broken: ${newlyBroken.length}`);
  console.log(`  rewritten files: ${changed}   rewrite time: ${rewriteMs.toFixed(0)} ms total`);
  for (const nb of newlyBroken) console.log(`  NEWLY BROKEN: ${nb}`);
  console.log('  remaining first-error causes (rough, by files):');
  for (const [cause, c] of [...causes].sort((x, y) => y[1].files - x[1].files)) {
    console.log(`    ${String(c.files).padStart(4)}  ${cause}`);
    for (const s of c.samples) console.log(`            ${s}`);
  }
}
