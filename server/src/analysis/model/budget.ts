/**
 * Work budgets for questions that fan out across the workspace (who calls this? who declares that? does this call
 * submit?). Every walk across functions, constants, build settings and includes keeps a visited set and spends from
 * a budget; when the budget runs out the question answers "unknown", which the rules read as silence. Each give-up is
 * noted once, so `BGTASKS_TIMING=1` and `bgtasks lint --debug` can say which question stopped early and why.
 */

/** Named limits. They are generous for real apps (measured on the field corpus) and small enough to end quickly. */
export const LIMITS = {
  /** A name mentioned (in the role asked about) by more not-yet-parsed files than this is not searched: "unknown". */
  filesPerSearch: 64,
  /** Functions visited while walking from a call site up to launch. */
  reachVisits: 400,
  /** Files a walk up to launch may parse on demand; past it the paths not followed yet are "unknown". */
  reachParses: 48,
  /** Functions visited while finding which functions lead to a refresh submit (callers of callers …). */
  submitWalkVisits: 400,
  /**
   * Files that search may parse on demand (callers of callers … of common names can reach most of an app). Past it
   * the answer for names not found yet is "unknown".
   */
  submitWalkParses: 48,
  /** How many calls up from a submit that search goes. */
  submitWalkDepth: 6,
  /** Steps of constant resolution per identifier. */
  resolveSteps: 200,
  /** Longest identifier value kept while resolving (iOS drops identifiers over 128 characters). */
  idLength: 512,
  /** Longest expanded build-setting value. */
  settingLength: 4096,
} as const;

export interface GiveUp {
  question: string;
  why: string;
}

/** The questions that gave up during one lint (kept small: the first of each kind). */
export class WorkLog {
  readonly gaveUp: GiveUp[] = [];
  private readonly seen = new Set<string>();

  note(question: string, why: string): void {
    if (this.seen.has(question) || this.gaveUp.length >= 100) return;
    this.seen.add(question);
    this.gaveUp.push({ question, why });
  }

  clear(): void {
    this.gaveUp.length = 0;
    this.seen.clear();
  }
}

/** A budget of work units for one question. */
export class Budget {
  private used = 0;
  private out = false;

  constructor(
    readonly question: string,
    readonly limit: number,
    private readonly log?: WorkLog,
  ) {}

  /** Spends `n` units; false once the budget is exhausted (noted in the log the first time). */
  spend(n = 1): boolean {
    if (this.out) return false;
    this.used += n;
    if (this.used <= this.limit) return true;
    this.out = true;
    this.log?.note(this.question, `gave up after ${this.limit} steps; answered "unknown"`);
    return false;
  }

  get exhausted(): boolean {
    return this.out;
  }
}
