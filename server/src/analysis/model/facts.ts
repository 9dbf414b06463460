/**
 * Per-file facts: what one source file says about background tasks, independent of the language it
 * was written in. Extractors (Swift, TypeScript) produce these; the workspace model and the rules
 * consume them and never look at syntax trees.
 */
import type { Span } from '../text/lineIndex';

/** An identifier expression, kept symbolic until the workspace resolves constants across files. */
export type IdExpr =
  | { t: 'lit'; value: string }
  /** `Bundle.main.bundleIdentifier` (with `!`, `??` …). */
  | { t: 'bundle' }
  /** A reference to a constant: `refreshID`, `Self.refreshID`, `TaskID.refresh(.rawValue)`, `Constants.Tasks.refresh`. */
  | { t: 'ref'; path: string[]; scope: string[] }
  | { t: 'concat'; parts: IdExpr[] }
  | { t: 'unknown'; text: string };

export interface IdUse {
  expr: IdExpr;
  /** The expression in the source (what a diagnostic underlines). */
  span: Span;
  /** When the expression is a plain string literal: the span of its text between the quotes. */
  literalSpan?: Span;
}

export interface ConstantFact {
  name: string;
  /** For local constants: the index of the function they are declared in. */
  localTo?: number;
  /** Enclosing type path for members (`['AppDelegate']`, `['Constants','Tasks']`); empty for globals. */
  owner: string[];
  value: IdExpr;
  span: Span;
  /** String-literal span of the value when it is a plain literal (for "replace with" fixes). */
  literalSpan?: Span;
}

export type TaskClass = 'BGAppRefreshTask' | 'BGProcessingTask' | 'BGHealthResearchTask' | 'BGContinuedProcessingTask' | 'BGTask';
export type RequestClass =
  | 'BGAppRefreshTaskRequest'
  | 'BGProcessingTaskRequest'
  | 'BGHealthResearchTaskRequest'
  | 'BGContinuedProcessingTaskRequest';

/** Closures are classified by the call that receives them: it decides when (and whether) their body runs. */
export type ClosureKind =
  /** A BGTaskScheduler launch handler or SwiftUI `.backgroundTask` body: runs in a later background launch. */
  | 'task-handler'
  /** `getPendingTaskRequests { … }`: code inside is behind a pending-request check. */
  | 'pending-callback'
  /** UI events and lifecycle callbacks (`onAppear`, `task`, `Button`, observers …): after launch. */
  | 'ui-event'
  /** `.onAppear {}` / `.task {}` on the root view of an App's scene: after launch, but on every cold start. */
  | 'cold-start'
  /** `asyncAfter`, timers: after a delay. */
  | 'delayed'
  /** `Task {}`, `DispatchQueue…async {}`: soon, once. */
  | 'async'
  /** `forEach`, `map` … : synchronously, zero or more times. */
  | 'sync'
  /** Assigned to a property or variable (e.g. `completionBlock`). */
  | 'stored'
  /** `task.expirationHandler = { … }`. */
  | 'expiration'
  /** Any other closure argument (completion handlers …). */
  | 'other';

/** One step of the branch structure around a site, used to tell mutually exclusive sites apart. */
export interface BranchStep {
  /** Offset of the branching statement (unique within a file). */
  at: number;
  arm: number;
}

/** Where a site sits: its function, the closures around it, and guards in effect. */
export interface SiteContext {
  /** Index into FileFacts.functions of the innermost enclosing function, or -1 for top-level code. */
  fn: number;
  closures: ClosureKind[];
  /**
   * Parallel to `closures` where known: the name a closure is stored under when it is an argument of an initializer
   * (`Client(scheduleRefresh: { … })`), so it runs when something calls `client.scheduleRefresh()`.
   */
  closureNames?: (string | undefined)[];
  /** A pending-request check is in effect (inside `getPendingTaskRequests`, after `pendingTaskRequests()`, or under a condition about pending/scheduled state). */
  guarded: boolean;
  branch: BranchStep[];
}

export interface CallFact {
  name: string;
  labels: string[];
  /** Receiver text (`self`, `SyncManager.shared`, `BackgroundTasks`) when written. */
  receiver?: string;
  span: Span;
  ctx: SiteContext;
  /** The full statement holding the call, for "wrap in a pending check" fixes. */
  statementSpan?: Span;
}

export type FunctionRole =
  /** Runs while the app finishes launching: didFinishLaunching, willFinishLaunching, the @main App's or app delegate's init. */
  | 'launch'
  /** Definitely after launch: view bodies and lifecycle callbacks, scene/app-state callbacks. */
  | 'post-launch';

