/**
 * Typed failures of the device bridge. Every failure a user can hit has a code (for tests and for the VS Code layer to
 * decide on follow-up actions) and a message that says what happened *and what to do about it*.
 * The texts live here, in one place, so the tests can assert them and the docs can quote them.
 */

export type DeviceBridgeErrorCode =
  | 'NOT_MACOS'
  | 'NO_XCRUN'
  | 'NO_XCODE'
  | 'XCODE_TOO_OLD'
  | 'NO_DEVICE'
  | 'DEVICE_NOT_FOUND'
  | 'DEVICE_LOCKED'
  | 'DEVELOPER_MODE_OFF'
  | 'DEVICE_UNSUPPORTED'
  | 'DEVICE_UNREACHABLE'
  | 'SIMULATOR_SELECTED'
  | 'APP_NOT_INSTALLED'
  | 'APP_NOT_RUNNING'
  | 'NOT_DEBUGGABLE'
  | 'ALREADY_DEBUGGED'
  | 'FRAMEWORK_NOT_LOADED'
  | 'PROCESS_NOT_STOPPED'
  | 'NO_PENDING_REQUEST'
  | 'EXPIRATION_WITHOUT_LAUNCH'
  | 'NO_EXPIRATION_HANDLER'
  | 'NO_LAUNCH_HANDLER'
  | 'TASK_ALREADY_RUNNING'
  | 'TIMEOUT'
  | 'CANCELLED'
  | 'INVALID_TASK_ID'
  | 'INVALID_BUNDLE_ID'
  | 'INVALID_DEVICE_ID'
  | 'INVALID_XCRUN_PATH'
  | 'NO_BUNDLE_ID'
  | 'NO_DEBUG_SESSION'
  | 'DEBUG_SESSION_FAILED'
  | 'DEVICECTL_FAILED'
  | 'LLDB_FAILED'
  | 'UNTRUSTED_WORKSPACE';

export class DeviceBridgeError extends Error {
  override readonly name = 'DeviceBridgeError';
  constructor(
    readonly code: DeviceBridgeErrorCode,
    /** The actionable text shown to the user. */
    readonly userMessage: string,
    /** Raw tool output or other detail, for the output channel; never shown in a notification. */
    readonly detail?: string,
  ) {
    super(userMessage);
  }
}

export function isDeviceBridgeError(e: unknown): e is DeviceBridgeError {
  return e instanceof DeviceBridgeError;
}

/** Quotes a value for a message without letting control characters through (ids may be hostile). */
export function quoteForMessage(value: string): string {
  // JSON.stringify escapes quotes, backslashes, newlines and other control characters.
  const q = JSON.stringify(value.length > 160 ? `${value.slice(0, 160)}…` : value);
  return q;
}

const PICK_DEVICE_HINT = "Run 'Background Tasks: Select Device' to pick another one.";

/**
 * The precondition of the lldb and hook routes. Apple's steps and public guides bring the app to the foreground before
 * the private selectors run; a backgrounded app may be suspended mid-task (a simulated task has no system activity
 * behind it), and pausing a backgrounded app has frozen Xcode for others. Nothing here can check it, so every message
 * of those routes says it.
 */
export const FOREGROUND_HINT = 'Keep the app in the foreground on the unlocked device (screen on) while it runs.';

