/**
 * The extension-side panel host against a stand-in `vscode` module: the handshake, reveal through
 * the host's own task list, refusal of malformed messages, task refresh, and validated file I/O.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { sampleTasks } from './fixtures';

interface FakeWebview {
  html: string;
  options: unknown;
  cspSource: string;
  posted: unknown[];
  /** Resolves once `posted` has at least `count` messages (the host answers asynchronously). */
  waitForPosts(count: number): Promise<void>;
  receive?: (m: unknown) => void;
  asWebviewUri(u: { path: string }): { toString(): string };
  postMessage(m: unknown): Promise<boolean>;
  onDidReceiveMessage(fn: (m: unknown) => void): { dispose(): void };
}

const fake = vi.hoisted(() => {
  const state = {
    panels: [] as { webview: FakeWebview; disposed: boolean; revealed: number; onDispose?: () => void }[],
    openResult: undefined as { path: string }[] | undefined,
    saveResult: undefined as { path: string } | undefined,
    files: new Map<string, string>(),
    written: new Map<string, string>(),
    commands: new Map<string, (...args: unknown[]) => unknown>(),
  };
  const uri = (path: string) => ({ path, toString: () => `vscode-resource:${path}` });
  const vscode = {
    Uri: { joinPath: (base: { path: string }, ...parts: string[]) => uri([base.path, ...parts].join('/')) },
    ViewColumn: { One: 1, Beside: -2 },
    window: {
      activeTextEditor: undefined,
      createWebviewPanel: (_type: string, _title: string, _col: number, options: unknown) => {
        const waiters: { count: number; resolve: () => void }[] = [];
        const webview: FakeWebview = {
          html: '',
          options,
          cspSource: 'vscode-webview://fake',
          posted: [],
          waitForPosts: (count) => new Promise<void>((resolve) => (webview.posted.length >= count ? resolve() : waiters.push({ count, resolve }))),
          asWebviewUri: (u) => ({ toString: () => `https://fake${u.path}` }),
          postMessage: async (m) => {
            webview.posted.push(JSON.parse(JSON.stringify(m)));
            for (const w of waiters.splice(0)) {
              if (webview.posted.length >= w.count) w.resolve();
              else waiters.push(w);
            }
            return true;
          },
          onDidReceiveMessage: (fn) => ((webview.receive = fn), { dispose() {} }),
        };
        const panel = {
          webview,
          disposed: false,
          revealed: 0,
          onDispose: undefined as undefined | (() => void),
          reveal() {
            panel.revealed++;
          },
          onDidDispose(fn: () => void) {
            panel.onDispose = fn;
            return { dispose() {} };
          },
          dispose() {
            panel.disposed = true;
          },
        };
        state.panels.push(panel);
        return panel;
      },
      showOpenDialog: async () => state.openResult,
      showSaveDialog: async () => state.saveResult,
      registerWebviewPanelSerializer: () => ({ dispose() {} }),
    },
    commands: {
      registerCommand: (id: string, fn: (...args: unknown[]) => unknown) => (state.commands.set(id, fn), { dispose() {} }),
    },
    workspace: {
      workspaceFolders: [{ uri: uri('/work/App') }],
      fs: {
        stat: async (u: { path: string }) => ({ size: (state.files.get(u.path) ?? '').length }),
        readFile: async (u: { path: string }) => {
          const text = state.files.get(u.path);
          if (text === undefined) throw new Error('ENOENT');
          return new TextEncoder().encode(text);
        },
        writeFile: async (u: { path: string }, data: Uint8Array) => void state.written.set(u.path, new TextDecoder().decode(data)),
      },
    },
  };
  return { state, vscode };
});

vi.mock('vscode', () => fake.vscode);

const { SimulatorPanel, registerSimulatorPanel, OPEN_SIMULATOR_COMMAND } = await import('../../client/src/simulator/SimulatorPanel');

function setup() {
  const reveal = vi.fn();
  let changed: (() => void) | undefined;
  let tasks = sampleTasks;
  const deps = {
    getTasks: async () => tasks,
    onDidChangeTasks: (fn: () => void) => ((changed = fn), { dispose() {} }),
    reveal,
  };
  const context = { extensionUri: { path: '/ext' }, subscriptions: [] };
  const disposables = registerSimulatorPanel(context as never, deps as never);
  return {
    reveal,
    disposables,
    open: (taskId?: string) => fake.state.commands.get(OPEN_SIMULATOR_COMMAND)!(taskId),
    setTasks: (t: typeof sampleTasks) => (tasks = t),
    fireChange: () => changed!(),
  };
}


