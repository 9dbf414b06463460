/**
 * LLDB-based debug sessions the device bridge may send the simulate expression through (route 2).
 *
 * A DebugAdapterTracker registered for every debug type watches the DAP traffic of LLDB-based sessions to know
 * whether the app is stopped (the `expression` command only runs on a stopped process): `stopped` events mark it
 * stopped; `continued` events and the client's own continue/step requests mark it running. Sessions that started
 * before this extension activated have no tracker; their state is 'unknown', and the route evaluates first and pauses
 * only when LLDB answers "Process is running" (a pause reply proves nothing: see core/dap.ts).
 */
import * as vscode from 'vscode';
import { adapterKindOf, sessionAppScore, type AdapterKind, type AppIdentity, type DapClient } from '../core/dap';

type State = 'stopped' | 'running' | 'unknown';

interface Entry {
  session: vscode.DebugSession;
  state: State;
  waiters: Set<() => void>;
  /** A tracker sees this session's DAP events (false for sessions that started before activation). */
  tracked: boolean;
}

/** Without a tracker no `stopped` event can arrive; wait only briefly for the adapter to process the pause. */
const UNTRACKED_STOP_WAIT_MS = 1500;

export interface SessionCandidate {
  client: DapClient;
  kind: AdapterKind;
  score: number;
  session: vscode.DebugSession;
}

const RUNNING_REQUESTS = new Set(['continue', 'next', 'stepIn', 'stepOut', 'stepBack', 'reverseContinue', 'goto']);

export class DebugSessionRegistry implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor() {
    const active = vscode.debug.activeDebugSession;
    if (active) this.entry(active);
    this.disposables.push(
      vscode.debug.onDidStartDebugSession((s) => void this.entry(s)),
      vscode.debug.onDidTerminateDebugSession((s) => {
        const e = this.entries.get(s.id);
        e?.waiters.forEach((w) => w());
        this.entries.delete(s.id);
      }),
      vscode.debug.registerDebugAdapterTrackerFactory('*', {
        createDebugAdapterTracker: (session) => {
          if (!adapterKindOf(session.type, session.configuration)) return undefined;
          const e = this.entry(session);
          e.tracked = true;
          return {
            onDidSendMessage: (m: { type?: string; event?: string }) => {
              if (m?.type !== 'event') return;
              if (m.event === 'stopped') {
                e.state = 'stopped';
                e.waiters.forEach((w) => w());
                e.waiters.clear();
              } else if (m.event === 'continued') {
                e.state = 'running';
              }
            },
            onWillReceiveMessage: (m: { type?: string; command?: string }) => {
              if (m?.type === 'request' && m.command && RUNNING_REQUESTS.has(m.command)) e.state = 'running';
            },
          };
        },
      }),
    );
  }

  private entry(session: vscode.DebugSession): Entry {
    let e = this.entries.get(session.id);
    if (!e) {
      e = { session, state: 'unknown', waiters: new Set(), tracked: false };
      this.entries.set(session.id, e);
    }
    return e;
  }

  /** LLDB-based sessions with how strongly each looks attached to the app (see sessionAppScore). */
  candidates(app: AppIdentity): SessionCandidate[] {
    const out: SessionCandidate[] = [];
    for (const e of this.entries.values()) {
      const kind = adapterKindOf(e.session.type, e.session.configuration);
      if (!kind) continue;
      out.push({ client: this.client(e), kind, score: sessionAppScore(e.session.configuration, app), session: e.session });
    }
    const activeId = vscode.debug.activeDebugSession?.id;
    return out.sort((a, b) => b.score - a.score || Number(b.session.id === activeId) - Number(a.session.id === activeId));
  }

  private client(e: Entry): DapClient {
    return {
      id: e.session.id,
      type: e.session.type,
      name: e.session.name,
      configuration: e.session.configuration,
      customRequest: (command, args) => e.session.customRequest(command, args),
      state: () => e.state,
      waitForStop: (timeoutMs, signal) =>
        new Promise<boolean>((resolve) => {
          if (e.state === 'stopped') return resolve(true);
          let done = false;
          const finish = (v: boolean) => {
            if (done) return;
            done = true;
            clearTimeout(timer);
            e.waiters.delete(onStop);
            signal?.removeEventListener('abort', onAbort);
            resolve(v);
          };
          const onStop = () => finish(e.state === 'stopped');
          const onAbort = () => finish(false);
          const timer = setTimeout(() => finish(false), e.tracked ? timeoutMs : Math.min(timeoutMs, UNTRACKED_STOP_WAIT_MS));
          e.waiters.add(onStop);
          signal?.addEventListener('abort', onAbort, { once: true });
        }),
    };
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.entries.clear();
  }
}
