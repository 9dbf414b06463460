/**
 * Objective-C sources → facts: small sources (written for this test) and the facts the rules read from them, in the
 * same shapes the Swift and TypeScript extractors produce.
 */
import { describe, expect, it } from 'vitest';
import type { FileFacts, IdExpr, Stmt } from '../../server/src/analysis/model/facts';
import { extractObjcFacts } from '../../server/src/analysis/objc/extract';
import { maskObjc } from '../../server/src/analysis/objc/mask';
import { getParser, parseWith } from '../../server/src/analysis/parsing/treeSitter';

async function facts(src: string, file = '/proj/App/BackgroundTasks.m'): Promise<FileFacts> {
  const parser = await getParser('objc');
  const r = parseWith(parser, maskObjc(src));
  if (!('tree' in r)) throw new Error(r.error);
  try {
    return extractObjcFacts(file, src, r.tree);
  } finally {
    r.tree.delete();
  }
}

/** A compact picture of a handler body: statement kinds, nested. */
function shape(body: Stmt[]): unknown[] {
  return body.map((s) => {
    switch (s.k) {
      case 'if':
        return { if: s.arms.map(shape), exhaustive: s.exhaustive };
      case 'loop':
      case 'defer':
        return { [s.k]: shape(s.body) };
      case 'do':
        return { do: shape(s.body), catches: s.catches.map(shape) };
      case 'closure':
        return { closure: s.kind, refsTask: s.refsTask, body: shape(s.body) };
      case 'expiration':
        return { expiration: shape(s.body), onlyLogs: s.onlyLogs, ...(s.stopsNothing ? { stopsNothing: true } : {}) };
      case 'exit':
        return `exit:${s.kind}`;
      case 'handoff':
        return `handoff:${s.name}(${s.labels.join(':')})#${s.argIndex}`;
      case 'call':
        return `call:${s.name}`;
      default:
        return s.k;
    }
  });
}

const at = (src: string, s: { start: number; end: number } | undefined) => (s ? src.slice(s.start, s.end) : undefined);

const method = (body: string, head = '- (void)registerTasks') => `#import <BackgroundTasks/BackgroundTasks.h>

@implementation TaskManager

${head}
{
${body}
}

@end
`;

