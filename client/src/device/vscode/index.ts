/**
 * The VS Code side of the device bridge: commands, device picker and status bar item, progress with cancellation,
 * the "Background Tasks" output channel, and the debug-session route. All device work is in ../core.
 *
 * Entry point: registerDeviceCommands(context, deps). Commands accept an optional task id argument (code lenses and
 * the simulator panel pass one); without it they show a quick pick of the workspace's tasks.
 */
import * as vscode from 'vscode';
import type { TaskSummary } from '../../../../server/src/protocol/tasks';
import { AppLogWatcher } from '../core/applog';
import { DeviceBridge, PREFLIGHT, SimulationLedger, type SimulateResult } from '../core/bridge';
import { lldbDapPrefixFor, simulateViaDebugSession, type DapSimulationResult } from '../core/dap';
import { DeviceBridgeError, FOREGROUND_HINT, isDeviceBridgeError, messages } from '../core/errors';
import { systemClock, type ProcessRunner } from '../core/process';
import { chooseRoute, type Route } from '../core/routes';
import type { SimulateAction } from '../core/lldb';
import { codelldbConsoleMode, deviceSettings, lldbDapEscapePrefixSetting, xcrunPathSetting } from './config';
import { DebugSessionRegistry, type SessionCandidate } from './debugSessions';
import { DeviceState, pickDevice } from './devices';
import { addDebugHook, workspaceHasHook } from './hookFile';
import { resolveBundleId, resolveTaskId } from './pickers';

export interface DeviceDeps {
  getTasks(): Promise<TaskSummary[]>;
  getBundleIds(): Promise<{ target: string; bundleId: string; configuration?: string }[]>;
  getWorkspaceFolders?(): readonly vscode.WorkspaceFolder[];
  /** Runs xcrun. Default: child processes (core/process.ts). Tests inject an in-process fake. */
  runner?: ProcessRunner;
}

/** Language id of the output channel; syntaxes/bgtasks-log.tmLanguage.json is registered for it. */
export const LOG_LANGUAGE_ID = 'bgtasks-log';
export const OUTPUT_CHANNEL_NAME = 'Background Tasks';

export function registerDeviceCommands(context: vscode.ExtensionContext, deps: DeviceDeps): vscode.Disposable[] {
  const ctx = deviceContext(context, deps);
  const { output, devices, sessions } = ctx;
  const simulate = simulateCommand(ctx);
  const { selectDevice, refreshDevices, launchWithLog, stopLog, addHook } = deviceActions(ctx);
  devices.setVisible(vscode.workspace.isTrusted);
  const disposables: vscode.Disposable[] = [
    output,
    devices,
    sessions,
    { dispose: () => ctx.log.abort?.abort() },
    vscode.workspace.onDidGrantWorkspaceTrust(() => devices.setVisible(true)),
    vscode.commands.registerCommand('bgtasks.simulateLaunch', (taskId?: unknown) => simulate('launch', taskId)),
    vscode.commands.registerCommand('bgtasks.simulateExpiration', (taskId?: unknown) => simulate('expire', taskId)),
    vscode.commands.registerCommand('bgtasks.selectDevice', selectDevice),
    vscode.commands.registerCommand('bgtasks.refreshDevices', refreshDevices),
    vscode.commands.registerCommand('bgtasks.launchWithLog', launchWithLog),
    vscode.commands.registerCommand('bgtasks.stopLog', stopLog),
    vscode.commands.registerCommand('bgtasks.addDebugHook', addHook),
  ];
  // The caller owns these (push them into context.subscriptions); `context` is used for workspaceState only.
  return disposables;
}

/** What the device commands share: output, device state, sessions, the log watcher and the error reporting. */
interface DeviceContext {
  context: vscode.ExtensionContext;
  deps: DeviceDeps;
  output: vscode.OutputChannel;
  devices: DeviceState;
  sessions: DebugSessionRegistry;
  ledger: SimulationLedger;
  /** The running "Launch App with Log" stream, if any. */
  log: { abort?: AbortController };
  note(line: string): void;
  newBridge(): DeviceBridge;
  /** False (after saying why) when the workspace is not trusted. */
  trusted(): boolean;
  report(e: unknown, retry?: () => Promise<void>): Promise<void>;
  ensureDevice(bridge: DeviceBridge): Promise<string | undefined | null>;
}

