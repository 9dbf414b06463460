/**
 * Which version of a JavaScript package a project has: the installed copy (node_modules), else the lock file
 * (package-lock.json, yarn.lock, pnpm-lock.yaml), else the lowest version the package.json range allows. Library
 * rules whose API changed between majors (react-native-background-fetch 3.x took a failure callback where 4.x takes
 * onTimeout) read it per JavaScript project. Undefined when the project does not say.
 */
import path from 'node:path';
import type { FileSystem } from '../project/fileSystem';

export type Version = [number, number, number];

function parse(v: string | undefined): Version | undefined {
  const m = v ? /(\d+)\.(\d+)(?:\.(\d+))?/.exec(v) : null;
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined;
}

function json(fs: FileSystem, file: string): Record<string, unknown> | undefined {
  const text = fs.readText(file);
  if (text === undefined || text.length > 50_000_000) return undefined;
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function packageVersion(fs: FileSystem, projectRoot: string, pkg: string): Version | undefined {
  const installed = json(fs, path.join(projectRoot, 'node_modules', pkg, 'package.json'));
  const fromInstalled = parse(typeof installed?.version === 'string' ? installed.version : undefined);
  if (fromInstalled) return fromInstalled;
  const lock = json(fs, path.join(projectRoot, 'package-lock.json'));
  const packages = lock?.packages as Record<string, { version?: string }> | undefined;
  const dependencies = lock?.dependencies as Record<string, { version?: string }> | undefined;
  const fromLock = parse(packages?.[`node_modules/${pkg}`]?.version ?? dependencies?.[pkg]?.version);
  if (fromLock) return fromLock;
  const yarn = fs.readText(path.join(projectRoot, 'yarn.lock'));
  if (yarn !== undefined) {
    const at = yarn.search(new RegExp(`^"?${pkg.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}@`, 'm'));
    if (at >= 0) {
      const m = /\n\s+version:?\s+"?([0-9][^"\s]*)/.exec(yarn.slice(at, at + 2000));
      const v = parse(m?.[1]);
      if (v) return v;
    }
  }
  const pnpm = fs.readText(path.join(projectRoot, 'pnpm-lock.yaml'));
  if (pnpm !== undefined) {
    const m = new RegExp(`\\n\\s+/?${pkg.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}[@/]([0-9][^:(\\s]*)`).exec(pnpm);
    const v = parse(m?.[1]);
    if (v) return v;
  }
  const manifest = json(fs, path.join(projectRoot, 'package.json'));
  for (const key of ['dependencies', 'devDependencies', 'peerDependencies']) {
    const deps = manifest?.[key] as Record<string, unknown> | undefined;
    const range = deps?.[pkg];
    if (typeof range === 'string') return parse(range);
  }
  return undefined;
}
