/** Where code runs in the app's life cycle: scene and app-delegate callbacks, and the arms of a scene-phase change. */
import type { RuleAnalysis as Analysis } from '../analysis/model/analysis';

/** Delegate callbacks that run as the app leaves the foreground. */
export const BACKGROUND_CALLBACKS = new Set(['sceneDidEnterBackground', 'applicationDidEnterBackground', 'sceneWillResignActive', 'applicationWillResignActive']);
/** Delegate callbacks that run as the app comes to the foreground. */
export const FOREGROUND_CALLBACKS = new Set(['sceneDidBecomeActive', 'applicationDidBecomeActive', 'sceneWillEnterForeground', 'applicationWillEnterForeground']);

/** Inside `.onChange(of: scenePhase)`: the arm (`.background` or `.active`) the offset lies in, else undefined. */
export function scenePhaseAt(analysis: Analysis, file: string, at: number): 'background' | 'foreground' | undefined {
  const scene = analysis.sourceFacts(file)?.scene;
  if (!scene) return undefined;
  for (const spot of scene.backgroundSpots) {
    if (spot.kind === 'scene-phase' && at >= spot.offset - spot.body.length && at <= spot.offset) return 'background';
  }
  for (const change of scene.scenePhaseChanges) {
    if (at < change.span.start || at > change.span.end) continue;
    const arm = change.arms.filter((a) => a.at <= at).pop();
    if (arm?.phase === 'active') return 'foreground';
    if (arm?.phase === 'background' || arm?.phase === 'inactive') return 'background';
  }
  return undefined;
}

/** Callbacks that run once the app is in the background (not merely inactive). */
export const DID_ENTER_BACKGROUND = new Set(['sceneDidEnterBackground', 'applicationDidEnterBackground']);

/** Inside the `.background` arm of a scene-phase change (not `.inactive`). */
export function inBackgroundArm(analysis: Analysis, file: string, at: number): boolean {
  for (const change of analysis.sourceFacts(file)?.scene?.scenePhaseChanges ?? []) {
    if (at < change.span.start || at > change.span.end) continue;
    if (change.arms.filter((a) => a.at <= at).pop()?.phase === 'background') return true;
  }
  return false;
}
