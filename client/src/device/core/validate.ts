/**
 * Strict allow-lists for every value that reaches an argv element or an LLDB command line.
 *
 * Why allow-lists and not escaping: a task id ends up inside an Objective-C string literal inside an LLDB command
 * (`expression -l objc -- (void)[… _simulateLaunchForTaskWithIdentifier:@"ID"]`), in a Darwin notification name, and in
 * argv. Each of those has its own quoting rules (and lldb's `-o` re-parses its argument as a command line), so the only
 * safe input is one that needs no quoting anywhere. Real identifiers are reverse-DNS and fit easily.
 *
 * The character classes are spelled out in ASCII and the regexes use neither the `i` nor the `u` flag, so Unicode
 * look-alikes (Cyrillic "а", fullwidth "．", the Kelvin sign, zero-width joiners…) never match. JavaScript's `$` without
 * the `m` flag only matches at the very end, so a trailing newline is rejected too (unlike PCRE's `$`).
 */
import { DeviceBridgeError, messages } from './errors';

/** Task identifiers: letters, digits, `.`, `-`, `_`; starts with a letter or digit; < 128 characters (iOS drops longer ones). */
const TASK_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,126}$/;
/** Bundle identifiers (Apple: alphanumerics, hyphen, period); 155 is App Store Connect's limit. */
const BUNDLE_ID = /^[A-Za-z0-9][A-Za-z0-9.-]{0,154}$/;
/** CoreDevice identifiers (UUID) and hardware UDIDs (`00008110-000559182E90401E`). */
const DEVICE_ID = /^[A-Za-z0-9][A-Za-z0-9-]{0,79}$/;

export function isValidTaskId(value: unknown): value is string {
  return typeof value === 'string' && TASK_ID.test(value);
}

export function isValidBundleId(value: unknown): value is string {
  return typeof value === 'string' && BUNDLE_ID.test(value) && !value.includes('..');
}

export function isValidDeviceId(value: unknown): value is string {
  return typeof value === 'string' && DEVICE_ID.test(value);
}

export function isValidPid(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

export function assertTaskId(value: unknown): string {
  if (!isValidTaskId(value)) throw new DeviceBridgeError('INVALID_TASK_ID', messages.invalidTaskId(String(value)));
  return value;
}

export function assertBundleId(value: unknown): string {
  if (!isValidBundleId(value)) throw new DeviceBridgeError('INVALID_BUNDLE_ID', messages.invalidBundleId(String(value)));
  return value;
}

export function assertDeviceId(value: unknown): string {
  if (!isValidDeviceId(value)) throw new DeviceBridgeError('INVALID_DEVICE_ID', messages.invalidDeviceId(String(value)));
  return value;
}

export function assertPid(value: unknown): number {
  if (!isValidPid(value)) throw new DeviceBridgeError('LLDB_FAILED', messages.lldbFailed(`invalid process id ${String(value)}`));
  return value;
}
