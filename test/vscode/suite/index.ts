/**
 * Mocha entry point loaded by the VS Code extension host (`--extensionTestsPath`). test/vscode/run.mjs bundles this
 * file and every `*.exthost.ts` beside it into one directory inside the repository, so `require('mocha')` resolves
 * to the repo's node_modules and the extension host treats the suite as part of the extension under development.
 *
 * The host calls `run()` and waits for the returned promise; a rejection makes the host exit with code 1.
 * If BGTASKS_VSCODE_TEST_REPORT is set, a JSON summary of every test is written there, so the runner can check that
 * tests really ran, and print them when the host's console output does not reach it.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';

/** The parts of mocha used here, typed locally so @types/mocha's globals stay out of the repository's TS program. */
interface MochaTest {
  fullTitle(): string;
}
interface MochaRunner {
  on(event: 'pass' | 'pending', fn: (test: MochaTest) => void): MochaRunner;
  on(event: 'fail', fn: (test: MochaTest, err: unknown) => void): MochaRunner;
}
interface MochaInstance {
  addFile(file: string): void;
  run(done: (failures: number) => void): MochaRunner;
}
type MochaConstructor = new (options: { ui: 'tdd'; color: boolean; timeout: number; reporter: string }) => MochaInstance;

export interface SuiteReport {
  mode: string | undefined;
  vscodeVersion: string;
  files: string[];
  passed: string[];
  failed: { title: string; error: string }[];
  pending: string[];
}

export function run(): Promise<void> {
  // The extension host loads this file as CommonJS, and mocha is resolved at run time from the test's own install.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Mocha = require('mocha') as MochaConstructor;
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 180_000, reporter: 'spec' });
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.exthost.js'))
    .sort();
  const report: SuiteReport = {
    mode: process.env.BGTASKS_VSCODE_TEST_MODE,
    vscodeVersion: vscode.version,
    files,
    passed: [],
    failed: [],
    pending: [],
  };
  const write = () => {
    const out = process.env.BGTASKS_VSCODE_TEST_REPORT;
    if (out) writeFileSync(out, JSON.stringify(report, null, 2));
  };
  if (files.length === 0) {
    write();
    return Promise.reject(new Error(`no *.exthost.js test files next to ${__filename}`));
  }
  for (const f of files) mocha.addFile(path.join(__dirname, f));

  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      write();
      if (failures > 0) reject(new Error(`${failures} extension-host test(s) failed`));
      else if (report.passed.length === 0) reject(new Error('no extension-host test passed (did any run?)'));
      else resolve();
    });
    runner.on('pass', (t) => report.passed.push(t.fullTitle()));
    runner.on('pending', (t) => report.pending.push(t.fullTitle()));
    runner.on('fail', (t, err) => report.failed.push({ title: t.fullTitle(), error: err instanceof Error ? (err.stack ?? err.message) : String(err) }));
  });
}