export interface FunctionFact {
  name: string;
  /** Argument labels (`_` for unlabelled). */
  labels: string[];
  /** Enclosing type (for extensions: the extended type). */
  owner?: string;
  isInit: boolean;
  role?: FunctionRole;
  /** Why the role was given (shown in messages), e.g. "application(_:didFinishLaunchingWithOptions:)". */
  roleLabel?: string;
  nameSpan: Span;
  bodySpan: Span;
  calls: CallFact[];
  /** Parameters typed as a BGTask class (this function can be a task handler). */
  taskParams: { index: number; label: string; name: string; cls: TaskClass }[];
  /** Offsets inside the body where `pendingTaskRequests`/`getPendingTaskRequests` are referenced. */
  pendingChecks: number[];
  /** Declared `private` or `fileprivate`: only code in its own file can call it. */
  fileOnly?: true;
  /** Declared `async`. */
  isAsync?: true;
  /**
   * Runs on the main actor: marked `@MainActor`, or a member of a type that is (by annotation, or by being a UIKit
   * responder, app/scene delegate, SwiftUI View or App), and not `nonisolated`.
   */
  mainActor?: true;
}

/** Libraries that register and submit tasks for the app (from TypeScript). */
export type TaskLibrary = 'rnbf' | 'expo' | 'capacitor';

export interface RegistrationFact {
  /** BGTaskScheduler.register, SwiftUI .backgroundTask, or a library that registers natively (RN, Expo, Capacitor). */
  kind: 'scheduler' | 'swiftui' | 'library';
  library?: TaskLibrary;
  /**
   * The identifier is the library's own, not written in this code (`com.transistorsoft.fetch`, Expo's processing
   * id): configuration problems are reported at the Info.plist rather than here.
   */
  reportAtPlist?: boolean;
  /** More handlers that belong to the registration and must complete too (react-native-background-fetch onTimeout). */
  extraHandlers?: number[];
  id: IdUse;
  /** The whole register call / `.backgroundTask(…)` modifier. */
  span: Span;
  /** The statement that holds the call when it is a standalone statement (for removal), else undefined. */
  statementSpan?: Span;
  /** Handler: a closure analysed in `handlers`, or a function reference by name. */
  handler?: { closure: number } | { functionName: string; span: Span };
  ctx: SiteContext;
  /** For SwiftUI registrations: `.appRefresh`, `.urlSession` … */
  swiftuiKind?: string;
}

export interface RequestOptionsFact {
  earliestBeginDelaySeconds?: number;
  requiresExternalPower?: boolean;
  requiresNetworkConnectivity?: boolean;
  /** Continued processing: `requiredResources = …` (`gpu` when the value names `.gpu`), where it is assigned. */
  requiredResources?: { gpu: boolean; span: Span };
  /** Continued processing: a `title:` or `subtitle:` argument written as an empty string literal. */
  emptyTexts?: { label: 'title' | 'subtitle'; span: Span }[];
}

export interface RequestFact {
  cls: RequestClass;
  /** Submitted by a library on the app's behalf (its rules check what the library needs). */
  library?: TaskLibrary;
  id: IdUse;
  /** The constructor call. */
  span: Span;
  options: RequestOptionsFact;
  /** The submit call that sends this request, when found in the same function. */
  submit?: {
    span: Span;
    statementSpan?: Span;
    ctx: SiteContext;
    /** `submit(_:)` (deprecated in iOS 27) or `submitTaskRequest(…)` (iOS 27's forms; the bridged Objective-C name). */
    form?: 'submit' | 'submitTaskRequest';
    /** The method name in the call (`submit`), for fixes that rename it. */
    nameSpan?: Span;
    /** The `try`/`try?`/`try!` expression around the call, when there is one. */
    trySpan?: Span;
  };
  ctx: SiteContext;
}

// ---------------------------------------------------------------------------------------------
// Handler bodies, lowered to a small control-flow IR shared by all languages.

export type ExitKind = 'return' | 'throw' | 'end' | 'fatal';

