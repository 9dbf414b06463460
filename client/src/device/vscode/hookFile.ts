/**
 * Finding and adding the DEBUG-only Swift hook file (route 3). The extension writes a new file only; it never edits
 * the user's project file or existing sources (the install call is offered as a snippet to paste).
 */
import * as vscode from 'vscode';
import { detectHookVersion, HOOK_FILE_NAME, HOOK_INSTALL_SNIPPET, HOOK_VERSION, hookSwiftSource } from '../core/hook';

const EXCLUDE = '**/{node_modules,Pods,Carthage,.build,DerivedData,build,.git}/**';

/** Whether some BGTasksDebugHook.swift in the workspace carries the hook marker. */
export async function workspaceHasHook(): Promise<boolean> {
  const files = await vscode.workspace.findFiles(`**/${HOOK_FILE_NAME}`, EXCLUDE, 5);
  for (const f of files) {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(f));
    if (detectHookVersion(text) !== undefined) return true;
  }
  return false;
}

/** Folders that look like an app's sources: where AppDelegate.swift or a SwiftUI `…App.swift` lives. */
async function candidateFolders(): Promise<vscode.Uri[]> {
  const files = await vscode.workspace.findFiles('**/{AppDelegate.swift,*App.swift,SceneDelegate.swift}', EXCLUDE, 20);
  const seen = new Map<string, vscode.Uri>();
  for (const f of files) {
    const dir = vscode.Uri.joinPath(f, '..');
    seen.set(dir.toString(), dir);
  }
  return [...seen.values()];
}

export async function addDebugHook(): Promise<vscode.Uri | undefined> {
  const existing = await vscode.workspace.findFiles(`**/${HOOK_FILE_NAME}`, EXCLUDE, 1);
  let target: vscode.Uri | undefined = existing[0];
  if (!target) {
    const folders = await candidateFolders();
    const browse = { label: '$(folder) Choose a folder…', uri: undefined as vscode.Uri | undefined };
    const picked = await vscode.window.showQuickPick(
      [...folders.map((u) => ({ label: vscode.workspace.asRelativePath(u), uri: u as vscode.Uri | undefined })), browse],
      { title: vscode.l10n.t('Background Tasks: Add Debug Hook'), placeHolder: vscode.l10n.t("Folder of the app's sources for {0}", HOOK_FILE_NAME) },
    );
    if (!picked) return undefined;
    let dir = picked.uri;
    if (!dir) {
      const chosen = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Add Hook Here' });
      dir = chosen?.[0];
    }
    if (!dir) return undefined;
    target = vscode.Uri.joinPath(dir, HOOK_FILE_NAME);
  }

  const source = hookSwiftSource();
  if (existing[0]) {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(existing[0]));
    const version = detectHookVersion(text);
    if (version === undefined) {
      void vscode.window.showErrorMessage(
        `${vscode.workspace.asRelativePath(existing[0])} exists but was not written by this extension; it was left untouched. Rename it to add the hook.`,
      );
      return undefined;
    }
    if (text === source) {
      void vscode.window.showInformationMessage(vscode.l10n.t('The debug hook is already up to date ({0}).', vscode.workspace.asRelativePath(existing[0])));
      return existing[0];
    }
    const replace = await vscode.window.showWarningMessage(
      `Replace the debug hook v${version} with v${HOOK_VERSION}? Local changes to ${HOOK_FILE_NAME} would be lost.`,
      { modal: true },
      'Replace',
    );
    if (replace !== 'Replace') return undefined;
  }

  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(source));
  const doc = await vscode.workspace.openTextDocument(target);
  await vscode.window.showTextDocument(doc, { preview: false });
  const copy = 'Copy Install Snippet';
  const choice = await vscode.window.showInformationMessage(
    `Added ${HOOK_FILE_NAME}. Make sure it belongs to the app target (Xcode 16 synchronized folders pick it up; otherwise add it in Xcode), and call it at launch inside #if DEBUG. It compiles to nothing in Release builds.`,
    copy,
  );
  if (choice === copy) await vscode.env.clipboard.writeText(HOOK_INSTALL_SNIPPET);
  return target;
}
