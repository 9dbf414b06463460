/** Calls that only log: Swift `print`/`debugPrint`, `NSLog`, `os_log`, and a Logger's levels. */
const LOG_CALLS = new Set(['print', 'debugPrint', 'NSLog', 'os_log', 'log', 'trace', 'debug', 'info', 'notice', 'warning', 'error', 'fault', 'critical']);

export function isLogCall(name: string): boolean {
  return LOG_CALLS.has(name);
}