export type Stmt =
  | { k: 'complete'; span: Span }
  | {
      k: 'exit';
      kind: ExitKind;
      span: Span;
      /** Where a completion call would be inserted before this exit, and with what indentation. */
      insert: InsertPoint;
      /** The name the task goes by at this exit. */
      taskName: string;
    }
  | { k: 'if'; arms: Stmt[][]; exhaustive: boolean }
  | { k: 'loop'; body: Stmt[] }
  | { k: 'do'; body: Stmt[]; catches: Stmt[][] }
  /** A `try` that may throw: into the enclosing `do`, or out of the closure. */
  | { k: 'throws'; span: Span }
  | { k: 'defer'; body: Stmt[] }
  /** The task is passed to a function by name (resolved across the workspace). */
  | { k: 'handoff'; name: string; labels: string[]; argIndex: number; span: Span; receiver?: string }
  /** The task escapes into code we cannot follow (stored in a property, passed to an initializer …). */
  | {
      k: 'escape';
      span: Span;
      /** The task was stored in this property of the handler's type (`self.activeTask = task`). */
      storedIn?: string;
      /** Whether the file ever gives the stored task an expiration handler ('unknown' when it is handed on). */
      storedExpiration?: 'set' | 'never' | 'unknown';
    }
  | {
      k: 'closure';
      kind: ClosureKind;
      body: Stmt[];
      span: Span;
      refsTask: boolean;
      end: Span;
      /** Start of the closure body, where a `defer { … }` completion can go. */
      start: InsertPoint;
    }
  /** `task.expirationHandler = { … }`; `onlyLogs`: it only logs; `stopsNothing`: it completes nothing and acts on nothing the code uses. */
  | { k: 'expiration'; body: Stmt[]; span: Span; onlyLogs: boolean; stopsNothing?: boolean }
  /** A call that does not involve the task (used to find resubmission through helpers). */
  | { k: 'call'; name: string; labels: string[]; span: Span }
  /** A request submission inside the handler. */
  | { k: 'submit'; request?: number; span: Span }
  /** `await` or other suspension: the work has started. */
  | { k: 'await'; span: Span };

export interface InsertPoint {
  /** Offset where the new statement goes. */
  offset: number;
  /** Indentation of the line the statement lands on. */
  indent: string;
  /** Text to put before the statement (newline + indentation, or a space for one-line blocks). */
  prefix: string;
  /** Text to put after it. */
  suffix: string;
  /**
   * Set when the exit is the whole body of a braceless `if`/`else`/loop (TypeScript): the new statement and the exit
   * must be wrapped in braces, closing at this offset (the end of the exit statement).
   */
  wrapEnd?: number;
}

export interface HandlerFact {
  kind: 'closure' | 'function';
  /** For functions: index into FileFacts.functions. */
  fn?: number;
  /** Names the task goes by at the start of the body. */
  taskNames: string[];
  /** Where findings about the handler as a whole are reported (closure `{ task in` or function name). */
  span: Span;
  /** Closures (Swift): the whole closure, `{` to `}`. */
  closureSpan?: Span;
  /** Task class the handler casts to (first `as?`/`as!`, or the parameter type). */
  cast?: { cls: TaskClass; span: Span };
  body: Stmt[];
  /** Where an expirationHandler skeleton can be inserted (after the task binding / cast). */
  expirationInsert: InsertPoint;
  /** The task name valid at `expirationInsert`. */
  expirationTaskName: string;
  /** Uncaught `try` ends a closure handler (it cannot throw out of a launch handler or a Task). */
  throwsEscape: boolean;
  /** A cancellable unit of work found in the body (`let work = Task { … }`), for the skeleton; `end` is its statement's end. */
  cancellable?: { name: string; kind: 'task' | 'queue'; end: number; indent: string };
  /** An unnamed top-level `Task {` statement that a fix can name to cancel it. */
  unnamedTask?: { offset: number; end: number; indent: string };
  /** The body contains syntax errors: path findings after `errorAt` (or all, when it is unset) are withheld. */
  hasSyntaxErrors: boolean;
  /** Offset of the first unreadable region in the body (Swift); exits before it are still judged. */
  errorAt?: number;
  /** What completes this handler, for messages (default `setTaskCompleted(success:)`). */
  completionCall?: string;
  /** The statement a "complete here" fix inserts; `$TASK` stands for the task's name (default Swift's call). */
  fixStatement?: string;
  /** The handler owns an expiration concept (false for Expo tasks and Capacitor runners). */
  expirationApplies?: boolean;
  /** Known from the registration rather than the body (react-native-background-fetch: the onTimeout argument). */
  expiration?: 'set' | 'missing';
  /** The handler should resubmit its own next request (native-style handlers only). */
  resubmitApplies?: boolean;
  /** A handler by construction, checked even without a registration in code (Expo defineTask, Capacitor runner events). */
  standalone?: { label: string };
}