describe('Objective-C identifiers', () => {
  const cases: { name: string; decl?: string; arg: string; expr: IdExpr; literal?: string }[] = [
    { name: 'a string literal', arg: '@"com.example.app.refresh"', expr: { t: 'lit', value: 'com.example.app.refresh' }, literal: 'com.example.app.refresh' },
    { name: 'adjacent literals', arg: '@"com.example." @"refresh"', expr: { t: 'lit', value: 'com.example.refresh' } },
    { name: 'a static constant', decl: 'static NSString *const kRefresh = @"com.example.refresh";', arg: 'kRefresh', expr: { t: 'ref', path: ['kRefresh'], scope: ['#file:/proj/App/BackgroundTasks.m'] } },
    { name: 'the bundle identifier', arg: '[[NSBundle mainBundle] bundleIdentifier]', expr: { t: 'bundle' } },
    { name: 'the bundle identifier by properties', arg: 'NSBundle.mainBundle.bundleIdentifier', expr: { t: 'bundle' } },
    { name: 'a format on the bundle id', arg: '[NSString stringWithFormat:@"%@.refresh", NSBundle.mainBundle.bundleIdentifier]', expr: { t: 'concat', parts: [{ t: 'bundle' }, { t: 'lit', value: '.refresh' }] } },
    { name: 'appending to the bundle id', arg: '[[[NSBundle mainBundle] bundleIdentifier] stringByAppendingString:@".sync"]', expr: { t: 'concat', parts: [{ t: 'bundle' }, { t: 'lit', value: '.sync' }] } },
    { name: 'a number conversion in a format is unknown', arg: '[NSString stringWithFormat:@"com.example.%d", n]', expr: { t: 'concat', parts: [{ t: 'lit', value: 'com.example.' }, { t: 'unknown', text: '%d' }] } },
    { name: 'a method result is unknown', arg: '[self taskIdentifier]', expr: { t: 'unknown', text: '[self taskIdentifier]' } },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const src = `${c.decl ?? ''}\n${method(`  [[BGTaskScheduler sharedScheduler] registerForTaskWithIdentifier:${c.arg} usingQueue:nil launchHandler:^(BGTask *task) {\n    [task setTaskCompletedWithSuccess:YES];\n  }];`)}`;
      const f = await facts(src);
      expect(f.registrations).toHaveLength(1);
      expect(f.registrations[0].id.expr).toEqual(c.expr);
      expect(at(src, f.registrations[0].id.literalSpan)).toBe(c.literal);
    });
  }

  it('constants: statics are the file\'s, globals and header statics everyone\'s, #define too; assigned variables are not constants', async () => {
    const src = `#define kMacro @"com.example.macro"
#define kAlias kMacro
static NSString *const kStatic = @"com.example.static";
NSString *const kGlobal = @"com.example.global";
static NSString *kMutable = @"com.example.first";

@implementation TaskManager
- (void)configure {
  NSString *local = @"com.example.local";
  NSString *changed = @"com.example.a";
  changed = @"com.example.b";
  kMutable = @"com.example.second";
}
@end
`;
    const f = await facts(src);
    const byName = Object.fromEntries(f.constants.map((c) => [c.name, { owner: c.owner, localTo: c.localTo, value: c.value, literal: at(src, c.literalSpan) }]));
    const file = ['#file:/proj/App/BackgroundTasks.m'];
    expect(byName).toEqual({
      kMacro: { owner: file, localTo: undefined, value: { t: 'lit', value: 'com.example.macro' }, literal: 'com.example.macro' },
      kAlias: { owner: file, localTo: undefined, value: { t: 'ref', path: ['kMacro'], scope: file }, literal: undefined },
      kStatic: { owner: file, localTo: undefined, value: { t: 'lit', value: 'com.example.static' }, literal: 'com.example.static' },
      kGlobal: { owner: [], localTo: undefined, value: { t: 'lit', value: 'com.example.global' }, literal: 'com.example.global' },
      local: { owner: [], localTo: 0, value: { t: 'lit', value: 'com.example.local' }, literal: 'com.example.local' },
    });
    const header = await facts('static NSString *const kShared = @"com.example.shared";\n#define kHeaderMacro @"com.example.h"\n', '/proj/App/Constants.h');
    expect(header.constants.map((c) => [c.name, c.owner])).toEqual([
      ['kShared', []],
      ['kHeaderMacro', []],
    ]);
  });
});

