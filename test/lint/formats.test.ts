/**
 * The CI output formats of `bgtasks lint` (server/src/lint/format/github.ts, xcode.ts, junit.ts): GitHub Actions
 * workflow commands, Xcode issue lines, JUnit XML.
 *
 * Each format runs on small hand-made LintResults (so every escaping case is spelled out), then on the real example
 * through the CLI: main() in-process for most cases, and the built bundle (dist/cli.js, kept fresh by
 * test/globalSetup.ts) as a real process for the shebang, the exit status and the streams.
 */
import { DOMParser } from '@xmldom/xmldom';
import { spawnSync } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../server/src/cli';
import type { LintResult, PositionedFinding } from '../../server/src/lint/engine';
import { escapeData, escapeProperty, formatGithub } from '../../server/src/lint/format/github';
import { formatJunit } from '../../server/src/lint/format/junit';
import { formatXcode } from '../../server/src/lint/format/xcode';
import type { Severity } from '../../server/src/rules/types';

const CWD = path.resolve('/proj');
const CLI = path.resolve(__dirname, '../../dist/cli.js');
const EXAMPLES = path.resolve(__dirname, '../../examples');

/** A finding at 1-based line:col … endLine:endCol of `file` (relative to CWD). */
function finding(o: { file?: string; line?: number; col?: number; endLine?: number; endCol?: number; severity?: Severity; ruleId?: string; message?: string; taskId?: string }): PositionedFinding {
  const line = o.line ?? 1;
  const col = o.col ?? 1;
  return {
    ruleId: o.ruleId ?? 'missing-set-task-completed',
    severity: o.severity ?? 'error',
    message: o.message ?? 'Message.',
    file: path.join(CWD, o.file ?? 'App/Sync.swift'),
    span: { start: 0, end: 0 },
    range: { start: { line: line - 1, character: col - 1 }, end: { line: (o.endLine ?? line) - 1, character: (o.endCol ?? col) - 1 } },
    fixes: [],
    related: [],
    taskId: o.taskId,
  };
}

function result(findings: PositionedFinding[], problems: { file: string; message: string; line?: number }[] = []): LintResult {
  return {
    findings,
    problems: problems.map((p) => ({ file: path.join(CWD, p.file), message: p.message, range: { start: { line: (p.line ?? 1) - 1, character: 0 }, end: { line: (p.line ?? 1) - 1, character: 0 } } })),
    analysis: {} as LintResult['analysis'],
  };
}

/**
 * The GitHub runner's reading of one line (actions/runner src/Runner.Common/ActionCommand.cs, TryParseV2 with its
 * UnescapeProperty and UnescapeData), so the tests check what GitHub will see, not just our own strings.
 */
function parseWorkflowCommand(line: string): { command: string; props: Record<string, string>; data: string } | undefined {
  const msg = line.trimStart();
  if (!msg.startsWith('::')) return undefined;
  const end = msg.indexOf('::', 2);
  if (end < 0) return undefined;
  const info = msg.slice(2, end);
  const space = info.indexOf(' ');
  const command = space < 0 ? info : info.slice(0, space);
  const unescape = (s: string, pairs: [string, string][]) => pairs.reduce((acc, [token, rep]) => acc.split(rep).join(token), s);
  const props: Record<string, string> = {};
  if (space > 0) {
    for (const p of info.slice(space + 1).trim().split(',').filter(Boolean)) {
      const eq = p.indexOf('=');
      if (eq > 0 && eq < p.length - 1) props[p.slice(0, eq)] = unescape(p.slice(eq + 1), [['\r', '%0D'], ['\n', '%0A'], [':', '%3A'], [',', '%2C'], ['%', '%25']]);
    }
  }
  return { command, props, data: unescape(msg.slice(end + 2), [['\r', '%0D'], ['\n', '%0A'], ['%', '%25']]) };
}

