/**
 * Settings as the device bridge sees them.
 *
 * bgtasks.xcrunPath is read through inspect() and only its globalValue (user settings) or defaultValue is used —
 * never workspaceValue / workspaceFolderValue. The setting names a program the extension executes; a cloned
 * repository's .vscode/settings.json must not be able to swap it for a script of its own. The contribution is also
 * machine-scoped, which makes VS Code itself ignore workspace values; reading only the user value here keeps that
 * true in editors or versions that do not enforce scopes.
 */
import * as vscode from 'vscode';
import { readDeviceSettings, trustedXcrunPath, type DeviceSettings } from '../core/settings';

export function xcrunPathSetting(): string | undefined {
  return trustedXcrunPath(vscode.workspace.getConfiguration('bgtasks').inspect<string>('xcrunPath'));
}

export function deviceSettings(scope?: vscode.ConfigurationScope): DeviceSettings {
  const c = vscode.workspace.getConfiguration('bgtasks', scope);
  return readDeviceSettings((k) => c.get(k));
}

/** CodeLLDB's console mode (`lldb.consoleMode`): decides whether REPL input is a command. */
export function codelldbConsoleMode(): string | undefined {
  return vscode.workspace.getConfiguration('lldb').get<string>('consoleMode');
}

/** lldb-dap's user-level default for `commandEscapePrefix` (a launch configuration value wins over it). */
export function lldbDapEscapePrefixSetting(): unknown {
  return vscode.workspace.getConfiguration('lldb-dap').get('commandEscapePrefix');
}
