/**
 * Extension entry point: starts the language server, wires the tree view, status bar, simulator
 * panel and device commands to it. Everything else lives in the server or in the feature folders.
 */
import path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { BUNDLE_IDS_REQUEST, STATUS_NOTIFICATION, TASKS_CHANGED_NOTIFICATION, TASKS_REQUEST, type BundleIdsResult, type StatusParams, type TasksResult } from '../../server/src/protocol/lsp';
import type { SourceLocation, TaskSummary } from '../../server/src/protocol/tasks';
import { registerDeviceCommands } from './device/vscode';
import { registerSimulatorPanel } from './simulator';
import { StatusBar } from './statusBar';
import { TasksTreeProvider } from './tasks/TasksTreeProvider';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Background Tasks Language Server', { log: true });
  const status = new StatusBar();
  const tasksChanged = new vscode.EventEmitter<void>();
  context.subscriptions.push(output, status, tasksChanged);

  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'swift' },
      { scheme: 'file', pattern: '**/*.swift' },
      { scheme: 'file', language: 'objective-c' },
      { scheme: 'file', language: 'objective-cpp' },
      { scheme: 'file', pattern: '**/*.{m,mm,h}' },
      { scheme: 'file', pattern: '**/*.plist' },
      { scheme: 'file', pattern: '**/*.pbxproj' },
      { scheme: 'file', pattern: '**/*.xcconfig' },
      { scheme: 'file', pattern: '**/*.entitlements' },
      // React Native, Expo, Capacitor and NativeScript sources and configs.
      { scheme: 'file', language: 'typescript' },
      { scheme: 'file', language: 'typescriptreact' },
      { scheme: 'file', language: 'javascript' },
      { scheme: 'file', language: 'javascriptreact' },
      { scheme: 'file', pattern: '**/app.json' },
      { scheme: 'file', pattern: '**/capacitor.config.{json,ts,js}' },
    ],
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher('**/{*.swift,*.m,*.mm,*.h,*.plist,*.pbxproj,*.xcconfig,*.entitlements,project.yml,.bgtasksrc.json,*.ts,*.tsx,*.js,*.jsx,app.json,capacitor.config.json,package.json}'),
    },
    outputChannel: output,
    traceOutputChannel: output,
  };
  client = new LanguageClient('bgtasks', 'Background Tasks', serverOptions, clientOptions);

  const getTasks = async (): Promise<TaskSummary[]> => (client?.isRunning() ? client.sendRequest<TasksResult>(TASKS_REQUEST, {}) : []);
  const getBundleIds = async (): Promise<BundleIdsResult> => (client?.isRunning() ? client.sendRequest<BundleIdsResult>(BUNDLE_IDS_REQUEST, {}) : []);
  const reveal = async (loc: SourceLocation) => {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(loc.uri));
    const pos = new vscode.Position(loc.line, loc.character);
    await vscode.window.showTextDocument(doc, { selection: new vscode.Range(pos, pos) });
  };

  void vscode.commands.executeCommand('setContext', 'bgtasks.active', true);
  const tree = new TasksTreeProvider(getTasks);
  context.subscriptions.push(
    vscode.window.createTreeView('bgtasks.tasks', { treeDataProvider: tree, showCollapseAll: true }),
    tasksChanged.event(() => void tree.refresh()),
    vscode.commands.registerCommand('bgtasks.revealLocation', (loc: SourceLocation) => reveal(loc)),
    vscode.commands.registerCommand('bgtasks.refreshTasks', () => tree.refresh()),
    vscode.commands.registerCommand('bgtasks.showRuleDocumentation', (ruleId: unknown) => showRuleDoc(context, ruleId)),
    vscode.commands.registerCommand('bgtasks.restartServer', async () => {
      await client?.restart();
    }),
    vscode.commands.registerCommand('bgtasks.openExample', () => openExample(context)),
    ...registerSimulatorPanel(context, { getTasks, onDidChangeTasks: tasksChanged.event, reveal }),
    ...registerDeviceCommands(context, { getTasks, getBundleIds }),
  );

  client.onNotification(STATUS_NOTIFICATION, (s: StatusParams) => status.update(s));
  client.onNotification(TASKS_CHANGED_NOTIFICATION, () => tasksChanged.fire());
  try {
    await client.start();
  } catch (e) {
    status.failed((e as Error).message);
    void vscode.window.showErrorMessage(vscode.l10n.t('Background Tasks: the language server did not start ({0}).', (e as Error).message));
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

/** Opens a rule's page from the bundled docs in the Markdown preview. */
async function showRuleDoc(context: vscode.ExtensionContext, ruleId: unknown): Promise<void> {
  if (typeof ruleId !== 'string' || !/^[a-z-]+$/.test(ruleId)) return;
  const uri = vscode.Uri.file(context.asAbsolutePath(path.join('docs', 'rules', `${ruleId}.md`)));
  try {
    await vscode.workspace.fs.stat(uri);
  } catch {
    void vscode.window.showWarningMessage(vscode.l10n.t('No documentation found for {0}.', ruleId));
    return;
  }
  await vscode.commands.executeCommand('markdown.showPreview', uri);
}

/** Copies the bundled FilmTracker example to global storage and opens it (for the walkthrough). */
async function openExample(context: vscode.ExtensionContext): Promise<void> {
  const source = vscode.Uri.file(context.asAbsolutePath(path.join('examples', 'FilmTracker')));
  const target = vscode.Uri.joinPath(context.globalStorageUri, 'FilmTracker');
  await vscode.workspace.fs.createDirectory(context.globalStorageUri);
  await vscode.workspace.fs.copy(source, target, { overwrite: true });
  await vscode.commands.executeCommand('vscode.openFolder', target, { forceNewWindow: true });
}
