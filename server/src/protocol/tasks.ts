/**
 * The workspace's background tasks as the outside world sees them: the language server computes
 * these from its analysis and sends them to the client (tree view, device bridge, simulator panel).
 * Leaf module: no imports from the rest of server/, safe for client/ and media/ to import.
 */

/** Which BGTask subclass an identifier is used with. */
export type TaskKind = 'refresh' | 'processing' | 'healthResearch' | 'continuedProcessing' | 'unknown';

/** A place in a file. `line` and `character` are 0-based (LSP convention, UTF-16 columns). */
export interface SourceLocation {
  uri: string;
  line: number;
  character: number;
}

/** Request options as written at the submit site, where they could be read statically. */
export interface RequestOptions {
  /** `earliestBeginDate` as an offset from submission time, in seconds (undefined: not set or not static). */
  earliestBeginDelaySeconds?: number;
  requiresExternalPower?: boolean;
  requiresNetworkConnectivity?: boolean;
}

/** What the analysis learned about the task's launch handler. */
export interface HandlerSummary {
  /** True when the handler assigns `expirationHandler` on its main path. */
  setsExpirationHandler: boolean;
  /** True when every path of the handler completes the task (setTaskCompleted / finish / resolve). */
  completesOnAllPaths: boolean;
  /**
   * Where the handler submits the next request for the same identifier:
   * 'start' before its work, 'end' only after its work, 'never', or 'unknown' when it could not be told.
   */
  resubmits: 'start' | 'end' | 'never' | 'unknown';
}

/**
 * What the scheduler simulator needs beyond the lint facts, read from the same analysis: whether every
 * launch crashes, where the app submits, and per-type facts. Every field is optional: absent means
 * "not known", and the simulator says what it assumed instead.
 */
export interface TaskSimulationFacts {
  /** Every launch of the task crashes, and why (one sentence from the analysis). */
  launchCrash?: { cause: 'typeMismatch' | 'duplicateRegistration' | 'lateRegistration' | 'neverRegistered'; text: string };
  /** The handler's `as?` cast to the wrong class: it returns without completing on every launch. */
  castNeverCompletes?: boolean;
  /** False when the expirationHandler only logs (neither stops the work nor completes the task). */
  expirationHandlerCompletes?: boolean;
  /** Where the app's own code submits (outside the launch handler); `known: false` when some site could not be placed. */
  submitPolicy?: {
    known: boolean;
    background: boolean;
    launch: boolean;
    launchScene: boolean;
    launchGuarded: boolean;
    userAction: boolean;
    handler: boolean;
    /** Short descriptions of the places, e.g. "application(_:didFinishLaunchingWithOptions:)". */
    where: string[];
  };
  /** Health research: `protectionTypeOfRequiredData` as written ('unknown' when it could not be read). */
  dataProtection?: 'none' | 'complete' | 'completeUnlessOpen' | 'completeUntilFirstUserAuthentication' | 'unknown';
  /** Health research: the com.apple.developer.backgroundtasks.healthresearch entitlement of the app target. */
  healthResearchEntitlement?: 'present' | 'missing' | 'unknown';
  /** Continued processing: the handler updates `task.progress`. */
  reportsProgress?: boolean;
  /** A continued-processing task submitted under a wildcard identifier (`id` is the pattern, e.g. `com.app.export.*`). */
  wildcard?: boolean;
}

export interface TaskSummary {
  /** The task identifier, resolved to a string (bundle-id placeholders expanded where known). */
  id: string;
  kind: TaskKind;
  /** Listed in the governing Info.plist's BGTaskSchedulerPermittedIdentifiers. */
  permitted: boolean;
  registered: boolean;
  submitted: boolean;
  request?: RequestOptions;
  handler?: HandlerSummary;
  /** Name of the app scope (target) the task belongs to, e.g. "FilmTracker". */
  scope?: string;
  sites: {
    permitted?: SourceLocation;
    register?: SourceLocation;
    submit?: SourceLocation;
  };
  /** Number of findings that mention this identifier. */
  findings: number;
  /** Facts for the scheduler simulator (optional, additive). */
  simulation?: TaskSimulationFacts;
}
