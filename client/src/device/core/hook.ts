/**
 * Route 3, "devicectl only": a DEBUG-only Swift file the user adds to the app. It listens for Darwin notifications
 * and calls the private BGTaskScheduler selector itself; the extension posts the notification with
 * `xcrun devicectl device notification post --device ID --name NAME`. No debugger is involved.
 *
 * How the app learns the task id: it never parses one. At install() it reads its own Info.plist
 * (BGTaskSchedulerPermittedIdentifiers) and registers one observer per (action, permitted id), with the name
 *   <bundle id>.bgtasks.debug.<launch|expire>.<task id>
 * The callback looks the received name up in the table it built, so only ids the app itself permits can ever be
 * triggered, and nothing from outside is interpreted. The extension builds the same name from validated ids
 * (letters, digits, `.`, `-`, `_`), so the name is plain ASCII with no separators to confuse.
 *
 * Swift 6 language mode: a closure written inside a `@MainActor` type is inferred main-actor isolated and cannot be
 * converted to a C function pointer, so the Darwin callback is a file-level `let callback: CFNotificationCallback`
 * that captures nothing (a C callback cannot) and hops to the main actor with `Task { @MainActor in … }` before it
 * touches the hook's state. Nothing in the callback refers to main-actor state outside that task.
 *
 * Release builds: everything is inside `#if DEBUG … #endif`, so a Release build compiles the file to nothing and the
 * private selector names never reach an App Store binary. The one call site must be wrapped the same way (see
 * HOOK_INSTALL_SNIPPET); forgetting that fails the Release build loudly instead of shipping the hook.
 */
import type { SimulateAction } from './lldb';
import { assertBundleId, assertTaskId } from './validate';

export const HOOK_FILE_NAME = 'BGTasksDebugHook.swift';
/** Marker the extension looks for to know the app has the hook (and which version). */
export const HOOK_MARKER = 'bgtasks-debug-hook';
/** v2: the Darwin callback is a top-level `let callback: CFNotificationCallback` (Swift 6 language mode). */
export const HOOK_VERSION = 2;
/** Middle part of every notification name; shared by the Swift template and the extension. */
export const HOOK_NAME_INFIX = 'bgtasks.debug';

const ACTION_WORD: Record<SimulateAction, string> = { launch: 'launch', expire: 'expire' };

/** The Darwin notification name for one action on one task of one app. Throws on an invalid id. */
export function hookNotificationName(bundleId: string, action: SimulateAction, taskId: string): string {
  return `${assertBundleId(bundleId)}.${HOOK_NAME_INFIX}.${ACTION_WORD[action]}.${assertTaskId(taskId)}`;
}

/** Whether a file's text is (some version of) the hook. */
export function detectHookVersion(text: string): number | undefined {
  const m = new RegExp(`${HOOK_MARKER} v(\\d+)`).exec(text);
  return m ? Number(m[1]) : undefined;
}

/** What to add to the app's launch code (didFinishLaunching or the SwiftUI App's init). */
export const HOOK_INSTALL_SNIPPET = ['#if DEBUG', 'BGTasksDebugHook.install()', '#endif'].join('\n');

/** The Swift source of the hook. Deterministic: the same text for every app (the app reads its own ids). */
export function hookSwiftSource(): string {
  return `// ${HOOK_MARKER} v${HOOK_VERSION}. Added by the "Background Tasks" VS Code extension (bgtasks).
//
// Lets the extension trigger BGTaskScheduler's simulated launch / expiration on a physical device without attaching
// a debugger: it posts a Darwin notification with "xcrun devicectl device notification post".
//
// Call it once at launch, inside #if DEBUG too:
//     #if DEBUG
//     BGTasksDebugHook.install()
//     #endif
//
// Everything below is compiled only in DEBUG builds. The private selectors it calls are for development only: Apple
// rejects apps that use them, which is why nothing of this file exists in a Release build.
// Notification names: <bundle id>.${HOOK_NAME_INFIX}.<launch|expire>.<task id>, one per id listed in this app's
// BGTaskSchedulerPermittedIdentifiers. Nothing received from outside is parsed.

#if DEBUG
import BackgroundTasks
import Foundation

/// The Darwin-notification callback. It is a file-level constant rather than a closure written inside the
/// @MainActor type below: in Swift 6 mode such a closure would be main-actor isolated, and a C function pointer
/// cannot be. It captures nothing and reaches the hook's state only on the main actor.
private let callback: CFNotificationCallback = { _, _, name, _, _ in
    guard let cfName = name?.rawValue else { return }
    let key = cfName as String
    Task { @MainActor in
        BGTasksDebugHook.handle(key)
    }
}

@MainActor
enum BGTasksDebugHook {
    private enum Action: String, CaseIterable {
        case launch
        case expire

        var selectorName: String {
            switch self {
            case .launch: return "_simulateLaunchForTaskWithIdentifier:"
            case .expire: return "_simulateExpirationForTaskWithIdentifier:"
            }
        }
    }

    /// Notification name -> (action, task id). Filled once by install(); only read on the main actor afterwards.
    private static var routes: [String: (action: Action, identifier: String)] = [:]

    /// Registers one Darwin-notification observer per (action, permitted identifier). Safe to call more than once.
    static func install() {
        guard routes.isEmpty, let bundleID = Bundle.main.bundleIdentifier else { return }
        let identifiers = Bundle.main.object(forInfoDictionaryKey: "BGTaskSchedulerPermittedIdentifiers") as? [String] ?? []
        for identifier in identifiers where isPlainIdentifier(identifier) {
            for action in Action.allCases {
                routes["\\(bundleID).${HOOK_NAME_INFIX}.\\(action.rawValue).\\(identifier)"] = (action, identifier)
            }
        }
        let center = CFNotificationCenterGetDarwinNotifyCenter()
        for notificationName in routes.keys {
            CFNotificationCenterAddObserver(center, nil, callback, notificationName as CFString, nil, .deliverImmediately)
        }
        NSLog("[bgtasks] debug hook listening for %ld task identifier(s)", routes.count / Action.allCases.count)
    }

    /// Called by the file-level callback, on the main actor (fileprivate, not private, so that it can be reached).
    fileprivate static func handle(_ name: String) {
        guard let route = routes[name] else { return }
        let scheduler = BGTaskScheduler.shared
        let selector = NSSelectorFromString(route.action.selectorName)
        guard scheduler.responds(to: selector) else {
            NSLog("[bgtasks] BGTaskScheduler does not respond to %@ on this OS version", route.action.selectorName)
            return
        }
        NSLog("[bgtasks] %@ %@ (from VS Code)", route.action == .launch ? "simulating launch of" : "simulating expiration of", route.identifier)
        _ = scheduler.perform(selector, with: route.identifier)
    }

    /// Wildcard entries (continued processing "….*") name no single task; skip them and anything unusual.
    private static func isPlainIdentifier(_ identifier: String) -> Bool {
        !identifier.isEmpty && identifier.count < 128 && identifier.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || scalar == "." || scalar == "-" || scalar == "_")
        }
    }
}
#endif
`;
}
