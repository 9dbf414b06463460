/**
 * The CLI: outputs (text, json, SARIF), exit codes, options, config file, --fix, simulate.
 *
 * Most cases call main() in-process with their own stdout/stderr/cwd (no process start per case); the first block
 * runs the built bundle (dist/cli.js, checked fresh by test/globalSetup.ts) as a real process, for what only a process
 * shows: the exit status, the streams, the shebang bundle itself.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../server/src/cli';
import { allRules } from '../server/src/rules';

const CLI = path.resolve(__dirname, '../dist/cli.js');
const EXAMPLES = path.resolve(__dirname, '../examples');
/** The built CLI as a process. */
const spawnCli = (args: string[], cwd = EXAMPLES) => {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
/** main() in this process, with captured output. */
const run = async (args: string[], cwd = EXAMPLES) => {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (t) => void (out += t), stderr: (t) => void (err += t), cwd });
  return { code, out, err };
};
const tmp: string[] = [];
afterAll(() => tmp.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('the built CLI as a process (dist/cli.js)', () => {
  it('prints file:line:col severity message [rule] and a summary, and exits 1 on errors', () => {
    const r = spawnCli(['lint', 'FilmTracker']);
    expect(r.code).toBe(1);
    const lines = r.out.trim().split('\n');
    expect(lines.at(-1)).toBe('18 problems (11 errors, 6 warnings, 1 info)');
    expect(lines).toContain('FilmTracker/FilmTracker/Info.plist:51:11 error "background-processing" is not a UIBackgroundModes value iOS knows; did you mean "processing"? [missing-background-mode]');
    for (const l of lines.slice(0, -1)) expect(l).toMatch(/^\S+:\d+:\d+ (error|warning|info|note) .+ \[[a-z-]+\]$|^\S+:\d+:\d+ note /);
  });

  it('exits 0 on the fixed example', () => {
    const r = spawnCli(['lint', 'FilmTracker-fixed']);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toBe('No background-task problems found.\n');
  });

  it('exits 2 on usage errors, with the message on stderr; --version on stdout', () => {
    const r = spawnCli(['lint', '--rule', 'nope=off']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('unknown rule "nope"');
    expect(r.out).toBe('');
    expect(spawnCli(['--version']).out).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

describe('bgtasks lint', () => {
  it('--rule changes severities and --max-warnings turns warnings into failure', async () => {
    const errorsOff = ['unpermitted-identifier', 'missing-background-mode', 'processing-mode-without-identifiers', 'register-after-launch', 'duplicate-registration', 'submit-without-handler', 'missing-set-task-completed', 'task-type-mismatch', 'invalid-wildcard-identifier'].flatMap((id) => ['--rule', `${id}=off`]);
    expect((await run(['lint', 'FilmTracker', ...errorsOff])).code).toBe(0);
    const r = await run(['lint', 'FilmTracker', ...errorsOff, '--max-warnings', '5']);
    expect(r.code).toBe(1);
    expect(r.out.trim().split('\n').at(-1)).toBe('7 problems (0 errors, 6 warnings, 1 info)');
    expect((await run(['lint', 'FilmTracker', ...errorsOff, '--rule', 'refresh-not-rescheduled=error'])).code).toBe(1);
  });

  it('reports usage errors with exit 2', async () => {
    expect((await run(['lint', '--format', 'xml'])).code).toBe(2);
    expect((await run(['lint', '--rule', 'nope=off'])).err).toContain('unknown rule "nope"');
    expect(await run(['lint', 'does-not-exist'])).toMatchObject({ code: 2, err: expect.stringContaining('no such file or folder: does-not-exist') });
    expect((await run(['frobnicate'])).code).toBe(2);
    expect((await run(['--version'])).out).toMatch(/^\d+\.\d+\.\d+/);
    for (const bad of ['', '1e3', '0x10', '-1', '2.5']) expect((await run(['lint', 'FilmTracker', '--max-warnings', bad])).code, bad).toBe(2);
    expect(await run(['lint', 'FilmTracker', '--output', 'no-such-folder/report.txt'])).toMatchObject({ code: 2, err: expect.stringContaining('cannot write --output') });
    expect(await run(['simulate', 'no-such-folder'])).toMatchObject({ code: 2, err: expect.stringContaining('no such file or folder') });
  });

  it('--rule=id=severity works like --rule id=severity, and --help works on every command', async () => {
    const off = await run(['lint', 'FilmTracker', '--rule=missing-set-task-completed=off', '--format', 'json']);
    expect(JSON.parse(off.out).findings.some((f: { ruleId: string }) => f.ruleId === 'missing-set-task-completed')).toBe(false);
    for (const cmd of [['lint', '--help'], ['simulate', '--help'], ['--help']]) {
      const r = await run(cmd);
      expect(r.code, cmd.join(' ')).toBe(0);
      expect(r.out, cmd.join(' ')).toMatch(/Usage|usage|bgtasks simulate/);
    }
  });

  it('misuse of any command exits 2 with one line naming the problem', async () => {
    const cases: [string[], string][] = [
      [['lint', '--bogus'], 'unknown option --bogus'],
      [['lint', '--format'], '--format needs a value'],
      [['lint', '--rule', 'missing-set-task-completed=loud'], 'rule "missing-set-task-completed" must be one of off, info, warning, error'],
      [['lint', '--rule=missing-set-task-completed'], '--rule expects <id>='],
      [['lint', '--fix=yes'], '--fix does not take a value'],
      [['simulate', '--bogus'], 'unknown option --bogus'],
      [['simulate', '--days'], '--days needs a value'],
      [['simulate', '--days', '1e1'], '--days must be a whole number'],
      [['simulate', 'a', 'b'], 'simulate takes one project folder'],
    ];
    for (const [args, message] of cases) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.out, args.join(' ')).toBe('');
      expect(r.err, args.join(' ')).toContain(message);
      expect(r.err.trimEnd().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });

  it('-h and -o are the short forms, and the rule option repeats in both spellings', async () => {
    expect((await run(['simulate', '-h'])).code).toBe(0);
    expect((await run(['lint', '-h'])).out).toContain('--max-warnings');
    const both = await run(['lint', 'FilmTracker', '--rule', 'missing-set-task-completed=off', '--rule=task-type-mismatch=off', '--format=json']);
    const ids = new Set(JSON.parse(both.out).findings.map((f: { ruleId: string }) => f.ruleId));
    expect(ids.has('missing-set-task-completed') || ids.has('task-type-mismatch')).toBe(false);
    expect(ids.size).toBeGreaterThan(3);
  });

  it('writes JSON with 1-based positions and fixes', async () => {
    const r = await run(['lint', 'FilmTracker', '--format', 'json']);
    const j = JSON.parse(r.out);
    expect(j.summary).toEqual({ errors: 11, warnings: 6, infos: 1 });
    const f = j.findings.find((x: { ruleId: string }) => x.ruleId === 'missing-set-task-completed');
    expect(f).toMatchObject({ file: 'FilmTracker/FilmTracker/Background/DatabaseMaintenance.swift', line: 39, column: 60, severity: 'error', taskId: 'com.example.filmtracker.db-cleanup' });
    expect(f.fixes[0]).toMatchObject({ title: 'Call task.setTaskCompleted(success: false) before leaving', safe: true });
  });

  it('writes SARIF 2.1.0 with the fields GitHub code scanning requires', async () => {
    const r = await run(['lint', 'FilmTracker', '--format', 'sarif']);
    const s = JSON.parse(r.out);
    expect(s.version).toBe('2.1.0');
    expect(s.$schema).toMatch(/sarif-2\.1\.0/);
    expect(s.runs).toHaveLength(1);
    const run0 = s.runs[0];
    expect(run0.tool.driver.name).toBe('bgtasks');
    const ruleIds = run0.tool.driver.rules.map((x: { id: string }) => x.id);
    expect(ruleIds).toEqual(allRules.map((x) => x.meta.id));
    for (const rule of run0.tool.driver.rules) {
      expect(rule.id).toMatch(/^[a-z-]+$/);
      expect(rule.shortDescription.text.length).toBeGreaterThan(10);
      expect(['error', 'warning', 'note']).toContain(rule.defaultConfiguration.level);
      expect(rule.helpUri).toMatch(/^https:\/\//);
    }
    expect(run0.results).toHaveLength(18);
    for (const res of run0.results) {
      expect(typeof res.message.text).toBe('string');
      expect(ruleIds[res.ruleIndex]).toBe(res.ruleId);
      expect(['error', 'warning', 'note']).toContain(res.level);
      const loc = res.locations[0].physicalLocation;
      expect(loc.artifactLocation.uri).not.toMatch(/^\//);
      expect(loc.artifactLocation.uriBaseId).toBe('%SRCROOT%');
      expect(loc.region.startLine).toBeGreaterThanOrEqual(1);
      expect(loc.region.startColumn).toBeGreaterThanOrEqual(1);
    }
    expect(run0.originalUriBaseIds['%SRCROOT%'].uri).toMatch(/^file:\/\/.*\/$/);
  });

  it('reads .bgtasksrc.json (severities, excludes) and reports bad config on stderr', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bgtasks-cli-'));
    tmp.push(dir);
    cpSync(path.join(EXAMPLES, 'FilmTracker'), dir, { recursive: true });
    writeFileSync(path.join(dir, '.bgtasksrc.json'), JSON.stringify({ rules: { 'infoplist-key-build-setting': 'off', bogus: 'error' }, exclude: ['FilmTrackerClip/**'] }));
    const r = await run(['lint', '.'], dir);
    expect(r.err).toContain('unknown rule "bogus"');
    expect(r.out).not.toContain('infoplist-key-build-setting');
    expect(r.out).not.toContain('FilmTrackerClip/Info.plist');
    expect(r.out.trim().split('\n').at(-1)).toBe('15 problems (10 errors, 4 warnings, 1 info)');
  });

  it('--fix applies the safe fixes and reports what is left', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bgtasks-fix-'));
    tmp.push(dir);
    cpSync(path.join(EXAMPLES, 'FilmTracker'), dir, { recursive: true });
    const r = await run(['lint', '.', '--fix'], dir);
    const maint = readFileSync(path.join(dir, 'FilmTracker/Background/DatabaseMaintenance.swift'), 'utf8');
    expect(maint).toContain('else { task.setTaskCompleted(success: false); return }');
    const plist = readFileSync(path.join(dir, 'FilmTracker/Info.plist'), 'utf8');
    expect(plist).toContain('<string>processing</string>');
    expect(r.out).not.toContain('missing-set-task-completed');
    expect(r.out).not.toContain('missing-expiration-handler');
    expect(r.out).toContain('register-after-launch');
  });

  it("--fix on one file touches only what that file's findings name, and never rewrites a file that is not UTF-8", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bgtasks-fix-one-'));
    tmp.push(dir);
    cpSync(path.join(EXAMPLES, 'FilmTracker'), dir, { recursive: true });
    const maintenance = path.join(dir, 'FilmTracker/Background/DatabaseMaintenance.swift');
    const study = path.join(dir, 'FilmTracker/Background/StudyUploader.swift');
    const studyBefore = readFileSync(study);
    await run(['lint', maintenance, '--fix'], dir);
    expect(readFileSync(maintenance, 'utf8')).toContain('else { task.setTaskCompleted(success: false); return }');
    // StudyUploader.swift has a fixable finding of its own, not named by the argument: untouched.
    expect(readFileSync(study).equals(studyBefore)).toBe(true);
    // Latin-1 bytes in a comment: the file is reported on stderr and left as it was.
    const latin1 = Buffer.concat([Buffer.from('// caf'), Buffer.from([0xe9]), Buffer.from('\n'), studyBefore]);
    writeFileSync(study, latin1);
    const r = await run(['lint', study, '--fix'], dir);
    expect(readFileSync(study).equals(latin1)).toBe(true);
    expect(r.err).toContain('not valid UTF-8');
  });

  it('lints one file in the context of its project', async () => {
    const r = await run(['lint', 'FilmTracker/FilmTracker/Info.plist']);
    expect(r.out.trim().split('\n').at(-1)).toBe('5 problems (3 errors, 2 warnings, 0 info)');
  });
});

describe('bgtasks simulate', () => {
  it('prints per-task stats for the project and is deterministic', async () => {
    const a = await run(['simulate', 'FilmTracker-fixed', '--days', '5', '--seed', '3', '--format', 'json']);
    const b = await run(['simulate', 'FilmTracker-fixed', '--days', '5', '--seed', '3', '--format', 'json']);
    expect(a.code).toBe(0);
    expect(a.out).toBe(b.out);
    const j = JSON.parse(a.out);
    const ids = (j.tasks ?? j.stats ?? []).map((t: { id?: string; taskId?: string }) => t.id ?? t.taskId);
    expect(ids).toContain('com.example.filmtracker.refresh');
    const text = await run(['simulate', 'FilmTracker-fixed', '--days', '2']);
    expect(text.out).toContain('com.example.filmtracker.db-cleanup');
    expect((await run(['simulate', '--days', '0'])).code).toBe(2);
  });
});