/** Message builders. Keep them short, concrete and ending with what to do. */
export const messages = {
  notMacos: (platform: string) =>
    `Device commands need macOS with Xcode 16 or later: they run xcrun devicectl and Xcode's lldb, which exist only on a Mac (this machine is ${platform}).`,
  noXcrun: (xcrun: string) =>
    `Could not run ${quoteForMessage(xcrun)}. Install Xcode 16 or later and select it with "sudo xcode-select -s /Applications/Xcode.app", or set bgtasks.xcrunPath in your user settings.`,
  noXcode: (detail: string) =>
    `xcrun could not find Xcode's developer tools (${detail.trim()}). Install Xcode 16 or later and select it with "sudo xcode-select -s /Applications/Xcode.app".`,
  devicectlMissing: () =>
    'xcrun cannot find devicectl, which ships with Xcode 15 and later. Device commands need Xcode 16 or later: update Xcode and select it with "sudo xcode-select -s /Applications/Xcode.app".',
  lldbTooOld: () =>
    `Xcode 16 or later is required: lldb answered "'device' is not a valid command". Only Xcode 16's lldb can attach to an iOS 17+ device this way. Update Xcode and select it with "sudo xcode-select -s /Applications/Xcode.app".`,
  consoleTooOld: () =>
    'devicectl does not know --console, which needs Xcode 16 or later. Update Xcode and select it with "sudo xcode-select -s /Applications/Xcode.app".',
  noDevice: () =>
    'No paired physical iPhone or iPad running iOS 17 or later was found. Connect it by USB (or keep it on the same Wi-Fi), unlock it, tap Trust, and pair it once in Xcode (Window > Devices and Simulators). Then run "Background Tasks: Refresh Devices".',
  deviceNotFound: (name: string) => `The device ${quoteForMessage(name)} was not found. Is it still connected and unlocked? ${PICK_DEVICE_HINT}`,
  deviceLocked: (name: string) => `The device ${quoteForMessage(name)} is locked. Unlock it, keep the screen on, and try again.`,
  developerModeOff: (name: string) =>
    `Developer Mode is off on ${quoteForMessage(name)}. On the device open Settings > Privacy & Security > Developer Mode, turn it on and restart the device.`,
  deviceUnsupported: (name: string, why: string) => `${quoteForMessage(name)} cannot be used: ${why}. ${PICK_DEVICE_HINT}`,
  deviceUnreachable: (detail: string) =>
    `lldb could not talk to the device (${detail.trim()}). Unlock the device, connect it by USB if it is on Wi-Fi, and try again.`,
  simulatorSelected: (name: string) =>
    `${quoteForMessage(name)} is a Simulator. BGTaskScheduler's simulate functions work only on a physical device (Apple: "The debug functions work only on devices"); on the Simulator submit fails with BGTaskSchedulerErrorDomain code 1, so no request is ever pending. ${PICK_DEVICE_HINT}`,
  appNotInstalled: (bundleId: string, device: string) =>
    `${bundleId} is not installed on ${quoteForMessage(device)}. Build and run the app's Debug configuration on the device once (from Xcode), then try again.`,
  appNotRunning: (bundleId: string) =>
    `${bundleId} is not running. Open the app on the device (or enable bgtasks.device.launchIfNotRunning) and try again.`,
  notDebuggable: (detail: string) =>
    `lldb was not allowed to attach to the app (${detail.trim()}). Install a Debug build signed for development (get-task-allow) from Xcode, then try again.`,
  alreadyDebugged: () =>
    'The app is already being debugged (Xcode or another debugger owns it). Send the command through that debug session instead: stop Xcode\'s session, or start an lldb-dap / CodeLLDB session in VS Code, or add the debug hook ("Background Tasks: Add Debug Hook to App").',
  frameworkNotLoaded: () =>
    "lldb could not resolve BGTaskScheduler in the app: the app does not appear to load the BackgroundTasks framework. Import BackgroundTasks and register your task handlers at launch, rebuild, and try again.",
  processNotStopped: () =>
    `lldb tried to evaluate while the app was running, also on a second attempt. Bring the app to the foreground on the unlocked device and try again; if it keeps happening, pause the app in the debugger first. ${FOREGROUND_HINT}`,
  pauseDidNotStop: () =>
    'The debug session was asked to pause the app, but LLDB still reports it running, so nothing was sent and nothing was resumed. Pause the app in the debugger (it should be in the foreground on the unlocked device) and try again.',
  noPendingRequest: (taskId: string) =>
    `iOS reported "No task request with identifier ${taskId} has been scheduled". Submit a request for ${taskId} first (BGTaskScheduler.shared.submit), for example by sending the app to the background if it submits there, then try again.`,
  expirationWithoutLaunch: (taskId: string) =>
    `Simulated expiration only works on a task that a simulated launch started and that has not completed yet. Simulate a launch of ${taskId} first, and run the expiration while its handler is still working.`,
  noExpirationHandler: (taskId: string) =>
    `iOS reported that the running task ${taskId} has no expiration handler. Set task.expirationHandler in the launch handler before doing work.`,
  noLaunchHandler: (taskId: string) =>
    `iOS reported "No launch handler registered for task with identifier ${taskId}" (the app crashes). Register the handler with BGTaskScheduler.shared.register before the app finishes launching.`,
  taskAlreadyRunning: (taskId: string) => `iOS reported that ${taskId} is already running. Let it finish (setTaskCompleted) before simulating another launch.`,
  timeout: (what: string, seconds: number, setting: string) =>
    `${what} did not finish within ${seconds} s. Attaching over Wi-Fi can take 30 s or more: connect the device by USB, or raise ${setting}.`,
  lldbTimeout: (seconds: number) =>
    `Attaching lldb to the app did not finish within ${seconds} s. The first attach over Wi-Fi can take minutes (lldb reads the app's symbols from the device): connect the device by USB, or raise bgtasks.device.lldbTimeoutSeconds. ${FOREGROUND_HINT}`,
  cancelled: () => 'Cancelled.',
  invalidTaskId: (value: string) =>
    `${quoteForMessage(value)} is not a valid task identifier. Use letters, digits, ".", "-" and "_" only (like com.example.app.refresh), at most 127 characters.`,
  invalidBundleId: (value: string) =>
    `${quoteForMessage(value)} is not a valid bundle identifier. Use letters, digits, "." and "-" only (like com.example.app).`,
  invalidDeviceId: (value: string) => `devicectl returned an unexpected device identifier ${quoteForMessage(value)}; refusing to pass it on.`,
  invalidXcrunPath: (value: string) => `bgtasks.xcrunPath must be an absolute path to xcrun (got ${quoteForMessage(value)}). Fix it in your user settings.`,
  noBundleId: () =>
    'No bundle identifier found for the app. Set bgtasks.device.bundleId, or make sure the Xcode project sets PRODUCT_BUNDLE_IDENTIFIER for the app target.',
  noDebugSession: () =>
    'bgtasks.device.route is "debugSession", but no LLDB debug session (lldb-dap, CodeLLDB or another LLDB adapter) is running. Start one attached to the app, or set the route to "auto".',
  debugSessionFailed: (detail: string) => `The debug session rejected the command: ${detail.trim()}`,
  devicectlFailed: (detail: string) => `devicectl failed: ${detail.trim()}`,
  lldbFailed: (detail: string) => `lldb failed: ${detail.trim()}`,
  untrusted: () =>
    'Device commands are disabled in Restricted Mode: they run Xcode tools and attach a debugger to your app. Trust this workspace (Manage Workspace Trust) to use them.',
};

export function err(code: DeviceBridgeErrorCode, message: string, detail?: string): DeviceBridgeError {
  return new DeviceBridgeError(code, message, detail);
}