/** Any character other than tab and LF that could move a terminal's cursor or split a line in a CI log. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/;
const FORGED = 'com.example.x\n::error file=README.md::fake';
const NASTY = 'a\u0000b\u001b[31mc\u0007d\u000be\u000cf\u007fg\u0085h\u2028i\ud800j\ufffek\uffffl\r\nm<&>"\'\tn]]>';

describe('--format github', () => {
  const cases: [string, PositionedFinding, string][] = [
    [
      'error',
      finding({ line: 39, col: 60, endLine: 39, endCol: 66, message: 'This return leaves the handler without calling setTaskCompleted(success:).' }),
      '::error file=App/Sync.swift,line=39,col=60,endLine=39,endColumn=66,title=missing-set-task-completed::This return leaves the handler without calling setTaskCompleted(success:).',
    ],
    [
      'warning',
      finding({ severity: 'warning', ruleId: 'submit-on-every-launch', file: 'App/Info.plist', line: 10, col: 11, endLine: 11, endCol: 2, message: 'Submitted on every launch, without a check.' }),
      '::warning file=App/Info.plist,line=10,col=11,endLine=11,endColumn=2,title=submit-on-every-launch::Submitted on every launch, without a check.',
    ],
    [
      'info → notice',
      finding({ severity: 'info', ruleId: 'refresh-not-rescheduled', message: 'Never resubmits: each launch consumes the request.' }),
      '::notice file=App/Sync.swift,line=1,col=1,endLine=1,endColumn=1,title=refresh-not-rescheduled::Never resubmits: each launch consumes the request.',
    ],
    ['% CR LF in the message', finding({ message: '100% done\r\nnext: a, b' }), '::error file=App/Sync.swift,line=1,col=1,endLine=1,endColumn=1,title=missing-set-task-completed::100%25 done%0D%0Anext: a, b'],
    [
      '% CR LF : , in properties',
      finding({ file: 'My App, v2/50%: a\r\nb.swift', ruleId: 'odd:rule,id' }),
      '::error file=My App%2C v2/50%25%3A a%0D%0Ab.swift,line=1,col=1,endLine=1,endColumn=1,title=odd%3Arule%2Cid::Message.',
    ],
    ['other control characters as visible escapes', finding({ message: 'a\u001b[2Jb\u0007c\u2028d' }), '::error file=App/Sync.swift,line=1,col=1,endLine=1,endColumn=1,title=missing-set-task-completed::a\\x1b[2Jb\\x07c\\u2028d'],
  ];
  for (const [name, f, line] of cases) {
    it(`${name}: one exact line, then the summary`, () => {
      const lines = formatGithub([result([f])], CWD).split('\n');
      expect(lines).toHaveLength(3);
      expect(lines[0]).toBe(line);
      expect(lines[1]).toMatch(/^1 problem \(/);
      expect(lines[2]).toBe('');
    });
  }

  it('GitHub reads back exactly the file, position, title and message that went in', () => {
    const f = finding({ file: 'Dir, with: odd/100%/x\r\ny.swift', line: 3, col: 4, endLine: 5, endCol: 6, ruleId: 'a,b:c', message: 'line one\r\nline two: 50%, done %0A ::x' });
    const parsed = parseWorkflowCommand(formatGithub([result([f])], CWD).split('\n')[0]);
    expect(parsed).toEqual({
      command: 'error',
      props: { file: 'Dir, with: odd/100%/x\r\ny.swift', line: '3', col: '4', endLine: '5', endColumn: '6', title: 'a,b:c' },
      data: 'line one\r\nline two: 50%, done %0A ::x',
    });
  });

  it('an identifier or path that spells a workflow command stays inside its own line', () => {
    const findings = [
      finding({ message: `"${FORGED}" is not permitted`, taskId: FORGED }),
      finding({ file: `${FORGED}.swift`, severity: 'warning' }),
      finding({ ruleId: FORGED, severity: 'info', message: NASTY }),
    ];
    const out = formatGithub([result(findings, [{ file: `${FORGED}/Info.plist`, message: FORGED }])], CWD);
    const lines = out.split('\n').slice(0, -1);
    // Three findings, one problem, one summary: nothing else.
    expect(lines).toHaveLength(5);
    expect(lines.map((l) => parseWorkflowCommand(l)?.command)).toEqual(['error', 'warning', 'notice', 'notice', undefined]);
    for (const l of lines) expect(l).not.toMatch(CONTROL);
    expect(parseWorkflowCommand(lines[0])!.data).toBe(`"${FORGED}" is not permitted`);
    expect(parseWorkflowCommand(lines[1])!.props.file).toBe(`${FORGED}.swift`);
    expect(parseWorkflowCommand(lines[2])!.props.title).toBe(FORGED);
    expect(parseWorkflowCommand(lines[3])!.props).toMatchObject({ file: `${FORGED}/Info.plist`, title: 'bgtasks' });
    expect(lines[4]).toBe('3 problems (1 error, 1 warning, 1 info)');
  });

  it('escapes % before the sequences it introduces, and properties more than data', () => {
    expect(escapeData('%0A\n')).toBe('%250A%0A');
    expect(escapeProperty('a:b,c%')).toBe('a%3Ab%2Cc%25');
    expect(escapeData('a:b,c')).toBe('a:b,c');
  });

  it('a clean run is the summary line only', () => {
    expect(formatGithub([result([])], CWD)).toBe('No background-task problems found.\n');
  });
});

describe('--format xcode', () => {
  const XCODE_LINE = /^\/.+:\d+:\d+: (error|warning|note): .+$/;
  const cases: [string, PositionedFinding, string][] = [
    ['error', finding({ line: 39, col: 60, message: 'Leaves the handler open.' }), `${path.join(CWD, 'App/Sync.swift')}:39:60: error: Leaves the handler open. [missing-set-task-completed]`],
    ['warning', finding({ severity: 'warning', ruleId: 'submit-on-every-launch', file: 'App/Info.plist', line: 2, col: 3 }), `${path.join(CWD, 'App/Info.plist')}:2:3: warning: Message. [submit-on-every-launch]`],
    ['info → note', finding({ severity: 'info', ruleId: 'refresh-not-rescheduled' }), `${path.join(CWD, 'App/Sync.swift')}:1:1: note: Message. [refresh-not-rescheduled]`],
    ['control characters escaped', finding({ message: FORGED, file: 'a\u001b]52;c;x\u0007.swift' }), `${path.join(CWD, 'a\\x1b]52;c;x\\x07.swift')}:1:1: error: com.example.x\\n::error file=README.md::fake [missing-set-task-completed]`],
  ];
  for (const [name, f, line] of cases) {
    it(`${name}: one line with the absolute path`, () => {
      const out = formatXcode([result([f])], CWD);
      expect(out).toBe(line + '\n');
      expect(line).toMatch(XCODE_LINE);
    });
  }

  it('file-level problems are notes; a clean run prints nothing', () => {
    const out = formatXcode([result([finding({})], [{ file: 'App/Info.plist', message: `Info.plist: bad ${NASTY}`, line: 4 }])], CWD);
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    for (const l of lines) expect(l).toMatch(XCODE_LINE);
    for (const l of lines) expect(l).not.toMatch(CONTROL);
    expect(lines[1]).toMatch(new RegExp(`^${path.join(CWD, 'App/Info.plist').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:4:1: note: Info\\.plist: bad `));
    expect(formatXcode([result([])], CWD)).toBe('');
  });
});

/** Parses strictly: any warning or error from the parser fails the test. */
function parseXml(xml: string): Document {
  return new DOMParser({
    onError: (level, message) => {
      throw new Error(`${level}: ${message}`);
    },
  }).parseFromString(xml, 'text/xml') as unknown as Document;
}

