/** The vendored Objective-C grammar is the npm package's file, loads beside the others, and parses the same way every time. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getParser, parseWith } from '../../server/src/analysis/parsing/treeSitter';

const WASM = path.resolve(__dirname, '../../vendor/tree-sitter-objc/tree-sitter-objc.wasm');
const SHA256 = '155bf61fc94941fa9d07c86cd46895f14dfb2549fb7f646faeb83765af05c970';

const DELEGATE = `#import "AppDelegate.h"
#import <BackgroundTasks/BackgroundTasks.h>

static NSString *const kRefreshId = @"com.example.app.refresh";

@implementation AppDelegate

- (BOOL)application:(UIApplication *)application didFinishLaunchingWithOptions:(NSDictionary *)launchOptions {
  [[BGTaskScheduler sharedScheduler] registerForTaskWithIdentifier:kRefreshId usingQueue:nil launchHandler:^(__kindof BGTask * _Nonnull task) {
    task.expirationHandler = ^{ [self cancelRefresh]; };
    [self refreshWithCompletion:^(BOOL ok) { [task setTaskCompletedWithSuccess:ok]; }];
  }];
  return YES;
}

- (void)applicationDidEnterBackground:(UIApplication *)application {
  BGAppRefreshTaskRequest *request = [[BGAppRefreshTaskRequest alloc] initWithIdentifier:kRefreshId];
  NSError *error = nil;
  [[BGTaskScheduler sharedScheduler] submitTaskRequest:request error:&error];
}

@end
`;

describe('vendored tree-sitter-objc', () => {
  it('is the file tree-sitter-objc 3.0.2 ships', () => {
    expect(createHash('sha256').update(readFileSync(WASM)).digest('hex')).toBe(SHA256);
  });

  it('parses an app delegate cleanly, with the same tree every time, beside the Swift grammar', async () => {
    const swift = await getParser('swift');
    const objc = await getParser('objc');
    const trees: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = parseWith(objc, DELEGATE);
      if (!('tree' in r)) throw new Error(r.error);
      expect(r.tree.rootNode.hasError).toBe(false);
      trees.push(r.tree.rootNode.toString());
      r.tree.delete();
      const s = parseWith(swift, 'let x = 1\n');
      if ('tree' in s) s.tree.delete();
    }
    expect(new Set(trees).size).toBe(1);
    expect(trees[0]).toContain('(message_expression');
    expect(trees[0]).toContain('(block_literal');
    expect(trees[0]).toContain('(method_definition');
  });
});
