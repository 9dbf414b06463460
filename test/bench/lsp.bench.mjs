// Language-server benchmark: initial index time and server memory on the generated 2,000-file workspace, then
// edit → publishDiagnostics latency for keystroke-sized edits in a ~3,000-line Swift file with many handlers.
//   node test/bench/lsp.bench.mjs [--edits N]
//   node test/bench/lsp.bench.mjs --folder <app dir> [--edits N] [--open N]   (a real app: see runLspFolderBench)
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { bigHandlerFile, generate } from './generate.mjs';
import { SERVER } from './dist.mjs';

const require = createRequire(import.meta.url);
const { createProtocolConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-languageserver-protocol/node');

const editsAt = process.argv.indexOf('--edits');
const EDITS = editsAt > 0 ? Number(process.argv[editsAt + 1]) : 300;

function peakRss(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const get = (k) => Number(new RegExp(`${k}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) / 1024;
  return { peak: get('VmHWM'), now: get('VmRSS') };
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

export async function runLspBench() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bgtasks-lsp-bench-'));
  try {
    generate(dir, 2000);
    const bigFile = path.join(dir, 'App', 'Background', 'BigWorkers.swift');
    const bigText = bigHandlerFile(3000);
    writeFileSync(bigFile, bigText);

    const proc = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, BGTASKS_TIMING: '1' } });
    const conn = createProtocolConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
    const waiters = [];
    conn.onNotification('textDocument/publishDiagnostics', (p) => {
      for (const w of [...waiters]) if (w.test(p)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(p);
      }
    });
    let ready;
    const readyP = new Promise((r) => (ready = r));
    conn.onNotification('bgtasks/status', (s) => s.state === 'ready' && ready(s));
    conn.onRequest('workspace/configuration', (p) => p.items.map(() => null));
    conn.onRequest('window/workDoneProgress/create', () => null);
    conn.onRequest('client/registerCapability', () => null);
    // The server logs how long each change and lint took (BGTASKS_TIMING=1): the server-side part of the latency.
    const serverChange = new Map();
    const serverLint = [];
    conn.onNotification('window/logMessage', (m) => {
      const c = /timing change v(\d+): ([\d.]+) ms/.exec(m.message);
      if (c) serverChange.set(Number(c[1]), Number(c[2]));
      const l = /timing lint\+publish: ([\d.]+) ms/.exec(m.message);
      if (l) serverLint.push(Number(l[1]));
      if (process.env.BENCH_DEBUG) console.error('[server]', m.message);
    });
    conn.listen();
    const waitFor = (test) => new Promise((resolve) => waiters.push({ test, resolve }));

    const t0 = performance.now();
    await conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(dir).href,
      workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'bench' }],
      capabilities: { workspace: { configuration: true }, window: { workDoneProgress: true } },
    });
    await conn.sendNotification('initialized', {});
    const status = await readyP;
    const indexMs = performance.now() - t0;
    const afterIndex = peakRss(proc.pid);

    // Open the big file, then type: insert one character per edit inside a function body, wait for its diagnostics.
    const uri = pathToFileURL(bigFile).href;
    const lines = bigText.split('\n');
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'swift', version: 1, text: bigText } });
    await waitFor((p) => p.uri === uri && p.version === 1).catch(() => {});
    const targetLine = lines.findIndex((l, i) => i > 1500 && l.includes('arithmetic filler'));
    const col = lines[targetLine].indexOf('// arithmetic') + 3;
    const latencies = [];
    for (let v = 2; v < EDITS + 2; v++) {
      const got = waitFor((p) => p.uri === uri && p.version === v);
      const t = performance.now();
      await conn.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: v },
        contentChanges: [{ range: { start: { line: targetLine, character: col + v - 2 }, end: { line: targetLine, character: col + v - 2 } }, text: 'x' }],
      });
      await got;
      latencies.push(performance.now() - t);
    }
    const end = peakRss(proc.pid);
    // Pair each edit's change time with the lint that followed it (one lint per edit: the client waits for each).
    const lintsForEdits = serverLint.slice(-EDITS);
    const serverTotal = [];
    for (let v = 12; v < EDITS + 2; v++) if (serverChange.has(v)) serverTotal.push(serverChange.get(v) + (lintsForEdits[v - 2] ?? 0));
    await conn.sendRequest('shutdown');
    conn.dispose();
    proc.kill();
    const steady = latencies.slice(10);
    return {
      files: status.files,
      indexMs: Math.round(indexMs),
      rssAfterIndexMB: Math.round(afterIndex.now),
      peakRssMB: Math.round(end.peak),
      edits: steady.length,
      roundTrip: { p50: +pct(steady, 50).toFixed(2), p90: +pct(steady, 90).toFixed(2), p99: +pct(steady, 99).toFixed(2), max: +Math.max(...steady).toFixed(2) },
      server: { p50: +pct(serverTotal, 50).toFixed(2), p90: +pct(serverTotal, 90).toFixed(2), p99: +pct(serverTotal, 99).toFixed(2), max: +Math.max(...serverTotal).toFixed(2) },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The same server on a real app folder (issue 11), as a user meets it: a few files open from the start, then typing.
//   node test/bench/lsp.bench.mjs --folder <app dir> [--edits N per location, default 500] [--open N files, default 5]
// Measures, from the `initialized` notification: the first publishDiagnostics of the first open file (the one that
// registers a task, else the largest), of every open file, and the first "ready" status (the whole workspace linted and
// published). Then N one-character edits inside a function of that file (typed into a comment at the end of a line in
// a task handler, or of the first function) and N at the end of the file, each as an incremental didChange waiting for
// the publishDiagnostics of its version: round trip as the client sees it and the server's change + lint time from
// its BGTASKS_TIMING log. RSS (VmRSS) and peak (VmHWM) after indexing and after all edits.

const SKIP = new Set(['.git', 'Pods', 'Carthage', 'build', 'DerivedData', '.build', 'node_modules', 'vendor', 'fastlane']);

function swiftFiles(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) {
      if (!SKIP.has(e.name) && !/Tests?$/.test(e.name)) swiftFiles(path.join(dir, e.name), out);
    } else if (e.name.endsWith('.swift') && !/Tests?\.swift$/.test(e.name)) out.push(path.join(dir, e.name));
  }
  return out;
}

/** The files a user would have open: ones registering or handling tasks first, then the largest Swift files. */
export function pickOpenFiles(folder, count = 5) {
  const all = swiftFiles(folder).map((file) => ({ file, text: readFileSync(file, 'utf8') }));
  const score = (t) => (t.includes('BGTaskScheduler.shared.register') ? 3 : t.includes('setTaskCompleted') ? 2 : /BGTask|BackgroundTasks/.test(t) ? 1 : 0);
  all.sort((a, b) => score(b.text) - score(a.text) || b.text.length - a.text.length || (a.file < b.file ? -1 : 1));
  return all.slice(0, count);
}

/** A line inside a function body to type at: a handler line if the file has one, else the first line after a `func … {`. */
function lineInFunction(lines) {
  const handler = lines.findIndex((l) => /setTaskCompleted|register\(forTaskWithIdentifier|expirationHandler/.test(l) && !l.includes('"""'));
  if (handler >= 0) return handler;
  const fn = lines.findIndex((l) => /^\s*(?:[a-z@]+\s+)*func\s.*\{\s*$/.test(l));
  return fn >= 0 ? fn + 1 : Math.floor(lines.length / 2);
}

function startServer() {
  const proc = spawn(process.execPath, [...(process.env.BGTASKS_NODE_ARGS ?? '').split(' ').filter(Boolean), SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, BGTASKS_TIMING: '1' } });
  const conn = createProtocolConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  const waiters = [];
  conn.onNotification('textDocument/publishDiagnostics', (p) => {
    for (const w of [...waiters]) if (w.test(p)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(p);
    }
  });
  const statuses = [];
  conn.onNotification('bgtasks/status', (st) => {
    for (const w of [...statuses]) if (w.test(st)) {
      statuses.splice(statuses.indexOf(w), 1);
      w.resolve(st);
    }
  });
  conn.onRequest('workspace/configuration', (p) => p.items.map(() => null));
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onRequest('client/registerCapability', () => null);
  // The server's own time per edit: its change log, plus the first lint+publish logged after it.
  const serverChange = new Map();
  const serverLint = new Map();
  let lastChange;
  conn.onNotification('window/logMessage', (m) => {
    const c = /timing change v(\d+): ([\d.]+) ms/.exec(m.message);
    if (c) serverChange.set((lastChange = Number(c[1])), Number(c[2]));
    const l = /timing lint\+publish: ([\d.]+) ms/.exec(m.message);
    if (l && lastChange !== undefined && !serverLint.has(lastChange)) serverLint.set(lastChange, Number(l[1]));
    if (process.env.BENCH_DEBUG) console.error('[server]', m.message);
  });
  conn.listen();
  const timeout = (ms, what) => new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms).unref());
  const waitFor = (test, what = 'publishDiagnostics', ms = 120000) => Promise.race([new Promise((resolve) => waiters.push({ test, resolve })), timeout(ms, what)]);
  const waitStatus = (test, ms = 300000) => Promise.race([new Promise((resolve) => statuses.push({ test, resolve })), timeout(ms, 'status')]);
  return { proc, conn, waitFor, waitStatus, serverChange, serverLint };
}

const stats = (xs) => ({ p50: +pct(xs, 50).toFixed(2), p90: +pct(xs, 90).toFixed(2), p99: +pct(xs, 99).toFixed(2), max: +Math.max(...xs).toFixed(2) });

export async function runLspFolderBench(folder, { edits = 500, open = 5 } = {}) {
  folder = path.resolve(folder);
  const opened = pickOpenFiles(folder, open);
  const s = startServer();
  const { conn, proc } = s;
  try {
    const rootUri = pathToFileURL(folder).href;
    await conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: path.basename(folder) }],
      capabilities: { workspace: { configuration: true }, window: { workDoneProgress: true } },
    });
    const firstPublish = opened.map((o) => s.waitFor((p) => p.uri === pathToFileURL(o.file).href && p.version === 1, `first diagnostics of ${o.file}`));
    const ready = s.waitStatus((st) => st.state === 'ready');
    const t0 = performance.now();
    await conn.sendNotification('initialized', {});
    // As VS Code does: the editors restored at startup are opened right after `initialized`.
    for (const o of opened) await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: pathToFileURL(o.file).href, languageId: 'swift', version: 1, text: o.text } });
    const firstOpenMs = await Promise.all(firstPublish.map((p) => p.then(() => performance.now() - t0)));
    const status = await ready;
    const readyMs = performance.now() - t0;
    const afterIndex = peakRss(proc.pid);

    // Type into the first open file: inside a function, then at the end of the file.
    const main = opened[0];
    const uri = pathToFileURL(main.file).href;
    let version = 1;
    let lines = main.text.split(/\r?\n/);
    const edit = async (line, character, text) => {
      const v = ++version;
      const got = s.waitFor((p) => p.uri === uri && p.version === v, `diagnostics of version ${v}`);
      const t = performance.now();
      await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ range: { start: { line, character }, end: { line, character } }, text }] });
      await got;
      return { v, ms: performance.now() - t };
    };
    const type = async (line, start) => {
      // The first edit opens a comment (not measured); then one character per edit.
      await edit(line, start, ' //');
      const out = [];
      for (let i = 0; i < edits; i++) out.push(await edit(line, start + 3 + i, 'x'));
      return out;
    };
    const inLine = lineInFunction(lines);
    const inFunction = await type(inLine, lines[inLine].length);
    lines = lines.map((l, i) => (i === inLine ? l + ' //' + 'x'.repeat(edits) : l));
    // End of file: a new last line (the file usually ends with a newline), then typing on it.
    const last = lines.length - 1;
    await edit(last, lines[last].length, '\n');
    const atEnd = await type(last + 1, 0);
    const end = peakRss(proc.pid);
    // Server-side time of each edit: applying the change (parse + facts) and the lint + publish that followed it.
    const serverSide = (list) => {
      const known = list.filter((e) => s.serverChange.has(e.v) && s.serverLint.has(e.v));
      return {
        ...stats(known.map((e) => s.serverChange.get(e.v) + s.serverLint.get(e.v))),
        changeP50: +pct(known.map((e) => s.serverChange.get(e.v)), 50).toFixed(2),
        lintP50: +pct(known.map((e) => s.serverLint.get(e.v)), 50).toFixed(2),
      };
    };
    const steady = (list) => list.slice(10);
    const result = {
      folder,
      swiftFiles: status.files,
      opened: opened.map((o) => path.relative(folder, o.file)),
      firstDiagnosticsMs: Math.round(firstOpenMs[0]),
      allOpenDiagnosticsMs: Math.round(Math.max(...firstOpenMs)),
      workspaceDiagnosticsMs: Math.round(readyMs),
      rssAfterIndexMB: Math.round(afterIndex.now),
      editLine: inLine + 1,
      editFileKB: Math.round(Buffer.byteLength(main.text) / 1024),
      editsPerLocation: edits,
      inFunction: { roundTrip: stats(steady(inFunction).map((e) => e.ms)), server: serverSide(steady(inFunction)) },
      endOfFile: { roundTrip: stats(steady(atEnd).map((e) => e.ms)), server: serverSide(steady(atEnd)) },
      rssAfterEditsMB: Math.round(end.now),
      peakRssMB: Math.round(end.peak),
    };
    await conn.sendRequest('shutdown');
    // A clean exit (not a kill) lets the server write what BGTASKS_NODE_ARGS asked for (--cpu-prof, say).
    const exited = new Promise((r) => proc.once('exit', r));
    void conn.sendNotification('exit');
    await exited;
    return result;
  } finally {
    conn.dispose();
    proc.kill();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const folder = arg('--folder');
  const r = folder ? await runLspFolderBench(folder, { edits: Number(arg('--edits') ?? 500), open: Number(arg('--open') ?? 5) }) : await runLspBench();
  console.log(JSON.stringify(r, null, 2));
}
