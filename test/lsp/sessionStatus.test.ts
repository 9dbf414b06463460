/**
 * A folder that cannot be indexed says so in the status bar (state `failed`, with the reason) instead of spinning
 * "indexing" forever, and the next indexing that succeeds clears it. In-process: a Session over a recording connection.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Connection } from 'vscode-languageserver';
import { Session } from '../../server/src/lsp/session';
import type { StatusParams } from '../../server/src/protocol/lsp';

function recordingConnection() {
  const statuses: StatusParams[] = [];
  const errors: string[] = [];
  const connection = {
    console: { log: () => undefined, error: (m: string) => errors.push(m) },
    sendNotification: (method: string, params: unknown) => {
      if (method === 'bgtasks/status') statuses.push(params as StatusParams);
      return Promise.resolve();
    },
    sendDiagnostics: () => Promise.resolve(),
    window: { showWarningMessage: () => Promise.resolve(undefined) },
  } as unknown as Connection;
  return { connection, statuses, errors };
}

describe('indexing status', () => {
  it('reports a folder whose indexing failed, with the reason, and clears it when indexing succeeds', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bgtasks-status-'));
    cpSync(path.resolve(__dirname, '../../examples/FilmTracker'), dir, { recursive: true });
    const { connection, statuses, errors } = recordingConnection();
    const s = new Session(connection);
    try {
      const folder = s.addFolder(dir);
      const realLoad = folder.load.bind(folder);
      folder.load = () => Promise.reject(new Error('the grammar could not be linked'));
      await s.index(folder);
      const failed = statuses.at(-1)!;
      expect(failed.state).toBe('failed');
      expect(failed.message).toBe(`indexing ${path.basename(dir)} failed: the grammar could not be linked`);
      expect(errors.join('\n')).toContain('the grammar could not be linked');
      // Another folder finishing does not hide the failure.
      s.sendStatus({ state: 'ready' });
      expect(statuses.at(-1)!.state).toBe('failed');

      folder.load = realLoad;
      await s.index(folder);
      s.runLint(folder);
      const ready = statuses.at(-1)!;
      expect(ready.state).toBe('ready');
      expect(ready.message).toBeUndefined();
      expect(ready.errors).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
