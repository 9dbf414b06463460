/** Types of ./model.cjs (the fake xcrun's model; see there). */
export interface FakeIo {
  out(text: string): void;
  err(text: string): void;
  /** Ends the run with this exit code (throws ExitSignal). */
  exit(code: number): never;
  /** Keeps the run alive until it is killed (throws HangSignal). */
  hang(): never;
}

export interface FakeWorld {
  scenario(): Record<string, unknown>;
  loadState(): Record<string, unknown> | undefined;
  saveState(state: Record<string, unknown>): void;
  appendDeviceLog(line: string): void;
  /** Calls onLine for every device-log line appended from now on. */
  followDeviceLog(onLine: (line: string) => void): void;
}

export declare class ExitSignal {
  readonly code: number;
  constructor(code: number);
}
export declare class HangSignal {}

export declare function runXcrun(argv: string[], io: FakeIo, world: FakeWorld): void;