/** What TypeScript sources say about the libraries' own APIs (for their dedicated rules). */
export interface LibraryFacts {
  /** `quote`: the key is a string literal with this quote; `shorthand`: `{ requiresExternalPower }` (names a variable). */
  rnbfScheduleTasks: { taskId?: IdUse; keys: { name: string; span: Span; quote?: string; shorthand?: boolean }[]; span: Span }[];
  /** The project's react-native-background-fetch version [major, minor, patch], when known. */
  rnbfVersion?: [number, number, number];
  /**
   * The JavaScript project's Expo config lists react-native-background-fetch as a config plugin (or a dynamic
   * app.config names the library): its prebuild writes the native AppDelegate setup.
   */
  rnbfExpoPlugin?: boolean;
  /** `inFunction`: defined directly in the body of that function (not in a callback inside it). */
  expoDefines: { name: IdUse; span: Span; topLevel: boolean; inFunction?: string }[];
  /** Names of functions called at module top level (they run when the module is imported). */
  moduleCalls: string[];
  expoRegisters: { name: IdUse; span: Span; minimumInterval?: { value: number; span: Span } }[];
  /** `autoStart.asFalse`: the value is a literal the plugin reads as false (false, null, undefined, a string). */
  capacitor?: { label?: IdUse; autoStart?: { value: boolean; span: Span; asFalse?: { text: string; span: Span } }; runnerSpan: Span };
}

/** A place in Swift where code runs as the app moves to the background: where a fix can append a statement. */
export interface BackgroundSpot {
  kind: 'scene-phase' | 'scene-delegate' | 'app-delegate';
  /** What to call the spot in a fix title. */
  label: string;
  /** Offset to insert `prefix + statement`, where prefix is a line break plus `indent`. */
  offset: number;
  indent: string;
  /** The spot's body text (to avoid adding a statement it already has). */
  body: string;
  /** The type that declares the function (delegates): statements calling implicit-self methods can move only there. */
  owner?: string;
}

/** A SwiftUI `.onChange(of: scenePhase) { … }` closure and where each arm (`case .background:`, `if p == .active`) begins. */
export interface ScenePhaseChange {
  /** From the closure's `{` to its `}`. */
  span: Span;
  arms: { at: number; phase: string }[];
}

/** The data protection a health-research request asks for (`protectionTypeOfRequiredData`). */
export type DataProtectionClass = 'completeUntilFirstUserAuthentication' | 'completeUnlessOpen' | 'complete' | 'none' | 'unknown';

/** What a Swift file says about the app's scene life cycle and its tasks' own reporting (found on the tree). */
export interface SwiftSceneFacts {
  backgroundSpots: BackgroundSpot[];
  scenePhaseChanges: ScenePhaseChange[];
  /** `….protectionTypeOfRequiredData = <value>` assignments, in source order. */
  dataProtection: { at: number; value: DataProtectionClass }[];
  /** Where the code reports task progress (`.progress`, `completedUnitCount`, `updateTitle(`). */
  progressRefs: Span[];
  /** Continued-processing words used as code: the device check `supportedResources`. */
  mentions?: ContinuedProcessingWord[];
}

export type ContinuedProcessingWord = 'supportedResources';

export type DirectiveKind = 'disable-next-line' | 'disable-line' | 'disable-file';

export interface Directive {
  kind: DirectiveKind;
  /** Rule ids; empty means every rule. */
  rules: string[];
  /** 0-based line the directive applies to (for file-wide: -1). */
  line: number;
}

export interface FileFacts {
  file: string;
  language: 'swift' | 'typescript' | 'objc';
  constants: ConstantFact[];
  functions: FunctionFact[];
  registrations: RegistrationFact[];
  requests: RequestFact[];
  handlers: HandlerFact[];
  /** Type names marked `@main` or conforming to an app delegate protocol, and the app-delegate adaptor types. */
  launchTypes: string[];
  directives: Directive[];
  /** Problems reading the file (parse timeouts …), reported at file level. */
  problems: { message: string; span: Span }[];
  /** True when the tree had ERROR nodes somewhere. */
  hasSyntaxErrors: boolean;
  /** The file's indentation unit (tab, 2 or 4 spaces), for inserted code. */
  indentUnit: string;
  /**
   * Objective-C only: the file's `#import`/`#include`/`@import` lines (header path or module name as written, without
   * quotes or brackets); `conditional` when inside an `#if` (fixes add imports outside such blocks).
   */
  imports?: { path: string; span: Span; conditional: boolean }[];
  /** TypeScript only: library API uses. */
  library?: LibraryFacts;
  /**
   * Swift: scene life cycle, data protection and progress reporting (absent for files that mention none). Objective-C
   * fills only `mentions`.
   */
  scene?: SwiftSceneFacts;
}

export function emptyFacts(file: string, language: FileFacts['language']): FileFacts {
  return {
    file,
    language,
    constants: [],
    functions: [],
    registrations: [],
    requests: [],
    handlers: [],
    launchTypes: [],
    directives: [],
    problems: [],
    hasSyntaxErrors: false,
    indentUnit: '    ',
  };
}
