/**
 * Which of the three routes fires a simulate action.
 *
 * auto: an LLDB debug session attached to the app wins (a second debugger cannot attach to a process that already has
 *       one, and the session is already there), then the in-app hook if the workspace contains it (no debugger at
 *       all), then the LLDB one-shot (works on any debuggable Debug build, no app changes).
 * A forced setting is honoured, except that "debugSession" without a session is an error rather than a silent
 * fallback: the user asked for something specific and should learn it is not possible.
 */
import { DeviceBridgeError, messages } from './errors';

export type RouteSetting = 'auto' | 'debugSession' | 'hook' | 'lldb';
export type Route = 'debugSession' | 'hook' | 'lldb';

export const ROUTE_SETTINGS: readonly RouteSetting[] = ['auto', 'debugSession', 'hook', 'lldb'];

export interface RouteContext {
  setting: RouteSetting | string | undefined;
  /** An LLDB-based debug session that looks attached to the app is running. */
  debugSessionAvailable: boolean;
  /** The workspace contains the hook file (BGTasksDebugHook.swift with its marker). */
  hookInstalled: boolean;
}

export interface RouteChoice {
  route: Route;
  /** One sentence for the output channel: why this route. */
  reason: string;
}

export function normalizeRouteSetting(value: unknown): RouteSetting {
  return typeof value === 'string' && (ROUTE_SETTINGS as readonly string[]).includes(value) ? (value as RouteSetting) : 'auto';
}

export function chooseRoute(ctx: RouteContext): RouteChoice {
  const setting = normalizeRouteSetting(ctx.setting);
  switch (setting) {
    case 'debugSession':
      if (!ctx.debugSessionAvailable) throw new DeviceBridgeError('NO_DEBUG_SESSION', messages.noDebugSession());
      return { route: 'debugSession', reason: 'bgtasks.device.route is "debugSession".' };
    case 'hook':
      return {
        route: 'hook',
        reason: ctx.hookInstalled
          ? 'bgtasks.device.route is "hook".'
          : `bgtasks.device.route is "hook" (the hook file was not found in the workspace; sending anyway).`,
      };
    case 'lldb':
      return { route: 'lldb', reason: 'bgtasks.device.route is "lldb".' };
    case 'auto':
      if (ctx.debugSessionAvailable) return { route: 'debugSession', reason: 'An LLDB debug session is attached to the app.' };
      if (ctx.hookInstalled) return { route: 'hook', reason: 'The app contains the bgtasks debug hook.' };
      return { route: 'lldb', reason: 'No debug session and no debug hook: attaching lldb once.' };
  }
}