function deviceContext(context: vscode.ExtensionContext, deps: DeviceDeps): DeviceContext {
  const output = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, LOG_LANGUAGE_ID);
  const devices = new DeviceState(context.workspaceState);
  const sessions = new DebugSessionRegistry();
  // Shared across bridge instances, which are rebuilt per command so setting changes apply at once.
  const watcher = new AppLogWatcher(systemClock);
  const ledger = new SimulationLedger();

  const note = (line: string) => output.appendLine(`[bgtasks] ${line}`);
  const newBridge = () => {
    const s = deviceSettings();
    return new DeviceBridge({
      runner: deps.runner,
      xcrunPath: xcrunPathSetting(),
      timeouts: s.timeouts,
      watcher,
      ledger,
      log: (line) => output.appendLine(line),
    });
  };

  const trusted = (): boolean => {
    if (vscode.workspace.isTrusted) return true;
    void vscode.window.showErrorMessage(messages.untrusted(), 'Manage Workspace Trust').then((c) => {
      if (c) void vscode.commands.executeCommand('workbench.trust.manage');
    });
    return false;
  };

  /** Shows a bridge error with the follow-up that fits it; details go to the output channel. */
  const report = async (e: unknown, retry?: () => Promise<void>): Promise<void> => {
    if (!isDeviceBridgeError(e)) {
      note(`Unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      void vscode.window.showErrorMessage(vscode.l10n.t('Background Tasks: {0}', e instanceof Error ? e.message : String(e)));
      return;
    }
    note(`${e.code}: ${e.userMessage}`);
    if (e.detail && e.detail !== PREFLIGHT) output.appendLine(e.detail);
    if (e.code === 'CANCELLED') return;
    const actions: string[] = [];
    if (['NO_DEVICE', 'DEVICE_NOT_FOUND', 'SIMULATOR_SELECTED', 'DEVICE_UNSUPPORTED', 'DEVELOPER_MODE_OFF'].includes(e.code)) actions.push('Select Device');
    if (['INVALID_XCRUN_PATH', 'NO_BUNDLE_ID', 'TIMEOUT', 'NO_DEBUG_SESSION'].includes(e.code)) actions.push('Open Settings');
    if (e.code === 'ALREADY_DEBUGGED') actions.push('Add Debug Hook');
    if (retry && ['TIMEOUT', 'DEVICE_LOCKED', 'DEVICE_UNREACHABLE'].includes(e.code)) actions.push('Retry');
    actions.push('Show Log');
    const choice = await vscode.window.showErrorMessage(e.userMessage, ...actions);
    if (choice === 'Select Device') await vscode.commands.executeCommand('bgtasks.selectDevice');
    else if (choice === 'Open Settings') await vscode.commands.executeCommand('workbench.action.openSettings', e.code === 'INVALID_XCRUN_PATH' ? 'bgtasks.xcrunPath' : 'bgtasks.device');
    else if (choice === 'Add Debug Hook') await vscode.commands.executeCommand('bgtasks.addDebugHook');
    else if (choice === 'Retry' && retry) await retry();
    else if (choice === 'Show Log') output.show(true);
  };

  /**
   * The selected device id; asks once (or auto-selects the only usable device) when none is selected.
   * undefined: no usable device (the bridge then reports the precise reason); null: the user dismissed the picker.
   */
  const ensureDevice = async (bridge: DeviceBridge): Promise<string | undefined | null> => {
    const sel = devices.selected;
    if (sel) return sel.identifier;
    const list = await bridge.listDevices();
    devices.noteListing(list);
    const usable = list.filter((d) => d.usable);
    if (usable.length === 1) {
      await devices.select(usable[0]);
      return usable[0]!.identifier;
    }
    if (usable.length === 0) return undefined;
    return (await pickDevice(bridge, devices))?.identifier ?? null;
  };

  return { context, deps, output, devices, sessions, ledger, log: {}, note, newBridge, trusted, report, ensureDevice };
}

/** Simulate launch / expiration: route choice, the debug-session and device routes, and what is said afterwards. */
function simulateCommand(ctx: DeviceContext): (action: SimulateAction, arg: unknown, force?: boolean) => Promise<void> {
  const { context, deps, output, sessions, ledger, note, newBridge, trusted, report, ensureDevice } = ctx;
  const simulate = async (action: SimulateAction, arg: unknown, force = false): Promise<void> => {
    if (!trusted()) return;
    const verb = action === 'launch' ? 'Simulate Launch' : 'Simulate Expiration';
    try {
      const taskId = await resolveTaskId(arg, deps.getTasks, verb);
      if (!taskId) return;
      const settings = deviceSettings();
      const app = await resolveBundleId(settings.bundleId, deps.getBundleIds, context.workspaceState);
      if (!app) return;
      const { bundleId, targets } = app;

      const candidates = sessions.candidates({ bundleId, names: targets });
      const forced = settings.route === 'debugSession';
      const usableSessions = forced ? candidates : candidates.filter((c) => c.score >= 1);
      const choice = chooseRoute({ setting: settings.route, debugSessionAvailable: usableSessions.length > 0, hookInstalled: await workspaceHasHook() });
      note(`${verb} ${taskId} in ${bundleId}: route ${choice.route}. ${choice.reason}`);

      const title = `Background Tasks: ${action === 'launch' ? 'simulating launch of' : 'simulating expiration of'} ${taskId}`;
      const run = async (): Promise<void> => {
        if (choice.route === 'debugSession') {
          const session = usableSessions.length === 1 ? usableSessions[0]! : await pickSession(usableSessions);
          if (!session) return;
          if (action === 'expire' && !force && !ledger.hasLaunch(`session:${session.session.id}`, bundleId, taskId)) preflight(taskId);
          const r = await withProgress(title, (signal, progress) => {
            progress(`Sending through the debug session "${session.session.name}"…`);
            return simulateViaDebugSession(session.client, session.kind, action, taskId, {
              stopTimeoutMs: 10_000,
              signal,
              codelldbConsoleMode: codelldbConsoleMode(),
              lldbDapEscapePrefix: lldbDapPrefixFor(session.session.configuration, lldbDapEscapePrefixSetting()),
            });
          });
          if (action === 'launch') ledger.recordLaunch(`session:${session.session.id}`, bundleId, taskId);
          else ledger.recordEnd(`session:${session.session.id}`, bundleId, taskId);
          await announceSession(action, taskId, session, r);
          return;
        }
        const bridge = newBridge();
        const deviceId = await ensureDevice(bridge);
        if (deviceId === null) return; // picker dismissed
        const r = await withProgress(title, (signal, progress) =>
          bridge.simulate(action, {
            taskId,
            bundleId,
            deviceId,
            route: choice.route as Exclude<Route, 'debugSession'>,
            launchIfNotRunning: settings.launchIfNotRunning,
            force,
            signal,
            onProgress: progress,
          }),
        );
        await announce(r);
      };
      await run().catch((e) => handleSimulateError(e, taskId, run));
    } catch (e) {
      await report(e);
    }
  };

  const preflight = (taskId: string): never => {
    throw new DeviceBridgeError('EXPIRATION_WITHOUT_LAUNCH', messages.expirationWithoutLaunch(taskId), PREFLIGHT);
  };

  const handleSimulateError = async (e: unknown, taskId: string, retry: () => Promise<void>) => {
    if (isDeviceBridgeError(e) && e.code === 'EXPIRATION_WITHOUT_LAUNCH' && e.detail === PREFLIGHT) {
      const launchFirst = 'Simulate Launch First';
      const anyway = 'Send Anyway';
      const c = await vscode.window.showWarningMessage(
        `No simulated launch of ${taskId} was sent from VS Code in this session. ${e.userMessage}`,
        { modal: true },
        launchFirst,
        anyway,
      );
      if (c === launchFirst) await simulate('launch', taskId);
      else if (c === anyway) await simulate('expire', taskId, true);
      return;
    }
    await report(e, retry);
  };

  const withProgress = <T>(title: string, fn: (signal: AbortSignal, progress: (m: string) => void) => Promise<T>): Promise<T> =>
    Promise.resolve(vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (p, token) => {
      const ac = new AbortController();
      token.onCancellationRequested(() => ac.abort());
      return fn(ac.signal, (m) => {
        p.report({ message: m });
        note(m);
      });
    }));

  const announce = async (r: SimulateResult) => {
    const via = r.route === 'lldb' ? `lldb (pid ${r.pid})` : 'the debug hook';
    const parts: string[] = [];
    if (r.action === 'launch') {
      parts.push(`Simulated launch of ${r.taskId} sent to ${r.device.name} via ${via}.`);
      if (r.launchedApp) parts.push(`The app was not running and was launched first: it must submit a request for ${r.taskId} before a simulated launch can run.`);
      parts.push(logSentence(r));
      parts.push(`The pending request is consumed by a simulated launch: the app must submit ${r.taskId} again before the next one.`);
    } else {
      parts.push(`Simulated expiration of ${r.taskId} sent to ${r.device.name} via ${via}.`);
      parts.push(logSentence(r));
    }
    parts.push(FOREGROUND_HINT);
    note(parts.join(' '));
    if (r.transcript) output.appendLine(r.transcript);
    const openLog = 'Launch App with Log';
    const c = await vscode.window.showInformationMessage(parts.filter(Boolean).join(' '), ...(r.log.kind === 'not-streaming' ? [openLog] : []));
    if (c === openLog) await vscode.commands.executeCommand('bgtasks.launchWithLog');
  };

  const logSentence = (r: SimulateResult) =>
    r.log.kind === 'confirmed'
      ? `The app log confirms it: "${r.log.event.line.trim()}".`
      : r.log.kind === 'no-evidence'
        ? r.route === 'hook'
          ? 'The app log showed no BackgroundTasks line for it yet: is the app in the foreground, with the hook installed and called at launch?'
          : 'The app log showed no BackgroundTasks line for it yet: is the app in the foreground?'
        : r.action === 'launch'
          ? 'lldb prints nothing for this call; the result appears in the app log ("Starting simulated task" or "No task request … has been scheduled").'
          : 'The result appears in the app log ("Expiring simulated task" or "… is not currently being simulated").';

  const announceSession = async (action: SimulateAction, taskId: string, s: SessionCandidate, r: DapSimulationResult) => {
    const parts = [`Simulated ${action === 'launch' ? 'launch' : 'expiration'} of ${taskId} sent through the debug session "${s.session.name}".`];
    if (!r.resumed) parts.push('The app is stopped in the debugger: continue it so the simulated task can run.');
    if (action === 'launch') parts.push(`The pending request is consumed: the app must submit ${taskId} again before the next simulated launch.`);
    note(parts.join(' '));
    void vscode.window.showInformationMessage(parts.join(' '));
  };

  const pickSession = async (list: SessionCandidate[]): Promise<SessionCandidate | undefined> => {
    const picked = await vscode.window.showQuickPick(
      list.map((c) => ({ label: c.session.name, description: `${c.session.type}${c.score === 2 ? ' · attached to the app' : ''}`, c })),
      { title: vscode.l10n.t('Background Tasks: Which debug session is attached to the app?') },
    );
    return picked?.c;
  };

  return simulate;
}

/** Select / refresh devices, stream the app log, add the debug hook. */
function deviceActions(ctx: DeviceContext) {
  const { context, deps, output, devices, note, newBridge, trusted, report, ensureDevice } = ctx;
  const selectDevice = async () => {
    if (!trusted()) return;
    try {
      const d = await pickDevice(newBridge(), devices);
      if (d) note(`Selected ${d.name} (${d.identifier}).`);
    } catch (e) {
      await report(e);
    }
  };

  const refreshDevices = async () => {
    if (!trusted()) return;
    try {
      const list = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Background Tasks: listing devices…'), cancellable: true },
        (_p, token) => {
          const ac = new AbortController();
          token.onCancellationRequested(() => ac.abort());
          return newBridge().listDevices(ac.signal);
        },
      );
      devices.noteListing(list);
      const usable = list.filter((d) => d.usable);
      note(`Devices: ${list.map((d) => `${d.name}${d.usable ? '' : ` (not usable: ${d.unusable?.reason})`}`).join(', ') || 'none'}`);
      if (usable.length === 0) throw new DeviceBridgeError('NO_DEVICE', messages.noDevice());
      void vscode.window.showInformationMessage(usable.length === 1 ? vscode.l10n.t('Found 1 usable device: {0}.', usable[0]!.name) : vscode.l10n.t('Found {0} usable devices: {1}.', usable.length, usable.map((d) => d.name).join(', ')));
    } catch (e) {
      await report(e);
    }
  };

  const launchWithLog = async () => {
    if (!trusted()) return;
    try {
      if (ctx.log.abort) {
        const restart = await vscode.window.showWarningMessage(vscode.l10n.t('The app log is already streaming. Relaunch the app?'), 'Relaunch');
        if (restart !== 'Relaunch') return;
        ctx.log.abort.abort();
      }
      const settings = deviceSettings();
      const app = await resolveBundleId(settings.bundleId, deps.getBundleIds, context.workspaceState);
      if (!app) return;
      const bridge = newBridge();
      const deviceId = await ensureDevice(bridge);
      if (deviceId === null) return;
      const ac = new AbortController();
      ctx.log.abort = ac;
      output.show(true);
      note(`Launching ${app.bundleId} with OS_ACTIVITY_DT_MODE=enable; its log follows. Run "Background Tasks: Stop App Log" to stop.`);
      devices.setStreaming(true);
      void vscode.commands.executeCommand('setContext', 'bgtasks.logStreaming', true);
      try {
        const r = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Background Tasks: streaming app log') },
          () => bridge.launchWithLog({ bundleId: app.bundleId, deviceId, signal: ac.signal, onLine: (l) => output.appendLine(l), onProgress: note }),
        );
        note(r.cancelled ? 'Stopped streaming the app log.' : `The app exited (devicectl exit code ${String(r.exitCode)}).`);
      } finally {
        if (ctx.log.abort === ac) ctx.log.abort = undefined;
        devices.setStreaming(false);
        void vscode.commands.executeCommand('setContext', 'bgtasks.logStreaming', false);
      }
    } catch (e) {
      await report(e);
    }
  };

  const stopLog = () => {
    ctx.log.abort?.abort();
  };

  const addHook = async () => {
    if (!trusted()) return;
    try {
      const uri = await addDebugHook();
      if (uri) note(`Debug hook written to ${uri.fsPath}.`);
    } catch (e) {
      await report(e);
    }
  };

  return { selectDevice, refreshDevices, launchWithLog, stopLog, addHook };
}
