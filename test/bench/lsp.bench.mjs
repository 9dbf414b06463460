// Language-server benchmark: initial index time and server memory on the generated 2,000-file workspace, then
// edit → publishDiagnostics latency for keystroke-sized edits in a ~3,000-line Swift file with many handlers.
//   node test/bench/lsp.bench.mjs [--edits N]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { bigHandlerFile, generate } from './generate.mjs';

const require = createRequire(import.meta.url);
const { createProtocolConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-languageserver-protocol/node');

const here = path.dirname(fileURLToPath(import.meta.url));
const SERVER = path.resolve(here, '../../dist/server.js');
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

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await runLspBench();
  console.log(JSON.stringify(r, null, 2));
}
