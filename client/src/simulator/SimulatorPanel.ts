/**
 * Extension side of the scheduler simulator: one panel, revived after a reload by a serializer.
 * The webview runs the engine itself; the host supplies the workspace's tasks, reveals source
 * sites, and does scenario file I/O (validating what it reads and what it is asked to write).
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { isFromWebview, type FromWebview, type ToWebview } from '../../../server/src/protocol/simulatorMessages';
import type { SourceLocation, TaskSummary } from '../../../server/src/protocol/tasks';
import { parseScenario } from '../../../server/src/simulator/parseScenario';
import { renderSimulatorHtml } from './html';

export const SIMULATOR_VIEW_TYPE = 'bgtasks.simulator';
export const OPEN_SIMULATOR_COMMAND = 'bgtasks.openSimulator';
/** Scenario files larger than this are refused (a scenario is a few kilobytes). */
const MAX_SCENARIO_BYTES = 1_000_000;

export interface SimulatorDeps {
  getTasks(): Promise<TaskSummary[]>;
  onDidChangeTasks: vscode.Event<void>;
  reveal(loc: SourceLocation): void | Thenable<void>;
  focusTaskId?: string;
}

export class SimulatorPanel {
  static current: SimulatorPanel | undefined;

  private readonly disposables: vscode.Disposable[] = [];
  private tasks: TaskSummary[] = [];
  private ready = false;
  private focusTaskId: string | undefined;

