/**
 * A real LSP client for tests: spawns the built server (dist/server.js --stdio) and talks to it over a
 * protocol connection. Diagnostics and notifications are recorded and awaited by event, never by time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

export const SERVER = path.resolve(__dirname, '../../dist/server.js');

export class LspClient {
  readonly proc: ChildProcess;
  readonly conn: ProtocolConnection;
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  /** Every publish in order (for version-race assertions). */
  readonly publishes: PublishDiagnosticsParams[] = [];
  readonly notifications: { method: string; params: unknown }[] = [];
  readonly progress: unknown[] = [];
  private readonly events = new EventEmitter();
  settings: Record<string, unknown> = { bgtasks: { rules: {}, exclude: [] }, 'files.exclude': {} };
  stderr = '';

  constructor() {
    this.proc = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stderr!.on('data', (d) => (this.stderr += d.toString()));
    this.conn = createProtocolConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.events.setMaxListeners(100);
    this.conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.diagnostics.set(p.uri, p);
      this.publishes.push(p);
      this.events.emit('diagnostics', p);
    });
    for (const method of ['bgtasks/status', 'bgtasks/tasksChanged', 'window/showMessage', 'window/logMessage']) {
      this.conn.onNotification(method, (params: unknown) => {
        this.notifications.push({ method, params });
        this.events.emit('notification', method, params);
      });
    }
    this.conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => p.items.map((i) => this.settings[i.section ?? ''] ?? null));
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onNotification('$/progress', (p: unknown) => {
      this.progress.push(p);
    });
    this.conn.listen();
  }

  async initialize(roots: string[]): Promise<unknown> {
    const result = await this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(roots[0]).href,
      workspaceFolders: roots.map((r) => ({ uri: pathToFileURL(r).href, name: path.basename(r) })),
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: true } },
        window: { workDoneProgress: true },
        textDocument: { publishDiagnostics: { versionSupport: true, relatedInformation: true, codeDescriptionSupport: true } },
      },
    });
    await this.conn.sendNotification('initialized', {});
    return result;
  }

  /** Resolves with the first publish for `uri` that satisfies `pred` (checking what already arrived first). */
  waitForDiagnostics(uri: string, pred: (p: PublishDiagnosticsParams) => boolean = () => true): Promise<PublishDiagnosticsParams> {
    const now = this.diagnostics.get(uri);
    if (now && pred(now)) return Promise.resolve(now);
    return new Promise((resolve) => {
      const on = (p: PublishDiagnosticsParams) => {
        if (p.uri === uri && pred(p)) {
          this.events.off('diagnostics', on);
          resolve(p);
        }
      };
      this.events.on('diagnostics', on);
    });
  }

  /** Resolves on the next publish for `uri` matching `pred`, ignoring what already arrived. */
  nextDiagnostics(uri: string, pred: (p: PublishDiagnosticsParams) => boolean = () => true): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve) => {
      const on = (p: PublishDiagnosticsParams) => {
        if (p.uri === uri && pred(p)) {
          this.events.off('diagnostics', on);
          resolve(p);
        }
      };
      this.events.on('diagnostics', on);
    });
  }

  waitForNotification(method: string, pred: (params: any) => boolean = () => true): Promise<any> {
    const seen = this.notifications.find((n) => n.method === method && pred(n.params));
    if (seen) return Promise.resolve(seen.params);
    return new Promise((resolve) => {
      const on = (m: string, params: unknown) => {
        if (m === method && pred(params)) {
          this.events.off('notification', on);
          resolve(params);
        }
      };
      this.events.on('notification', on);
    });
  }

  open(file: string, text: string, languageId = file.endsWith('.swift') ? 'swift' : 'xml', version = 1): string {
    const uri = pathToFileURL(file).href;
    void this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
    return uri;
  }

  change(uri: string, version: number, changes: unknown[]): void {
    void this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
  }

  /**
   * Sends notifications in one write to the server's stdin, so they arrive together (as a burst of
   * keystrokes does), independent of how the pipe happens to split separate writes.
   */
  sendBurst(messages: { method: string; params: unknown }[]): void {
    const frame = (m: { method: string; params: unknown }) => {
      const body = JSON.stringify({ jsonrpc: '2.0', method: m.method, params: m.params });
      return `Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`;
    };
    this.proc.stdin!.write(messages.map(frame).join(''));
  }

  request<T>(method: string, params: unknown): Promise<T> {
    return this.conn.sendRequest(method, params) as Promise<T>;
  }

  async dispose(): Promise<void> {
    try {
      await Promise.race([this.conn.sendRequest('shutdown', undefined), new Promise((r) => this.proc.once('exit', r))]);
      void this.conn.sendNotification('exit');
    } catch {
      // The server may already be gone.
    }
    this.conn.dispose();
    if (this.proc.exitCode === null) {
      const exited = new Promise((r) => this.proc.once('exit', r));
      this.proc.kill();
      await exited;
    }
  }
}

export function uriOf(file: string): string {
  return pathToFileURL(file).href;
}
