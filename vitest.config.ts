import { defineConfig } from 'vitest/config';

/**
 * Two projects on one pool of two forks:
 * - "shared": files that only use the engine's modules and clean up after themselves share one module registry per
 *   worker (isolate: false), so the engine, its grammars and parsers load once per worker instead of once per file,
 *   which was most of the suite's time on a 2-core machine;
 * - "isolated": files that replace `vscode` with vi.mock, drive the language server, or load the grammar themselves,
 *   get a fresh registry (and fresh mocks) per file. (The forks pool itself must be non-isolated for the first project to share; vitest recycles the
 *   workers between the two projects and resets modules per file in the second.)
 */
const NEEDS_ISOLATION = ['test/device/vscodeLayer.test.ts', 'test/webview/host.test.ts', 'test/lsp/**/*.test.ts', 'test/analysis/parserLoad.test.ts', 'test/analysis/grammarConcurrency.test.ts'];
const EXCLUDE = ['test/e2e/**', 'node_modules/**'];

export default defineConfig({
  test: {
    // Two cores on CI: keep workers bounded so the LSP tests (which spawn servers) are not starved.
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1, isolate: false } },
    // Rebuilds dist/ (or fails with the reason) when it is older than its sources: tests never run a stale bundle.
    globalSetup: ['test/globalSetup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: { name: 'shared', include: ['test/**/*.test.ts'], exclude: [...EXCLUDE, ...NEEDS_ISOLATION], isolate: false },
      },
      {
        extends: true,
        test: { name: 'isolated', include: NEEDS_ISOLATION, exclude: EXCLUDE, isolate: true, poolOptions: { forks: { isolate: true } } },
      },
    ],
  },
});
