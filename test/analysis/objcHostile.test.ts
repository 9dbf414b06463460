/**
 * Hostile Objective-C input: huge files, binary junk named .m, unterminated blocks, NUL bytes, deep nesting and a
 * parse that runs out of its budget. Each gives a clear problem or silence, never an exception or a stack overflow.
 */
import { describe, expect, it } from 'vitest';
import { Workspace } from '../../server/src/analysis/model/workspace';
import { MemoryFileSystem } from '../../server/src/analysis/project/fileSystem';
import { lint } from '../../server/src/lint/engine';
import { infoPlist, ROOT } from '../helpers/project';

const plist = infoPlist({ ids: ['com.example.app.refresh'], modes: ['fetch'] });

async function lintObjc(files: Record<string, string | Uint8Array>, parseBudgetMs?: number) {
  const fs = new MemoryFileSystem({ [`${ROOT}/App/Info.plist`]: plist, ...Object.fromEntries(Object.entries(files).map(([k, v]) => [`${ROOT}/${k}`, v])) });
  const ws = await Workspace.load({ roots: [ROOT], fs, parseBudgetMs });
  return { ws, result: lint(ws, { rules: {} }) };
}

const handlerMethod = (i: number) => `- (void)handle${i}:(BGAppRefreshTask *)task {
    task.expirationHandler = ^{ [self cancel${i}]; };
    [self work${i}WithCompletion:^(BOOL ok) { [task setTaskCompletedWithSuccess:ok]; }];
}
`;

describe('hostile Objective-C', () => {
  it('a 2 MB .m file is parsed and linted (no crash, its facts read)', async () => {
    let body = '';
    for (let i = 0; body.length < 2_000_000; i++) body += handlerMethod(i);
    const src = `#import <BackgroundTasks/BackgroundTasks.h>\n@implementation Big\n${body}@end\n`;
    expect(src.length).toBeGreaterThan(2_000_000);
    // A generous budget: this is about size, not speed (the next case is about the budget).
    const { ws, result } = await lintObjc({ 'App/Big.m': src }, 120_000);
    const facts = ws.factsOf(`${ROOT}/App/Big.m`);
    expect(facts?.problems).toEqual([]);
    expect(facts?.handlers.length).toBeGreaterThan(1000);
    expect(result.findings.filter((f) => f.file.endsWith('Big.m'))).toEqual([]);
  });

  it('a parse that runs out of its budget is a problem at the file, not an exception', async () => {
    let body = '';
    for (let i = 0; body.length < 2_000_000; i++) body += handlerMethod(i);
    const { ws } = await lintObjc({ 'App/Big.m': `@implementation Big\n${body}@end\n` }, 1);
    expect(ws.factsOf(`${ROOT}/App/Big.m`)?.problems.map((p) => p.message)).toEqual([expect.stringMatching(/^Skipped: parsing took longer than 1 ms/)]);
  });

  it('binary junk named .m that happens to contain the vocabulary', async () => {
    const junk = new Uint8Array(200_000);
    let x = 12345;
    for (let i = 0; i < junk.length; i++) junk[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
    junk.set(Buffer.from('\nBGTaskScheduler registerForTaskWithIdentifier:@"com.example.app.refresh"\n'), 1000);
    const { ws, result } = await lintObjc({ 'App/Junk.m': junk });
    expect(ws.parsed.has(`${ROOT}/App/Junk.m`)).toBe(true);
    expect(result.findings.filter((f) => f.file.endsWith('Junk.m') && f.severity === 'error')).toEqual([]);
  });

  it('an unterminated handler block: no finding about its paths', async () => {
    const src = `#import <BackgroundTasks/BackgroundTasks.h>
@implementation AppDelegate
- (BOOL)application:(UIApplication *)application didFinishLaunchingWithOptions:(NSDictionary *)launchOptions {
    [[BGTaskScheduler sharedScheduler] registerForTaskWithIdentifier:@"com.example.app.refresh" usingQueue:nil launchHandler:^(BGTask *task) {
        task.expirationHandler = ^{ [self cancel];
        if (self.stopped) return;
        [task setTaskCompletedWithSuccess:YES];
`;
    const { ws, result } = await lintObjc({ 'App/AppDelegate.m': src });
    expect(ws.factsOf(`${ROOT}/App/AppDelegate.m`)?.hasSyntaxErrors).toBe(true);
    expect(result.findings.filter((f) => f.ruleId === 'missing-set-task-completed')).toEqual([]);
  });

  it('NUL bytes in the middle of a file', async () => {
    const src = `#import <BackgroundTasks/BackgroundTasks.h>\n@implementation A\n\u0000\u0000${handlerMethod(1)}\u0000@end\n`;
    const { ws } = await lintObjc({ 'App/A.m': src });
    expect(ws.factsOf(`${ROOT}/App/A.m`)?.problems).toEqual([]);
  });

  it('blocks nested thousands deep: a problem note and unknown facts, no stack overflow', async () => {
    const depth = 3000;
    const src = `@implementation Deep\n- (void)go {\n${'dispatch_async(q, ^{ '.repeat(depth)}[[BGTaskScheduler sharedScheduler] registerForTaskWithIdentifier:@"com.example.app.refresh" usingQueue:nil launchHandler:^(BGTask *task) { }];${' });'.repeat(depth)}\n}\n@end\n`;
    const { ws, result } = await lintObjc({ 'App/Deep.m': src });
    const facts = ws.factsOf(`${ROOT}/App/Deep.m`)!;
    expect(facts.problems.length).toBeLessThanOrEqual(1);
    // Whatever was read or skipped, the rules that ask "is it registered?" are not misled into a report.
    expect(result.findings.filter((f) => f.ruleId === 'submit-without-handler' || f.ruleId === 'unused-permitted-identifier')).toEqual([]);
  });
});
