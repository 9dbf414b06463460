/**
 * The packaged extension in a real VS Code (code-server), used the way an iOS developer would:
 * open the FilmTracker example, read the Problems panel, fix a handler with Ctrl+., add a missing id
 * to Info.plist through its quick fix, hover a task id, open the scheduler simulator, and check that
 * Restricted Mode still lints but keeps device commands away. Screenshots of every step are saved.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  REPO_ROOT,
  editorText,
  hoverAt,
  launchBrowser,
  listCommands,
  openFile,
  runCommand,
  step,
  triggerQuickFix,
  waitForProblems,
  waitForRestrictedMode,
  webviewFrame,
  withWorkbench,
} from './harness';
import { join } from 'node:path';

const VSIX = process.env.BGTASKS_VSIX;
const EXAMPLE = join(REPO_ROOT, 'examples', 'FilmTracker');
const EXTENSION_ID = 'bgtasks.bgtasks';
const bg = (p: { source: string }) => p.source === 'bgtasks';

let browser: Browser;
beforeAll(async () => {
  if (!VSIX) throw new Error('BGTASKS_VSIX is not set (run through `npm run test:e2e`, which finds the packaged VSIX)');
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('FilmTracker in VS Code', () => {
  test('problems, quick fixes, hover and the simulator in a trusted workspace', async () => {
    await withWorkbench(
      browser,
      { vsix: VSIX!, workspace: EXAMPLE, trust: true, label: 'filmtracker-trusted' },
      async ({ page }) => {
        // 1. The Problems panel lists the example's findings, for files nobody opened.
        const all = await step(page, 'e2e-1-problems', () => waitForProblems(page, (s) => s.problems.filter(bg).length === 18, { what: '18 bgtasks problems' }));
        const texts = all.problems.filter(bg).map((p) => `${p.code} ${p.path}:${p.line}`);
        expect(texts).toContain('missing-expiration-handler FilmTracker/Background/StudyUploader.swift:93');
        expect(texts).toContain('unpermitted-identifier FilmTracker/Background/TrailerSync.swift:34');
        expect(all.problems.some((p) => p.message.includes('"background-processing" is not a UIBackgroundModes value'))).toBe(true);
        expect(all.problems.filter(bg).filter((p) => p.severity === 'error').length).toBe(11);

        // 2. Fix the missing expirationHandler with Ctrl+. and read the inserted code.
        await step(page, 'e2e-2-quickfix-expiration', async () => {
          await openFile(page, 'FilmTracker/Background/StudyUploader.swift');
          const chosen = await triggerQuickFix(page, { line: 93, column: 10 }, /Add an expirationHandler/);
          expect(chosen).toMatch(/expirationHandler/);
          await waitForProblems(page, (s) => !s.problems.some((p) => p.code === 'missing-expiration-handler'), { what: 'missing-expiration-handler gone' });
          const text = await editorText(page);
          expect(text).toMatch(/task\.expirationHandler = \{\n\s+.*\n\s+task\.setTaskCompleted\(success: false\)\n\s+\}/);
        });

        // 3. Add the mistyped id to Info.plist through the Swift finding's quick fix; the Swift finding clears.
        await step(page, 'e2e-3-quickfix-plist', async () => {
          await openFile(page, 'FilmTracker/Background/TrailerSync.swift');
          await triggerQuickFix(page, { line: 34, column: 59 }, /Add "com\.example\.filmtracker\.trailers-sync" to BGTaskSchedulerPermittedIdentifiers/);
          await waitForProblems(page, (s) => !s.problems.some((p) => p.code === 'unpermitted-identifier' && p.path.endsWith('TrailerSync.swift')), { what: 'TrailerSync.swift unpermitted-identifier gone' });
          await openFile(page, 'FilmTracker/Info.plist');
          expect(await editorText(page)).toContain('<string>com.example.filmtracker.trailers-sync</string>');
        });

        // 4. Hover a task id.
        await step(page, 'e2e-4-hover', async () => {
          await openFile(page, 'FilmTracker/Background/DatabaseMaintenance.swift');
          const hover = await hoverAt(page, { line: 25, column: 70 }, { match: /Permitted in/ });
          expect(hover).toContain('com.example.filmtracker.db-cleanup');
          expect(hover).toMatch(/Registered at/);
          expect(hover).toMatch(/processing task/);
        });

        // 5. The scheduler simulator renders a lane per task.
        await step(page, 'e2e-5-simulator', async () => {
          await runCommand(page, 'Background Tasks: Open Scheduler Simulator');
          const frame = await webviewFrame(page, 'g.lane[data-task-id="com.example.filmtracker.refresh"]');
          const lanes = await frame.$$eval('g.lane', (els) => els.map((e) => e.getAttribute('data-task-id')));
          expect(lanes).toEqual(expect.arrayContaining(['com.example.filmtracker.refresh', 'com.example.filmtracker.db-cleanup', 'com.example.filmtracker.health-study']));
        });
      },
      { extensionId: EXTENSION_ID },
    );
  });

  test('Restricted Mode: linting works, device commands are not offered', async () => {
    await withWorkbench(
      browser,
      { vsix: VSIX!, workspace: EXAMPLE, trust: false, label: 'filmtracker-restricted' },
      async ({ page }) => {
        await step(page, 'e2e-6-restricted', async () => {
          await waitForRestrictedMode(page);
          await waitForProblems(page, (s) => s.problems.filter(bg).length === 18, { what: '18 bgtasks problems in Restricted Mode' });
          // Device commands are hidden by their `isWorkspaceTrusted` when clause; linting commands are not.
          const device = ['Background Tasks: Simulate Launch on Device', 'Background Tasks: Simulate Expiration on Device', 'Background Tasks: Select Device', 'Background Tasks: Launch App with Background Task Log'];
          for (const title of device) expect(await listCommands(page, title)).not.toContain(title);
          expect(await listCommands(page, 'Background Tasks: Open Scheduler Simulator')).toContain('Background Tasks: Open Scheduler Simulator');
        });
      },
      { extensionId: EXTENSION_ID },
    );
  });

  test('a React Native app: TypeScript findings, and a quick fix that adds finish(taskId)', async () => {
    await withWorkbench(
      browser,
      { vsix: VSIX!, workspace: join(REPO_ROOT, 'examples', 'rn-podcast'), trust: true, label: 'rn-podcast' },
      async ({ page }) => {
        await step(page, 'e2e-7-react-native', async () => {
          const all = await waitForProblems(page, (s) => s.problems.filter(bg).length === 7, { what: '7 bgtasks problems in the React Native app' });
          expect(all.problems.filter(bg).map((p) => p.code).sort()).toEqual([
            'missing-background-mode',
            'missing-expiration-handler',
            'missing-set-task-completed',
            'rn-background-fetch-option',
            'rn-background-fetch-task-id',
            'unpermitted-identifier',
            'unused-permitted-identifier',
          ]);
          await openFile(page, 'src/background/BackgroundSync.js');
          await triggerQuickFix(page, { line: 57, column: 5 }, /Call BackgroundFetch\.finish\(taskId\)/);
          await waitForProblems(page, (s) => !s.problems.some((p) => p.code === 'missing-set-task-completed'), { what: 'missing-set-task-completed gone' });
          expect(await editorText(page)).toMatch(/BackgroundFetch\.finish\(taskId\);\n\s+return;/);
        });
      },
      { extensionId: EXTENSION_ID },
    );
  });
});
