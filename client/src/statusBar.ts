/** Status bar item: indexing progress, then the finding counts; click opens the Problems panel. */
import * as vscode from 'vscode';
import type { StatusParams } from '../../server/src/protocol/lsp';

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('bgtasks.status', vscode.StatusBarAlignment.Left, 10);

  constructor() {
    this.item.name = 'Background Tasks';
    this.item.command = 'workbench.actions.view.problems';
    this.item.text = '$(sync~spin) BG Tasks';
    this.item.tooltip = vscode.l10n.t('Background Tasks: starting…');
    this.item.show();
  }

  update(s: StatusParams): void {
    if (s.state === 'failed') {
      this.failed(vscode.l10n.t('{0} (details in the output channel "Background Tasks Language Server")', s.message ?? vscode.l10n.t('indexing failed')));
      return;
    }
    if (s.state === 'indexing') {
      this.item.text = `$(sync~spin) BG Tasks${s.total ? ` ${s.done}/${s.total}` : ''}`;
      this.item.tooltip = vscode.l10n.t('Indexing background tasks…');
      return;
    }
    const total = s.errors + s.warnings + s.infos;
    this.item.text = total ? `$(error) ${s.errors} $(warning) ${s.warnings} BG Tasks` : '$(pass) BG Tasks';
    this.item.tooltip = vscode.l10n.t('Background Tasks: {0} errors, {1} warnings, {2} infos in {3} files', s.errors, s.warnings, s.infos, s.files);
  }

  failed(message: string): void {
    this.item.text = '$(error) BG Tasks';
    this.item.tooltip = vscode.l10n.t('Background Tasks: {0}', message);
  }

  dispose(): void {
    this.item.dispose();
  }
}