/** Characters XML 1.0 allows (production [2] Char); anything else makes a conforming parser stop. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;

const attr = (el: Element, name: string) => el.getAttribute(name);
const all = (doc: Document | Element, tag: string) => Array.from(doc.getElementsByTagName(tag));

describe('--format junit', () => {
  it('one suite per rule that ran, a failing test per finding, a passing test per clean rule', () => {
    const findings = [
      finding({ line: 39, col: 60, message: 'Leaves the handler open.', taskId: 'com.example.db-cleanup' }),
      finding({ severity: 'warning', ruleId: 'submit-on-every-launch', line: 25 }),
      finding({ severity: 'info', ruleId: 'refresh-not-rescheduled', line: 40 }),
    ];
    const doc = parseXml(formatJunit([result(findings)], CWD, ['missing-set-task-completed', 'submit-on-every-launch', 'refresh-not-rescheduled', 'task-type-mismatch']));
    const root = doc.documentElement;
    expect(root.tagName).toBe('testsuites');
    expect([attr(root, 'tests'), attr(root, 'failures'), attr(root, 'errors'), attr(root, 'skipped')]).toEqual(['4', '3', '0', '0']);
    const suites = all(doc, 'testsuite');
    expect(suites.map((s) => [attr(s, 'name'), attr(s, 'tests'), attr(s, 'failures')])).toEqual([
      ['bgtasks.missing-set-task-completed', '1', '1'],
      ['bgtasks.submit-on-every-launch', '1', '1'],
      ['bgtasks.refresh-not-rescheduled', '1', '1'],
      ['bgtasks.task-type-mismatch', '1', '0'],
    ]);
    const failures = all(doc, 'failure');
    expect(failures.map((f) => attr(f, 'type'))).toEqual(['error', 'warning', 'info']);
    const first = all(doc, 'testcase')[0];
    expect([attr(first, 'classname'), attr(first, 'name'), attr(first, 'file')]).toEqual(['bgtasks.missing-set-task-completed', 'App/Sync.swift:39:60', 'App/Sync.swift']);
    expect(attr(failures[0], 'message')).toBe('Leaves the handler open.');
    expect(failures[0].textContent).toContain('Task: com.example.db-cleanup');
    expect(failures[0].textContent).toContain('docs/rules/missing-set-task-completed.md');
    const clean = all(doc, 'testcase')[3];
    expect(all(clean, 'failure')).toHaveLength(0);
  });

  it('a clean run still has a suite with a passing test', () => {
    for (const rules of [undefined, [] as string[]]) {
      const doc = parseXml(formatJunit([result([])], CWD, rules));
      expect(attr(doc.documentElement, 'failures')).toBe('0');
      expect(Number(attr(doc.documentElement, 'tests'))).toBeGreaterThanOrEqual(1);
      expect(all(doc, 'testsuite').length).toBeGreaterThanOrEqual(1);
      expect(all(doc, 'failure')).toHaveLength(0);
    }
  });

  it('control characters, unpaired surrogates and markup in any field still make well-formed XML 1.0', () => {
    const findings = [
      finding({ message: NASTY, file: `dir${NASTY}/x.swift`, taskId: NASTY }),
      finding({ ruleId: `rule${NASTY}`, message: FORGED }),
    ];
    const xml = formatJunit([result(findings, [{ file: `p${NASTY}`, message: NASTY }])], CWD, []);
    expect(xml).not.toMatch(NOT_XML_CHAR);
    const doc = parseXml(xml);
    expect(all(doc, 'failure')).toHaveLength(2);
    expect(all(doc, 'skipped')).toHaveLength(1);
    expect(attr(doc.documentElement, 'tests')).toBe('3');
    // What a dashboard shows: the text, with the control characters as visible escapes.
    const message = attr(all(doc, 'failure')[0], 'message')!;
    expect(message).toContain('a\\x00b\\x1b[31mc');
    expect(message).toContain('m<&>"\'\tn]]>');
    expect(message).toContain('i\\ud800j\\ufffek\\uffffl');
  });

  it('findings at the same place keep distinct test names (GitLab keeps only the first of a name)', () => {
    const doc = parseXml(formatJunit([result([finding({ message: 'one' }), finding({ message: 'two' }), finding({ message: 'three' })])], CWD, []));
    expect(all(doc, 'testcase').map((t) => attr(t, 'name'))).toEqual(['App/Sync.swift:1:1', 'App/Sync.swift:1:1 #2', 'App/Sync.swift:1:1 #3']);
  });
});

describe('the CI formats on examples/FilmTracker through the CLI', () => {
  const run = async (args: string[]) => {
    let out = '';
    let err = '';
    const code = await main(args, { stdout: (t) => void (out += t), stderr: (t) => void (err += t), cwd: EXAMPLES });
    return { code, out, err };
  };

  const cases: [string, (out: string) => void][] = [
    [
      'github',
      (out) => {
        const lines = out.trimEnd().split('\n');
        expect(lines.at(-1)).toBe('18 problems (11 errors, 6 warnings, 1 info)');
        const commands = lines.slice(0, -1).map((l) => parseWorkflowCommand(l));
        expect(commands.map((c) => c?.command).sort()).toEqual([...Array(11).fill('error'), ...Array(1).fill('notice'), ...Array(6).fill('warning')]);
        for (const c of commands) expect(Object.keys(c!.props)).toEqual(['file', 'line', 'col', 'endLine', 'endColumn', 'title']);
        expect(lines).toContain(
          '::error file=FilmTracker/FilmTracker/Info.plist,line=51,col=11,endLine=51,endColumn=32,title=missing-background-mode::"background-processing" is not a UIBackgroundModes value iOS knows; did you mean "processing"?',
        );
      },
    ],
    [
      'xcode',
      (out) => {
        const lines = out.trimEnd().split('\n');
        expect(lines).toHaveLength(18);
        for (const l of lines) expect(l).toMatch(/^\/.+:\d+:\d+: (error|warning|note): .+$/);
        for (const l of lines) expect(l.startsWith(path.join(EXAMPLES, 'FilmTracker') + path.sep)).toBe(true);
        expect(lines).toContain(`${path.join(EXAMPLES, 'FilmTracker/FilmTracker/Info.plist')}:51:11: error: "background-processing" is not a UIBackgroundModes value iOS knows; did you mean "processing"? [missing-background-mode]`);
      },
    ],
    [
      'junit',
      (out) => {
        const doc = parseXml(out);
        const root = doc.documentElement;
        expect(attr(root, 'failures')).toBe('18');
        const suites = all(doc, 'testsuite');
        const clean = suites.filter((s) => attr(s, 'failures') === '0').length;
        expect(Number(attr(root, 'tests'))).toBe(18 + clean);
        expect(suites.map((s) => attr(s, 'name'))).toContain('bgtasks.missing-background-mode');
        expect(all(doc, 'failure')).toHaveLength(18);
      },
    ],
  ];
  for (const [format, check] of cases) {
    it(`--format ${format}: exit 1 (errors), the report on stdout, nothing on stderr`, async () => {
      const r = await run(['lint', 'FilmTracker', '--format', format]);
      expect(r.code).toBe(1);
      expect(r.err).toBe('');
      check(r.out);
    });
  }

  it('exit codes are the same as for text: 0 clean, --max-warnings counts, rules turned off leave JUnit suites', async () => {
    const errorsOff = ['unpermitted-identifier', 'missing-background-mode', 'processing-mode-without-identifiers', 'register-after-launch', 'duplicate-registration', 'submit-without-handler', 'missing-set-task-completed', 'task-type-mismatch', 'invalid-wildcard-identifier'].flatMap((id) => ['--rule', `${id}=off`]);
    for (const format of ['github', 'xcode', 'junit']) {
      expect((await run(['lint', 'FilmTracker', ...errorsOff, '--format', format])).code, format).toBe(0);
      expect((await run(['lint', 'FilmTracker', ...errorsOff, '--max-warnings', '5', '--format', format])).code, format).toBe(1);
      const fixed = await run(['lint', 'FilmTracker-fixed', '--format', format]);
      expect(fixed.code, format).toBe(0);
    }
    const junit = parseXml((await run(['lint', 'FilmTracker', ...errorsOff, '--format', 'junit'])).out);
    const names = all(junit, 'testsuite').map((s) => attr(s, 'name'));
    expect(names).not.toContain('bgtasks.missing-background-mode');
    expect(names).toContain('bgtasks.refresh-not-rescheduled');
    expect((await run(['lint', 'FilmTracker-fixed', '--format', 'github'])).out).toBe('No background-task problems found.\n');
    expect((await run(['lint', 'FilmTracker-fixed', '--format', 'xcode'])).out).toBe('');
  });

  it('an unknown --format lists every format, and --help describes them', async () => {
    const r = await run(['lint', '--format', 'xml']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('unknown format "xml" (use text, json, sarif, github, xcode or junit)');
    const help = (await run(['lint', '--help'])).out;
    for (const f of ['text', 'json', 'sarif', 'github', 'xcode', 'junit']) expect(help).toMatch(new RegExp(`^ {31}${f} `, 'm'));
  });

  it('dist/cli.js runs on its own (shebang, executable) as `npx bgtasks` would run it', () => {
    expect(readFileSync(CLI, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    accessSync(CLI, constants.X_OK);
    for (const format of ['github', 'xcode', 'junit']) {
      // The file itself, not `node dist/cli.js`: the kernel reads the shebang.
      const r = spawnSync(CLI, ['lint', 'FilmTracker', '--format', format], { cwd: EXAMPLES, encoding: 'utf8' });
      expect(r.status, format).toBe(1);
      expect(r.stderr, format).toBe('');
      expect(r.stdout.length, format).toBeGreaterThan(0);
    }
    const viaNode = spawnSync(process.execPath, [CLI, 'lint', 'FilmTracker', '--format', 'github'], { cwd: EXAMPLES, encoding: 'utf8' });
    expect(viaNode.status).toBe(1);
    expect(viaNode.stdout.trimEnd().split('\n').at(-1)).toBe('18 problems (11 errors, 6 warnings, 1 info)');
  });
});
