/**
 * Objective-C in the workspace model: which files are read and parsed up front (the byte prefilter), test code left
 * out, headers parsed on demand for a constant, launch files woken by an edit that brings the API in, and updates
 * from the editor giving the same findings as a fresh read.
 */
import { describe, expect, it } from 'vitest';
import { Workspace } from '../../server/src/analysis/model/workspace';
import { MemoryFileSystem } from '../../server/src/analysis/project/fileSystem';
import { classifyFile, isTestPath } from '../../server/src/analysis/project/discover';
import { lint } from '../../server/src/lint/engine';
import { infoPlist, ROOT } from '../helpers/project';

const plist = infoPlist({ ids: ['com.example.app.refresh'], modes: ['fetch'] });

const delegate = (body: string) => `#import "AppDelegate.h"
#import "Constants.h"

@implementation AppDelegate

- (BOOL)application:(UIApplication *)application didFinishLaunchingWithOptions:(NSDictionary *)launchOptions {
${body}
    return YES;
}
${body.includes('registerForTaskWithIdentifier') ? schedule : ''}
@end
`;

const register = `    [[BGTaskScheduler sharedScheduler] registerForTaskWithIdentifier:kRefreshTaskId usingQueue:nil launchHandler:^(BGTask *task) {
        [self schedule];
        task.expirationHandler = ^{ [self cancel]; };
        [task setTaskCompletedWithSuccess:YES];
    }];`;

/** Submits the refresh when the app moves to the background (and from the handler). */
const schedule = `
- (void)schedule {
    BGAppRefreshTaskRequest *request = [[BGAppRefreshTaskRequest alloc] initWithIdentifier:kRefreshTaskId];
    [[BGTaskScheduler sharedScheduler] submitTaskRequest:request error:nil];
}

- (void)applicationDidEnterBackground:(UIApplication *)application {
    [self schedule];
}
`;

const load = (files: Record<string, string>) => Workspace.load({ roots: [ROOT], fs: new MemoryFileSystem(Object.fromEntries(Object.entries(files).map(([k, v]) => [`${ROOT}/${k}`, v]))) });
const findings = (ws: Workspace) => lint(ws, { rules: {} }).findings.map((f) => `${f.ruleId} ${f.file.slice(ROOT.length + 1)}:${f.span.start}`).sort();

describe('Objective-C files in the workspace', () => {
  it('classifies .m, .mm and .h, and leaves test paths out', () => {
    expect(['a.m', 'a.mm', 'a.h', 'a.c', 'a.cpp'].map((f) => classifyFile(`/p/${f}`))).toEqual(['objc', 'objc', 'objc', undefined, undefined]);
    expect(['AppTests/FooTests.m', 'App/FetchTests.m', 'App/Mocks.h', 'App/Fetcher.m'].map(isTestPath)).toEqual([true, true, true, false]);
  });

  it('parses up front only what uses the API, and launch files next to it; headers on demand for a constant', async () => {
    const ws = await load({
      'App/Info.plist': plist,
      'App/AppDelegate.m': delegate(register),
      'App/Constants.h': '#define kRefreshTaskId @"com.example.app.refresh"\n',
      'App/Unrelated.m': '@implementation Unrelated\n- (void)go { NSLog(@"BGTaskScheduler in a string"); }\n@end\n',
      'App/Comment.m': '// BGTaskScheduler is mentioned only in a comment\n@implementation C\n@end\n',
      'App/FetcherSpec.m': '#import <XCTest/XCTest.h>\n@implementation FetcherSpec\n- (void)testIt { [[BGTaskScheduler sharedScheduler] submitTaskRequest:nil error:nil]; }\n@end\n',
      'App/HelperTest.m': '#import <XCTest/XCTest.h>\n@implementation Helper\n- (void)testIt { [[BGTaskScheduler sharedScheduler] submitTaskRequest:nil error:nil]; }\n@end\n',
    });
    const parsed = [...ws.parsed.keys()].map((f) => f.slice(ROOT.length + 1)).sort();
    // The header was parsed when the identifier was resolved (lint asks), not up front.
    expect(parsed).toEqual(['App/AppDelegate.m']);
    expect(ws.objcTexts.has(`${ROOT}/App/FetcherSpec.m`)).toBe(false);
    expect(ws.objcTexts.has(`${ROOT}/App/HelperTest.m`)).toBe(false);
    expect(findings(ws)).toEqual([]);
    expect([...ws.parsed.keys()].map((f) => f.slice(ROOT.length + 1)).sort()).toEqual(['App/AppDelegate.m', 'App/Constants.h']);
  });

  it('a launch file waits until an edit brings the API in, then gives the findings of a fresh read', async () => {
    const files = { 'App/Info.plist': plist, 'App/AppDelegate.m': delegate('    [self setUp];'), 'App/Constants.h': '#define kRefreshTaskId @"com.example.app.refresh"\n', 'App/Refresher.m': '@implementation Refresher\n- (void)go { }\n@end\n' };
    const ws = await load(files);
    expect(ws.parsed.size).toBe(0);
    const refresher = `#import <BackgroundTasks/BackgroundTasks.h>
@implementation Refresher
- (void)handle:(BGAppRefreshTask *)task {
    if (self.stopped) return;
    [task setTaskCompletedWithSuccess:YES];
}
@end
`;
    ws.updateObjc(`${ROOT}/App/Refresher.m`, refresher, true);
    expect(ws.parsed.has(`${ROOT}/App/AppDelegate.m`)).toBe(true);
    const fresh = await load({ ...files, 'App/Refresher.m': refresher });
    expect(findings(ws)).toEqual(findings(fresh));
    // Removing the file takes its facts away.
    ws.updateObjc(`${ROOT}/App/Refresher.m`, undefined);
    expect(ws.parsed.has(`${ROOT}/App/Refresher.m`)).toBe(false);
  });

  it('an edit to an open Objective-C document is linted like the saved file', async () => {
    const ws = await load({ 'App/Info.plist': plist, 'App/AppDelegate.m': delegate(register), 'App/Constants.h': '#define kRefreshTaskId @"com.example.app.refresh"\n' });
    expect(findings(ws)).toEqual([]);
    ws.updateObjc(`${ROOT}/App/AppDelegate.m`, delegate(register.replace('kRefreshTaskId', '@"com.example.app.other"')), true);
    expect(findings(ws).filter((f) => f.startsWith('unpermitted-identifier'))).toEqual(['unpermitted-identifier App/AppDelegate.m:256']);
  });
});
