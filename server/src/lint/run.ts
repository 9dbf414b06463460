/** Lints workspace roots from disk: the shared entry for the CLI and benchmarks. */
import path from 'node:path';
import type { GiveUp } from '../analysis/model/budget';
import { Workspace } from '../analysis/model/workspace';
import { compileExcludes } from '../analysis/project/discover';
import { diskFileSystem, type FileSystem } from '../analysis/project/fileSystem';
import { allRules } from '../rules';
import { loadConfigFile, mergeConfigs, type LintConfig } from './config';
import { lint, type LintResult } from './engine';

export interface LintRootOptions {
  fs?: FileSystem;
  /** Settings from the command line or editor; they win over `.bgtasksrc.json`. */
  overrides?: Partial<LintConfig>;
  /** Where to look for `.bgtasksrc.json` (defaults to the root). */
  configDir?: string;
}

export async function lintRoot(root: string, opts: LintRootOptions = {}): Promise<LintResult & { configProblems: string[]; gaveUp: GiveUp[] }> {
  const fs = opts.fs ?? diskFileSystem;
  const known = new Set(allRules.map((r) => r.meta.id));
  const file = loadConfigFile(opts.configDir ?? root, fs, known);
  const config = mergeConfigs(file.config, opts.overrides ?? {});
  const timing = process.env.BGTASKS_TIMING === '1';
  const t0 = performance.now();
  const ws = await Workspace.load({ roots: [path.resolve(root)], fs, exclude: config.exclude, bundleIdentifier: config.bundleIdentifier });
  const t1 = performance.now();
  const result = lint(ws, config);
  if (timing) process.stderr.write(`bgtasks timing: process start → lint start ${t0.toFixed(0)} ms, load ${(t1 - t0).toFixed(0)} ms (${ws.swiftTexts.size} Swift files, ${ws.parsed.size} parsed), rules ${(performance.now() - t1).toFixed(0)} ms (${ws.parsed.size} parsed); Swift parse ${ws.stats.parseMs.toFixed(0)} ms, extract ${ws.stats.extractMs.toFixed(0)} ms\n`);
  if (timing) for (const g of ws.work.gaveUp) process.stderr.write(`bgtasks timing: gave up on ${g.question}: ${g.why}\n`);
  return { ...result, configProblems: [...file.problems, ...compileExcludes(config.exclude ?? []).problems], gaveUp: [...ws.work.gaveUp] };
}
