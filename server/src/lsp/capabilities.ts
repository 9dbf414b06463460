/** What the server offers (sent in the initialize result). */
import { CodeActionKind, TextDocumentSyncKind, type ServerCapabilities } from 'vscode-languageserver';
import { FIX_ALL_KIND } from '../protocol/lsp';

export const SERVER_CAPABILITIES: ServerCapabilities = {
  textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
  codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
  hoverProvider: true,
  definitionProvider: true,
  referencesProvider: true,
  completionProvider: { triggerCharacters: ['"', '>', '.'] },
  codeLensProvider: { resolveProvider: false },
  executeCommandProvider: { commands: [] },
  workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
};
