/** The lowest iOS version a target supports, from IPHONEOS_DEPLOYMENT_TARGET across its build configurations. */
import type { AppScope } from '../analysis/model/workspace';
import { expandVariables } from '../analysis/xcode/buildSettings';

/**
 * The deployment target's major and minor version ([27, 0]) when every configuration of the scope's target states one
 * that reads as a version (the lowest of them); undefined when any configuration does not (then nothing is judged).
 */
export function deploymentTarget(scope: AppScope): [number, number] | undefined {
  const configs = scope.how === 'target' ? scope.target?.configurations : undefined;
  if (!configs?.length) return undefined;
  let lowest: [number, number] | undefined;
  for (const c of configs) {
    const raw = c.settings.IPHONEOS_DEPLOYMENT_TARGET;
    if (!raw) return undefined;
    const { value, unresolved } = expandVariables(raw, (k) => c.settings[k]);
    const m = /^\s*"?(\d{1,3})(?:\.(\d{1,3}))?(?:\.\d+)?"?\s*$/.exec(value);
    if (unresolved.length || !m) return undefined;
    const v: [number, number] = [Number(m[1]), Number(m[2] ?? 0)];
    if (!lowest || v[0] < lowest[0] || (v[0] === lowest[0] && v[1] < lowest[1])) lowest = v;
  }
  return lowest;
}
