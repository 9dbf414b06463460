/**
 * The "Background Tasks" view: one node per task identifier with its type, where it is permitted,
 * registered and submitted (click to go there), and its finding count.
 */
import * as vscode from 'vscode';
import type { SourceLocation, TaskSummary } from '../../../server/src/protocol/tasks';

const KIND_LABEL: Record<TaskSummary['kind'], string> = {
  refresh: 'app refresh',
  processing: 'processing',
  healthResearch: 'health research',
  continuedProcessing: 'continued processing',
  unknown: 'type unknown',
};

type Node = { task: TaskSummary } | { task: TaskSummary; row: 'permitted' | 'registered' | 'submitted' | 'handler' };

export class TasksTreeProvider implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private tasks: TaskSummary[] = [];

  constructor(private readonly load: () => Promise<TaskSummary[]>) {}

  async refresh(): Promise<void> {
    try {
      this.tasks = await this.load();
    } catch {
      this.tasks = [];
    }
    this.changed.fire(undefined);
  }

  getChildren(node?: Node): Node[] {
    if (!node) return this.tasks.map((task) => ({ task }));
    if ('row' in node) return [];
    const rows: Node[] = [{ task: node.task, row: 'permitted' }, { task: node.task, row: 'registered' }, { task: node.task, row: 'submitted' }];
    if (node.task.handler) rows.push({ task: node.task, row: 'handler' });
    return rows;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    const t = node.task;
    if (!('row' in node)) {
      const item = new vscode.TreeItem(t.id, vscode.TreeItemCollapsibleState.Collapsed);
      item.description = KIND_LABEL[t.kind] + (t.findings ? ` · ${t.findings} finding${t.findings === 1 ? '' : 's'}` : '');
      const ok = t.permitted && t.registered && t.submitted && !t.findings;
      item.iconPath = new vscode.ThemeIcon(ok ? 'pass' : t.findings ? 'warning' : 'circle-large-outline', new vscode.ThemeColor(ok ? 'testing.iconPassed' : t.findings ? 'problemsWarningIcon.foreground' : 'descriptionForeground'));
      item.tooltip = new vscode.MarkdownString(`**${t.id}**\n\n${KIND_LABEL[t.kind]} task${t.scope ? ` in ${t.scope}` : ''}`);
      item.contextValue = 'bgtasks.task';
      item.id = `${t.scope ?? ''}/${t.id}`;
      return item;
    }
    const site: SourceLocation | undefined = node.row === 'permitted' ? t.sites.permitted : node.row === 'registered' ? t.sites.register : node.row === 'submitted' ? t.sites.submit : undefined;
    if (node.row === 'handler') {
      const h = t.handler!;
      const item = new vscode.TreeItem('Handler');
      item.description = [h.setsExpirationHandler ? 'expiration handler ✓' : 'no expiration handler', h.completesOnAllPaths ? 'completes ✓' : 'misses completion', `resubmits: ${h.resubmits}`].join(' · ');
      item.iconPath = new vscode.ThemeIcon(h.setsExpirationHandler && h.completesOnAllPaths ? 'check' : 'error');
      return item;
    }
    const yes = node.row === 'permitted' ? t.permitted : node.row === 'registered' ? t.registered : t.submitted;
    const label = { permitted: 'Permitted in Info.plist', registered: 'Registered', submitted: 'Submitted' }[node.row];
    const item = new vscode.TreeItem(label);
    item.iconPath = new vscode.ThemeIcon(yes ? 'check' : 'close', new vscode.ThemeColor(yes ? 'testing.iconPassed' : 'testing.iconFailed'));
    if (site) {
      item.description = `${vscode.workspace.asRelativePath(vscode.Uri.parse(site.uri))}:${site.line + 1}`;
      item.command = { title: 'Open', command: 'bgtasks.revealLocation', arguments: [site] };
    } else item.description = 'nowhere';
    return item;
  }
}
