/**
 * The selected device (remembered per workspace), its status bar item, and the device quick pick.
 * Devices are listed on demand only (opening the picker, Refresh Devices): devicectl is not polled.
 */
import * as vscode from 'vscode';
import { deviceUnusableError, type DeviceInfo } from '../core/devicectl';
import type { DeviceBridge } from '../core/bridge';

const STATE_KEY = 'bgtasks.device.selected';

export interface SelectedDevice {
  identifier: string;
  name: string;
}

export class DeviceState implements vscode.Disposable {
  readonly statusItem: vscode.StatusBarItem;
  private streaming = false;
  private missing = false;

  constructor(private readonly memento: vscode.Memento) {
    this.statusItem = vscode.window.createStatusBarItem('bgtasks.device', vscode.StatusBarAlignment.Left, 50);
    this.statusItem.name = 'Background Tasks Device';
    this.statusItem.command = 'bgtasks.selectDevice';
    this.render();
  }

  get selected(): SelectedDevice | undefined {
    const v = this.memento.get<SelectedDevice>(STATE_KEY);
    return v && typeof v.identifier === 'string' && typeof v.name === 'string' ? v : undefined;
  }

  async select(d: DeviceInfo | undefined): Promise<void> {
    await this.memento.update(STATE_KEY, d ? { identifier: d.identifier, name: d.name } : undefined);
    this.missing = false;
    this.render();
  }

  /** After a listing: mark the selection as not connected when it is absent. */
  noteListing(devices: readonly DeviceInfo[]): void {
    const sel = this.selected;
    this.missing = !!sel && !devices.some((d) => d.identifier === sel.identifier);
    this.render();
  }

  setStreaming(on: boolean): void {
    this.streaming = on;
    this.render();
  }

  setVisible(visible: boolean): void {
    if (visible) this.statusItem.show();
    else this.statusItem.hide();
  }

  private render(): void {
    const sel = this.selected;
    const icon = this.streaming ? '$(output)' : '$(device-mobile)';
    this.statusItem.text = sel ? `${icon} ${sel.name}${this.missing ? ' (not connected)' : ''}` : `${icon} No device`;
    this.statusItem.tooltip = new vscode.MarkdownString(
      [
        sel ? `Background Tasks device: **${escapeMd(sel.name)}**${this.missing ? ' (not connected)' : ''}` : 'No device selected for Background Tasks.',
        this.streaming ? '\n\nStreaming the app log into the "Background Tasks" output channel.' : '',
        '\n\nClick to select a device.',
      ].join(''),
    );
  }

  dispose(): void {
    this.statusItem.dispose();
  }
}

function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

interface DeviceItem extends vscode.QuickPickItem {
  device: DeviceInfo;
}

function deviceItem(d: DeviceInfo, selectedId: string | undefined): DeviceItem {
  const transport = d.transport === 'wired' ? 'USB' : d.transport === 'localNetwork' ? 'Wi-Fi' : d.transport;
  return {
    label: `${d.isSimulator ? '$(vm)' : '$(device-mobile)'} ${d.name}`,
    description: [d.model, d.osVersion ? `iOS ${d.osVersion}` : undefined, transport, d.identifier === selectedId ? 'selected' : undefined]
      .filter(Boolean)
      .join(' · '),
    detail: d.usable ? undefined : `$(warning) Not usable: ${d.unusable?.reason ?? 'unknown'}`,
    device: d,
  };
}

/**
 * Shows the device quick pick (busy while devicectl lists), with a refresh button. Returns the picked usable device,
 * or undefined when dismissed. Picking an unusable device (a Simulator, Developer Mode off…) throws its error.
 */
export async function pickDevice(bridge: DeviceBridge, state: DeviceState, token?: vscode.CancellationToken): Promise<DeviceInfo | undefined> {
  const qp = vscode.window.createQuickPick<DeviceItem>();
  qp.title = 'Background Tasks: Select Device';
  qp.placeholder = 'Listing devices with xcrun devicectl…';
  qp.matchOnDescription = true;
  const refreshButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('refresh'), tooltip: 'Refresh devices' };
  qp.buttons = [refreshButton];
  let ac = new AbortController();
  let failure: unknown;

  const load = async () => {
    ac.abort();
    ac = new AbortController();
    const mine = ac;
    qp.busy = true;
    try {
      const devices = await bridge.listDevices(mine.signal);
      if (mine.signal.aborted) return;
      state.noteListing(devices);
      qp.items = devices.map((d) => deviceItem(d, state.selected?.identifier));
      qp.placeholder = devices.length ? 'Pick the iPhone or iPad to run background tasks on' : 'No devices found. Connect one and refresh.';
    } catch (e) {
      if (mine.signal.aborted) return;
      failure = e;
      qp.hide();
    } finally {
      if (!mine.signal.aborted) qp.busy = false;
    }
  };

  const picked = await new Promise<DeviceItem | undefined>((resolve) => {
    let result: DeviceItem | undefined;
    qp.onDidTriggerButton((b) => b === refreshButton && void load());
    qp.onDidAccept(() => {
      result = qp.selectedItems[0];
      qp.hide();
    });
    qp.onDidHide(() => {
      ac.abort();
      resolve(result);
      qp.dispose();
    });
    token?.onCancellationRequested(() => qp.hide());
    qp.show();
    void load();
  });
  if (failure) throw failure;
  if (!picked) return undefined;
  if (!picked.device.usable) throw deviceUnusableError(picked.device);
  await state.select(picked.device);
  return picked.device;
}