describe('SimulatorPanel host', () => {
  beforeEach(() => {
    SimulatorPanel.current?.dispose();
    fake.state.panels.length = 0;
    fake.state.files.clear();
    fake.state.written.clear();
  });

  it('serves a nonce-CSP page from dist/media and answers ready with the tasks and focus', async () => {
    const h = setup();
    expect(h.disposables).toHaveLength(2);
    h.open('com.example.cleanup');
    const { webview } = fake.state.panels[0];
    expect(webview.options).toMatchObject({ enableScripts: true, localResourceRoots: [{ path: '/ext/dist/media' }] });
    expect(webview.options).not.toHaveProperty('retainContextWhenHidden');
    expect(webview.html).toMatch(/script-src 'nonce-[A-Za-z0-9_-]{20,}'/);
    expect(webview.html).toContain('https://fake/ext/dist/media/simulator.js');
    expect(webview.html).toContain('https://fake/ext/dist/media/codicons/codicon.css');
    webview.receive!({ type: 'ready' });
    await webview.waitForPosts(1);
    expect(webview.posted).toEqual([{ type: 'init', tasks: sampleTasks, focusTaskId: 'com.example.cleanup' }]);

    // Shown again from a code lens: same panel, new focus.
    h.open('com.example.refresh');
    expect(fake.state.panels).toHaveLength(1);
    expect(fake.state.panels[0].revealed).toBe(1);
    await webview.waitForPosts(2);
    expect(webview.posted.at(-1)).toEqual({ type: 'focusTask', taskId: 'com.example.refresh' });
  });

  it('reveals sites from its own task list and ignores malformed or unknown requests', async () => {
    const h = setup();
    h.open();
    const { webview } = fake.state.panels[0];
    webview.receive!({ type: 'ready' });
    await webview.waitForPosts(1);
    webview.receive!({ type: 'reveal', taskId: 'com.example.refresh', site: 'submit' });
    webview.receive!({ type: 'reveal', taskId: 'com.example.widget', site: 'submit' }); // no submit site
    webview.receive!({ type: 'reveal', taskId: 'not.there', site: 'register' });
    webview.receive!({ type: 'reveal', taskId: 'com.example.refresh', site: 'file:///etc/passwd' });
    webview.receive!({ type: 'open', uri: 'file:///etc/passwd' });
    // Messages are handled in order: once a later `ready` is answered, the reveals above are done.
    webview.receive!({ type: 'ready' });
    await webview.waitForPosts(2);
    expect(h.reveal).toHaveBeenCalledTimes(1);
    expect(h.reveal).toHaveBeenCalledWith(sampleTasks[0].sites.submit);
  });

  it('pushes fresh tasks when the workspace changes', async () => {
    const h = setup();
    h.open();
    const { webview } = fake.state.panels[0];
    webview.receive!({ type: 'ready' });
    await webview.waitForPosts(1);
    h.setTasks(sampleTasks.slice(0, 1));
    h.fireChange();
    await webview.waitForPosts(2);
    expect(webview.posted.at(-1)).toEqual({ type: 'tasks', tasks: sampleTasks.slice(0, 1) });
  });

  it('loads a scenario file only when it is valid, and saves only a valid scenario', async () => {
    setup().open();
    const { webview } = fake.state.panels[0];
    fake.state.files.set('/work/App/night.bgscenario.json', JSON.stringify({ extends: 'overnight-charger', days: 4 }));
    fake.state.files.set('/work/App/bad.bgscenario.json', JSON.stringify({ days: 'many' }));

    fake.state.openResult = [{ path: '/work/App/night.bgscenario.json' }];
    webview.receive!({ type: 'loadScenario' });
    await webview.waitForPosts(1);
    expect(webview.posted.at(-1)).toMatchObject({ type: 'scenarioLoaded', fileName: 'night.bgscenario.json', scenario: { days: 4, name: 'Overnight charger' } });

    fake.state.openResult = [{ path: '/work/App/bad.bgscenario.json' }];
    webview.receive!({ type: 'loadScenario' });
    await webview.waitForPosts(2);
    expect(webview.posted.at(-1)).toMatchObject({ type: 'error', message: 'bad.bgscenario.json is not a valid scenario.' });

    fake.state.saveResult = { path: '/work/App/mine.bgscenario.json' };
    webview.receive!({ type: 'saveScenario', scenario: { days: 0 } });
    await webview.waitForPosts(3);
    expect(fake.state.written.size).toBe(0);
    expect(webview.posted.at(-1)).toMatchObject({ type: 'error' });

    webview.receive!({ type: 'saveScenario', scenario: { days: 6 }, suggestedName: 'mine.bgscenario.json' });
    await webview.waitForPosts(4);
    expect(JSON.parse(fake.state.written.get('/work/App/mine.bgscenario.json')!)).toMatchObject({ version: 1, days: 6 });
    expect(webview.posted.at(-1)).toEqual({ type: 'scenarioSaved', fileName: 'mine.bgscenario.json' });
  });
});
