// Vitest config for the real-VS-Code e2e suite (code-server + Chromium). Run through test/e2e/run.mjs, which installs
// code-server first and locates the VSIX. See docs/e2e.md.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    // One code-server + Chromium at a time: two cores on CI, and the UI tests must not steal each other's CPU.
    pool: 'forks',
    poolOptions: { forks: { singleFork: true } },
    fileParallelism: false,
    sequence: { concurrent: false },
    // Generous: a cold start of the workbench and extension host takes ~10 s here, more on a busy CI machine.
    testTimeout: 240_000,
    hookTimeout: 240_000,
    teardownTimeout: 60_000,
    retry: 0,
  },
});