describe('Objective-C registrations, requests and submits', () => {
  it('a registration with its handler block, and a block variable as handler', async () => {
    const src = method(`  void (^handler)(BGTask *) = ^(BGTask *task) {
    [task setTaskCompletedWithSuccess:YES];
  };
  [[BGTaskScheduler sharedScheduler] registerForTaskWithIdentifier:@"com.example.a" usingQueue:nil launchHandler:^(__kindof BGTask * _Nonnull task) {
    [self handleRefresh:(BGAppRefreshTask *)task];
  }];
  [BGTaskScheduler.sharedScheduler registerForTaskWithIdentifier:@"com.example.b" usingQueue:nil launchHandler:handler];`);
    const f = await facts(src);
    expect(f.registrations.map((r) => [at(src, r.id.span), r.handler, at(src, r.statementSpan)?.endsWith('];')])).toEqual([
      ['@"com.example.a"', { closure: 0 }, true],
      ['@"com.example.b"', { closure: 1 }, true],
    ]);
    expect(shape(f.handlers[0].body)).toEqual(['handoff:handleRefresh(_)#0', 'exit:end']);
    expect(f.handlers[0].cast?.cls).toBe('BGAppRefreshTask');
    expect(at(src, f.handlers[0].span)).toBe('^(__kindof BGTask * _Nonnull task)');
    expect(f.handlers[0].fixStatement).toBe('[$TASK setTaskCompletedWithSuccess:NO];');
    expect(f.handlers[0].completionCall).toBe('setTaskCompletedWithSuccess:');
    expect(shape(f.handlers[1].body)).toEqual(['complete', 'exit:end']);
    // The handler block runs in a background launch: calls in it are in a task-handler closure.
    const call = f.functions[0].calls.find((c) => c.name === 'handleRefresh');
    expect(call?.ctx.closures).toEqual(['task-handler']);
  });

  it('requests of every class, their options, and the submit linked to the request variable', async () => {
    const src = method(`  BGAppRefreshTaskRequest *refresh = [[BGAppRefreshTaskRequest alloc] initWithIdentifier:@"com.example.refresh"];
  refresh.earliestBeginDate = [NSDate dateWithTimeIntervalSinceNow:15 * 60];
  NSError *error = nil;
  if (![[BGTaskScheduler sharedScheduler] submitTaskRequest:refresh error:&error]) {
    NSLog(@"%@", error);
  }
  BGProcessingTaskRequest *cleanup = [[BGProcessingTaskRequest alloc] initWithIdentifier:@"com.example.cleanup"];
  cleanup.requiresExternalPower = YES;
  [cleanup setRequiresNetworkConnectivity:NO];
  [[BGTaskScheduler sharedScheduler] submitTaskRequest:cleanup completionHandler:^(NSError * _Nullable error) {}];
  BGHealthResearchTaskRequest *study = [[BGHealthResearchTaskRequest alloc] initWithIdentifier:@"com.example.study"];
  BGContinuedProcessingTaskRequest *export = [[BGContinuedProcessingTaskRequest alloc] initWithIdentifier:@"com.example.export" title:@"Exporting" subtitle:@""];
  export.requiredResources = BGContinuedProcessingTaskRequestResourcesGPU;
  [[BGTaskScheduler sharedScheduler] submitTaskRequest:export error:nil];`, '- (void)scheduleAll');
    const f = await facts(src);
    expect(f.requests.map((r) => ({ cls: r.cls, id: r.id.expr, options: { ...r.options, requiredResources: r.options.requiredResources?.gpu, emptyTexts: r.options.emptyTexts?.map((e) => e.label) }, submit: r.submit ? [r.submit.form, at(src, r.submit.statementSpan) !== undefined] : undefined }))).toEqual([
      { cls: 'BGAppRefreshTaskRequest', id: { t: 'lit', value: 'com.example.refresh' }, options: { earliestBeginDelaySeconds: 900, requiredResources: undefined, emptyTexts: undefined }, submit: ['submit', false] },
      { cls: 'BGProcessingTaskRequest', id: { t: 'lit', value: 'com.example.cleanup' }, options: { requiresExternalPower: true, requiresNetworkConnectivity: false, requiredResources: undefined, emptyTexts: undefined }, submit: ['submitTaskRequest', true] },
      { cls: 'BGHealthResearchTaskRequest', id: { t: 'lit', value: 'com.example.study' }, options: { requiredResources: undefined, emptyTexts: undefined }, submit: undefined },
      { cls: 'BGContinuedProcessingTaskRequest', id: { t: 'lit', value: 'com.example.export' }, options: { requiredResources: true, emptyTexts: ['subtitle'] }, submit: ['submit', true] },
    ]);
  });

  it('an app\'s own BGTask-named class and UIKit background tasks are not BackgroundTasks facts', async () => {
    const src = method(`  BGTaskHelper *bgTask = [BGTaskHelper startBackgroundTaskWithName:@"sync" expirationHandler:nil];
  UIBackgroundTaskIdentifier t = [[UIApplication sharedApplication] beginBackgroundTaskWithName:@"x" expirationHandler:^{ }];
  [bgTask stopBackgroundTask];`);
    const f = await facts(src);
    expect([f.registrations, f.requests, f.handlers]).toEqual([[], [], []]);
  });
});

