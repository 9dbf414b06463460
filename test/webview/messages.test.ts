/** The webview message protocol guards: untrusted messages are checked field by field. */
import { describe, expect, it } from 'vitest';
import { isFromWebview, isTaskSummary, isToWebview } from '../../server/src/protocol/simulatorMessages';
import { renderSimulatorHtml } from '../../client/src/simulator/html';
import { sampleTasks } from './fixtures';

describe('isFromWebview', () => {
  it('accepts the four message kinds', () => {
    expect(isFromWebview({ type: 'ready' })).toBe(true);
    expect(isFromWebview({ type: 'loadScenario' })).toBe(true);
    expect(isFromWebview({ type: 'reveal', taskId: 'com.example.refresh', site: 'register' })).toBe(true);
    expect(isFromWebview({ type: 'saveScenario', scenario: { days: 3 }, suggestedName: 'x.bgscenario.json' })).toBe(true);
  });

  it('rejects anything else', () => {
    for (const bad of [
      null,
      'ready',
      [],
      {},
      { type: 'eval', code: '1' },
      { type: 'reveal', taskId: 'a', site: 'file:///etc/passwd' },
      { type: 'reveal', taskId: '', site: 'register' },
      { type: 'reveal', taskId: 'x'.repeat(600), site: 'register' },
      { type: 'reveal', site: 'register', uri: 'file:///x' },
      { type: 'saveScenario', scenario: 'text' },
      { type: 'saveScenario', scenario: [] },
      { type: 'saveScenario', scenario: {}, suggestedName: 5 },
    ]) {
      expect(isFromWebview(bad)).toBe(false);
    }
  });
});

describe('isToWebview', () => {
  it('accepts well-formed host messages', () => {
    expect(isToWebview({ type: 'init', tasks: sampleTasks })).toBe(true);
    expect(isToWebview({ type: 'init', tasks: [], focusTaskId: 'a' })).toBe(true);
    expect(isToWebview({ type: 'tasks', tasks: sampleTasks })).toBe(true);
    expect(isToWebview({ type: 'focusTask', taskId: 'a' })).toBe(true);
    expect(isToWebview({ type: 'scenarioLoaded', scenario: { version: 1 }, fileName: 'a.json' })).toBe(true);
    expect(isToWebview({ type: 'scenarioSaved', fileName: 'a.json' })).toBe(true);
    expect(isToWebview({ type: 'error', message: 'bad', details: ['x'] })).toBe(true);
  });

  it('rejects malformed tasks and envelopes', () => {
    const t = sampleTasks[0];
    expect(isTaskSummary({ ...t, kind: 'weird' })).toBe(false);
    expect(isTaskSummary({ ...t, permitted: 'yes' })).toBe(false);
    expect(isTaskSummary({ ...t, sites: { register: { uri: 'file:///a', line: -1, character: 0 } } })).toBe(false);
    expect(isTaskSummary({ ...t, handler: { ...t.handler, resubmits: 'sometimes' } })).toBe(false);
    expect(isTaskSummary({ ...t, request: { earliestBeginDelaySeconds: 'soon' } })).toBe(false);
    expect(isToWebview({ type: 'init', tasks: [{ ...t, id: 5 }] })).toBe(false);
    expect(isToWebview({ type: 'tasks' })).toBe(false);
    expect(isToWebview({ type: 'scenarioLoaded', scenario: { version: 2 }, fileName: 'a' })).toBe(false);
    expect(isToWebview({ type: 'error', message: 'x', details: [1] })).toBe(false);
    expect(isToWebview({ type: 'unknown' })).toBe(false);
  });
});

describe('renderSimulatorHtml', () => {
  const html = renderSimulatorHtml({ cspSource: 'https://x.vscode-cdn.net', nonce: 'abcdefghijklmnop1234', scriptUri: 'https://x/simulator.js?a=1&b="2"', styleUris: ['https://x/codicon.css', 'https://x/simulator.css'] });

  it('has the strict CSP with the nonce, and no inline script or style', () => {
    expect(html).toContain(`content="default-src 'none'; img-src https://x.vscode-cdn.net data:; style-src https://x.vscode-cdn.net; font-src https://x.vscode-cdn.net; script-src 'nonce-abcdefghijklmnop1234'"`);
    expect(html).toContain('<script nonce="abcdefghijklmnop1234" src="https://x/simulator.js?a=1&amp;b=&quot;2&quot;"></script>');
    expect(html).not.toMatch(/<style|style="|onclick=|<script>(?!<)/);
    expect(html.match(/<link rel="stylesheet"/g)).toHaveLength(2);
  });

  it('refuses a weak nonce', () => {
    expect(() => renderSimulatorHtml({ cspSource: 'x', nonce: 'short', scriptUri: 'a', styleUris: [] })).toThrow();
    expect(() => renderSimulatorHtml({ cspSource: 'x', nonce: 'abc"def ghijklmnopqr', scriptUri: 'a', styleUris: [] })).toThrow();
  });
});