  /** Shows the panel (creating it if needed) and focuses `deps.focusTaskId` when given. */
  static createOrShow(context: vscode.ExtensionContext, deps: SimulatorDeps): SimulatorPanel {
    const column = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.One;
    if (SimulatorPanel.current) {
      SimulatorPanel.current.panel.reveal(column);
      if (deps.focusTaskId) SimulatorPanel.current.focus(deps.focusTaskId);
      return SimulatorPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(SIMULATOR_VIEW_TYPE, 'Scheduler Simulator', column, webviewOptions(context));
    SimulatorPanel.current = new SimulatorPanel(panel, context, deps);
    return SimulatorPanel.current;
  }

  /** Called by the serializer after a window reload; the webview restores its own state via getState. */
  static revive(panel: vscode.WebviewPanel, context: vscode.ExtensionContext, deps: SimulatorDeps): SimulatorPanel {
    panel.webview.options = webviewOptions(context);
    SimulatorPanel.current = new SimulatorPanel(panel, context, deps);
    return SimulatorPanel.current;
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly context: vscode.ExtensionContext,
    private readonly deps: SimulatorDeps,
  ) {
    this.focusTaskId = deps.focusTaskId;
    panel.webview.html = this.html();
    panel.onDidDispose(() => this.dispose(), null, this.disposables);
    panel.webview.onDidReceiveMessage((m: unknown) => void this.onMessage(m), null, this.disposables);
    deps.onDidChangeTasks(() => void this.pushTasks(), null, this.disposables);
  }

  focus(taskId: string): void {
    this.focusTaskId = taskId;
    if (this.ready) void this.post({ type: 'focusTask', taskId });
  }

  dispose(): void {
    if (SimulatorPanel.current === this) SimulatorPanel.current = undefined;
    while (this.disposables.length > 0) this.disposables.pop()?.dispose();
    this.panel.dispose();
  }

  private html(): string {
    const webview = this.panel.webview;
    const media = vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'media');
    return renderSimulatorHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(18).toString('base64url'),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'simulator.js')).toString(),
      styleUris: [
        webview.asWebviewUri(vscode.Uri.joinPath(media, 'codicons', 'codicon.css')).toString(),
        webview.asWebviewUri(vscode.Uri.joinPath(media, 'simulator.css')).toString(),
      ],
    });
  }

  private post(message: ToWebview): Thenable<boolean> {
    return this.panel.webview.postMessage(message);
  }

  private async onMessage(raw: unknown): Promise<void> {
    if (!isFromWebview(raw)) return; // untrusted: ignore anything malformed
    const m: FromWebview = raw;
    switch (m.type) {
      case 'ready': {
        this.ready = true;
        this.tasks = await this.loadTasks();
        await this.post({ type: 'init', tasks: this.tasks, focusTaskId: this.focusTaskId });
        return;
      }
      case 'reveal': {
        // Resolve the location from our own list: the webview never hands us a URI to open.
        const loc = this.tasks.find((t) => t.id === m.taskId)?.sites[m.site];
        if (loc) await this.deps.reveal(loc);
        return;
      }
      case 'loadScenario':
        await this.loadScenario();
        return;
      case 'saveScenario':
        await this.saveScenario(m.scenario, m.suggestedName);
        return;
      default: {
        const never: never = m;
        return never;
      }
    }
  }

  private async loadTasks(): Promise<TaskSummary[]> {
    try {
      return await this.deps.getTasks();
    } catch (e) {
      await this.post({ type: 'error', message: `Could not read the workspace's tasks: ${e instanceof Error ? e.message : String(e)}` });
      return [];
    }
  }

  private async pushTasks(): Promise<void> {
    if (!this.ready) return;
    this.tasks = await this.loadTasks();
    await this.post({ type: 'tasks', tasks: this.tasks });
  }

  private async loadScenario(): Promise<void> {
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: false,
      openLabel: 'Load Scenario',
      defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
      filters: { 'Simulator scenarios': ['json'] },
    });
    const uri = picked?.[0];
    if (!uri) return;
    const name = uri.path.split('/').pop() ?? uri.path;
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.size > MAX_SCENARIO_BYTES) {
        await this.post({ type: 'error', message: `${name} is too large to be a scenario (${stat.size} bytes).` });
        return;
      }
      const text = new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
      const parsed = parseScenario(text);
      if (parsed.errors) await this.post({ type: 'error', message: `${name} is not a valid scenario.`, details: parsed.errors });
      else await this.post({ type: 'scenarioLoaded', scenario: parsed.scenario, fileName: name });
    } catch (e) {
      await this.post({ type: 'error', message: `Could not read ${name}: ${e instanceof Error ? e.message : String(e)}` });
    }
  }

  private async saveScenario(scenario: unknown, suggestedName: string | undefined): Promise<void> {
    const parsed = parseScenario(scenario);
    if (parsed.errors) {
      await this.post({ type: 'error', message: 'The scenario is not valid and was not saved.', details: parsed.errors });
      return;
    }
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const fileName = safeFileName(suggestedName);
    const target = await vscode.window.showSaveDialog({
      saveLabel: 'Save Scenario',
      defaultUri: folder ? vscode.Uri.joinPath(folder, fileName) : undefined,
      filters: { 'Simulator scenarios': ['json'] },
    });
    if (!target) return;
    const name = target.path.split('/').pop() ?? target.path;
    try {
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(`${JSON.stringify(parsed.scenario, null, 2)}\n`));
      await this.post({ type: 'scenarioSaved', fileName: name });
    } catch (e) {
      await this.post({ type: 'error', message: `Could not write ${name}: ${e instanceof Error ? e.message : String(e)}` });
    }
  }
}

function webviewOptions(context: vscode.ExtensionContext): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    // State survives hiding through getState/setState; no retainContextWhenHidden.
    localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist', 'media')],
  };
}

function safeFileName(suggested: string | undefined): string {
  const base = (suggested ?? 'scenario.bgscenario.json').replace(/[^A-Za-z0-9._-]/g, '-');
  return base.endsWith('.bgscenario.json') ? base : `${base.replace(/\.json$/, '')}.bgscenario.json`;
}

/**
 * Registers the panel serializer and the "Background Tasks: Open Scheduler Simulator" command.
 * The command takes an optional task identifier (the register-site code lens passes one).
 */
export function registerSimulatorPanel(context: vscode.ExtensionContext, deps: SimulatorDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(OPEN_SIMULATOR_COMMAND, (taskId?: unknown) =>
      SimulatorPanel.createOrShow(context, { ...deps, focusTaskId: typeof taskId === 'string' && taskId.length <= 512 ? taskId : undefined }),
    ),
    vscode.window.registerWebviewPanelSerializer(SIMULATOR_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel) {
        SimulatorPanel.revive(panel, context, deps);
      },
    }),
  ];
}