describe('Objective-C functions, roles and calls', () => {
  it('methods with owner and selector, launch and post-launch roles, calls with receivers, C functions', async () => {
    const src = `@interface AppDelegate () <UIApplicationDelegate>
@end

static void ScheduleRefresh(void) {
  [[RefreshScheduler sharedScheduler] schedule];
}

@implementation AppDelegate (Launch)

- (BOOL)application:(UIApplication *)application didFinishLaunchingWithOptions:(NSDictionary *)launchOptions {
  [[TaskManager shared] registerTasks];
  [self configureWithOptions:launchOptions animated:NO];
  ScheduleRefresh();
  Worker *w = [[Worker alloc] initWithName:@"w"];
  [NSTimer scheduledTimerWithTimeInterval:60 target:self selector:@selector(tick:) userInfo:nil repeats:YES];
  dispatch_async(dispatch_get_main_queue(), ^{ [self later]; });
  return YES;
}

- (void)applicationDidEnterBackground:(UIApplication *)application {
  [self scheduleRefresh];
}

- (void)scene:(UIScene *)scene willConnectToSession:(UISceneSession *)session options:(UISceneConnectionOptions *)options {
}

@end
`;
    const f = await facts(src, '/proj/App/AppDelegate.m');
    expect(f.launchTypes).toEqual(['AppDelegate']);
    expect(f.functions.map((fn) => [fn.owner, fn.name, fn.labels, fn.role, fn.roleLabel, !!fn.fileOnly])).toEqual([
      [undefined, 'ScheduleRefresh', [], undefined, undefined, true],
      ['AppDelegate', 'application', ['_', 'didFinishLaunchingWithOptions'], 'launch', 'application:didFinishLaunchingWithOptions:', false],
      ['AppDelegate', 'applicationDidEnterBackground', ['_'], 'post-launch', 'applicationDidEnterBackground:', false],
      ['AppDelegate', 'scene', ['_', 'willConnectTo', 'options'], 'post-launch', 'scene:willConnectToSession:options:', false],
    ]);
    const launch = f.functions[1];
    expect(launch.calls.map((c) => `${c.receiver ?? ''}|${c.name}(${c.labels.join(':')})${c.ctx.closures.length ? ` in ${c.ctx.closures.join(',')}` : ''}`)).toEqual([
      'TaskManager.shared|registerTasks()',
      'TaskManager|shared()',
      '|TaskManager.init()',
      'self|configureWithOptions(_:animated)',
      '|ScheduleRefresh()',
      '|Worker(_)',
      'NSTimer|scheduledTimerWithTimeInterval(_:target:selector:userInfo:repeats)',
      '|tick(_) in other',
      '|dispatch_async(_:_)',
      '|dispatch_get_main_queue()',
      'self|later() in async',
    ]);
    expect(f.functions[0].calls.map((c) => `${c.receiver}|${c.name}`)).toContain('RefreshScheduler.sharedScheduler|schedule');
  });

  it('+load runs before launch finishes; +initialize runs on the class\'s first use, like an initializer', async () => {
    const f = await facts('@implementation Registrar\n+ (void)load { [self registerTasks]; }\n+ (void)initialize { }\n- (void)load { }\n@end\n');
    expect(f.functions.map((fn) => [fn.name, fn.role, fn.roleLabel, fn.isInit])).toEqual([
      ['load', 'launch', '+[Registrar load]', false],
      ['initialize', undefined, undefined, true],
      ['load', undefined, undefined, false],
    ]);
  });

  it('a method taking a task is a handler: casts, aliases, completion helpers, expiration, exits', async () => {
    const src = method(
      `  BGProcessingTask *processing = (BGProcessingTask *)task;
  processing.expirationHandler = ^{
    [self.queue cancelAllOperations];
  };
  void (^finish)(BOOL) = ^(BOOL ok) { [processing setTaskCompletedWithSuccess:ok]; };
  if (!self.enabled) {
    finish(YES);
    return;
  }
  switch (self.mode) {
    case 0:
    case 1:
      [self syncWithCompletion:^(BOOL ok) { finish(ok); }];
      break;
    default:
      return;
  }
  [self.manager handleTask:processing];`,
      '- (void)handleCleanup:(BGTask *)task',
    );
    const f = await facts(src);
    expect(f.functions[0].taskParams).toEqual([{ index: 0, label: '_', name: 'task', cls: 'BGTask' }]);
    const h = f.handlers[0];
    expect([h.kind, h.fn, at(src, h.span), h.cast?.cls, at(src, h.cast?.span), h.expirationTaskName]).toEqual(['function', 0, 'handleCleanup', 'BGProcessingTask', 'BGProcessingTask', 'processing']);
    expect(shape(h.body)).toEqual([
      { expiration: ['call:cancelAllOperations', 'exit:end'], onlyLogs: false },
      { if: [['complete', 'exit:return']], exhaustive: false },
      {
        if: [
          ['call:syncWithCompletion', { closure: 'other', refsTask: true, body: ['complete', 'exit:end'] }],
          ['call:syncWithCompletion', { closure: 'other', refsTask: true, body: ['complete', 'exit:end'] }],
          ['exit:return'],
        ],
        exhaustive: true,
      },
      'handoff:handleTask(_)#0',
      'exit:end',
    ]);
  });

  it('setExpirationHandler:, logging-only and empty expiration blocks, dispatch_async and @try', async () => {
    const src = method(
      `  [task setExpirationHandler:^{ NSLog(@"expired"); }];
  task.expirationHandler = ^{ };
  dispatch_async(self.queue, ^{
    @try {
      [self work];
    } @finally {
      [task setTaskCompletedWithSuccess:YES];
    }
  });`,
      '- (void)handleRefresh:(BGAppRefreshTask *)task',
    );
    const f = await facts(src);
    expect(shape(f.handlers[0].body)).toEqual([
      { expiration: ['call:NSLog', 'exit:end'], onlyLogs: true },
      { expiration: ['exit:end'], onlyLogs: false, stopsNothing: true },
      'call:dispatch_async',
      { closure: 'async', refsTask: true, body: [{ defer: ['complete'] }, { do: ['call:work'], catches: [] }, 'exit:end'] },
      'exit:end',
    ]);
    expect(f.handlers[0].cast?.cls).toBe('BGAppRefreshTask');
  });

  it('@available(iOS 13 or earlier) always holds in a handler; a task stored in an instance variable escapes', async () => {
    const src = `@implementation Fetcher {
  BGAppRefreshTask *current;
}

- (void)handleRefresh:(BGAppRefreshTask *)task {
  if (@available(iOS 13.0, *)) {
    [task setTaskCompletedWithSuccess:YES];
  } else {
    NSLog(@"no background tasks before iOS 13");
  }
  if (@available(iOS 17.0, *)) {
    [self useNewAPI];
  }
}

- (void)keep:(BGTask *)task {
  BGTask *local = nil;
  local = task;
  current = task;
}

@end
`;
    const f = await facts(src);
    expect(shape(f.handlers[0].body)).toEqual(['complete', { if: [['call:useNewAPI']], exhaustive: false }, 'exit:end']);
    expect(shape(f.handlers[1].body)).toEqual(['escape', 'exit:end']);
  });

  it('#if arms are branch arms; the directives work in Objective-C comments', async () => {
    const src = method(`#if DEBUG
  [[BGTaskScheduler sharedScheduler] registerForTaskWithIdentifier:@"com.example.debug" usingQueue:nil launchHandler:^(BGTask *task) { [task setTaskCompletedWithSuccess:YES]; }];
#else
  // bgtasks-disable-next-line unpermitted-identifier
  [[BGTaskScheduler sharedScheduler] registerForTaskWithIdentifier:@"com.example.release" usingQueue:nil launchHandler:^(BGTask *task) { [task setTaskCompletedWithSuccess:YES]; }];
#endif
  /* bgtasks-disable-line */`);
    const f = await facts(src);
    expect(f.registrations.map((r) => r.ctx.branch.map((b) => b.arm))).toEqual([[0], [1]]);
    expect(f.directives.map((d) => [d.kind, d.rules])).toEqual([
      ['disable-next-line', ['unpermitted-identifier']],
      ['disable-line', []],
    ]);
  });

  it('imports, with those inside #if marked conditional', async () => {
    const f = await facts('#import "AppDelegate.h"\n@import BackgroundTasks;\n#ifdef DEBUG\n#import <FlipperKit/FlipperClient.h>\n#endif\n');
    expect(f.imports?.map((i) => [i.path, i.conditional])).toEqual([
      ['AppDelegate.h', false],
      ['BackgroundTasks', false],
      ['FlipperKit/FlipperClient.h', true],
    ]);
  });

  it('React Native export macros and #ifdef blocks inside @implementation are read (masked) without losing methods', async () => {
    const src = `NS_ASSUME_NONNULL_BEGIN
@implementation RNBackgroundTasks
RCT_EXPORT_MODULE();

#ifdef RCT_NEW_ARCH_ENABLED
- (void)invalidate {}
#endif

RCT_EXPORT_METHOD(schedule:(NSString *)identifier resolve:(RCTPromiseResolveBlock)resolve reject:(RCTPromiseRejectBlock)reject)
{
  BGAppRefreshTaskRequest *request = [[BGAppRefreshTaskRequest alloc] initWithIdentifier:identifier];
  [[BGTaskScheduler sharedScheduler] submitTaskRequest:request error:nil];
}
@end
NS_ASSUME_NONNULL_END
`;
    expect(maskObjc(src).length).toBe(src.length);
    const f = await facts(src);
    expect(f.hasSyntaxErrors).toBe(false);
    expect(f.functions.map((fn) => `${fn.name}(${fn.labels.join(':')})`)).toEqual(['invalidate()', 'schedule(_:resolve:reject)']);
    expect(f.requests.map((r) => [r.id.expr, !!r.submit])).toEqual([[{ t: 'ref', path: ['identifier'], scope: ['#file:/proj/App/BackgroundTasks.m'] }, true]]);
  });
});
