/**
 * devicectl writes its JSON to a file (`--json-output PATH`). Those files name the user's device, apps and processes,
 * so they go into a fresh directory that only this user can read (mkdtemp creates it with mode 0700), and the whole
 * directory is removed afterwards, whether the command succeeded or not.
 */
import { mkdtemp, rm, chmod } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface TempDir {
  readonly dir: string;
  /** A path inside the private directory; the file itself is created by the tool that writes it. */
  file(name: string): string;
  dispose(): Promise<void>;
}

export async function createPrivateTempDir(parent: string = os.tmpdir()): Promise<TempDir> {
  const dir = await mkdtemp(path.join(parent, 'bgtasks-'));
  // mkdtemp already uses 0700; be explicit in case a umask or platform differs.
  await chmod(dir, 0o700);
  let n = 0;
  return {
    dir,
    file: (name) => path.join(dir, `${++n}-${name.replace(/[^A-Za-z0-9._-]/g, '_')}`),
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Runs `fn` with a private temp dir and always removes it. */
export async function withTempDir<T>(parent: string | undefined, fn: (t: TempDir) => Promise<T>): Promise<T> {
  const t = await createPrivateTempDir(parent);
  try {
    return await fn(t);
  } finally {
    await t.dispose();
  }
}
