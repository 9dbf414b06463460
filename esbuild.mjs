// Builds every entry point into dist/ and copies the tree-sitter grammars beside them.
// Usage: node esbuild.mjs [--production] [--watch]
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, existsSync, chmodSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const outdir = 'dist';

/** Node bundles. Only the client may import `vscode`; the server and CLI bundles fail to build if they do. */
const nodeEntries = [
  { in: 'client/src/extension.ts', out: 'client', external: ['vscode'] },
  { in: 'server/src/main.ts', out: 'server', external: [] },
  { in: 'server/src/cli.ts', out: 'cli', external: [], banner: '#!/usr/bin/env node' },
];

/** Browser bundles for webviews (no Node, no vscode). */
const webEntries = [{ in: 'media/src/simulator/main.ts', out: 'media/simulator' }];

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  legalComments: 'none',
};

function copyGrammars() {
  mkdirSync(path.join(outdir, 'grammars'), { recursive: true });
  const wasms = [
    ['vendor/tree-sitter-swift/tree-sitter-swift.wasm', 'tree-sitter-swift.wasm'],
    ['vendor/tree-sitter-objc/tree-sitter-objc.wasm', 'tree-sitter-objc.wasm'],
    [require.resolve('@repomix/tree-sitter-wasms/out/tree-sitter-typescript.wasm'), 'tree-sitter-typescript.wasm'],
    [require.resolve('@repomix/tree-sitter-wasms/out/tree-sitter-tsx.wasm'), 'tree-sitter-tsx.wasm'],
    [require.resolve('web-tree-sitter/web-tree-sitter.wasm'), 'web-tree-sitter.wasm'],
  ];
  for (const [from, to] of wasms) copyFileSync(from, path.join(outdir, 'grammars', to));
}

/** Webview assets: the panel's stylesheet and the codicon font, served from dist/media. */
function copyMedia() {
  mkdirSync(path.join(outdir, 'media', 'codicons'), { recursive: true });
  copyFileSync('media/simulator.css', path.join(outdir, 'media', 'simulator.css'));
  for (const f of ['codicon.css', 'codicon.ttf']) copyFileSync(require.resolve(`@vscode/codicons/dist/${f}`), path.join(outdir, 'media', 'codicons', f));
}

const contexts = [];
for (const e of nodeEntries) {
  if (!existsSync(e.in)) continue;
  contexts.push(
    await esbuild.context({
      ...common,
      entryPoints: { [e.out]: e.in },
      outdir,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: e.external,
      banner: e.banner ? { js: e.banner } : undefined,
      // web-tree-sitter is an ES module that reads import.meta.url; give it the CJS equivalent.
      define: { 'import.meta.url': 'importMetaUrl', BGTASKS_VERSION: JSON.stringify(pkg.version) },
      inject: ['server/src/analysis/parsing/importMetaUrl.js'],
    }),
  );
}
for (const e of webEntries) {
  if (!existsSync(e.in)) continue;
  contexts.push(
    await esbuild.context({
      ...common,
      entryPoints: { [e.out]: e.in },
      outdir,
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
    }),
  );
}

copyGrammars();
copyMedia();
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('watching…');
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  if (existsSync(path.join(outdir, 'cli.js'))) chmodSync(path.join(outdir, 'cli.js'), 0o755);
}
