/** The rule registry: every rule file, in id order. A test checks this list against the folder and docs/rules. */
import duplicateRegistration from './duplicate-registration';
import infoplistKeyBuildSetting from './infoplist-key-build-setting';
import invalidWildcardIdentifier from './invalid-wildcard-identifier';
import missingBackgroundMode from './missing-background-mode';
import missingExpirationHandler from './missing-expiration-handler';
import missingSetTaskCompleted from './missing-set-task-completed';
import processingModeWithoutIdentifiers from './processing-mode-without-identifiers';
import refreshNotRescheduled from './refresh-not-rescheduled';
import registerAfterLaunch from './register-after-launch';
import submitOnEveryLaunch from './submit-on-every-launch';
import submitWithoutHandler from './submit-without-handler';
import taskTypeMismatch from './task-type-mismatch';
import unpermittedIdentifier from './unpermitted-identifier';
import unusedPermittedIdentifier from './unused-permitted-identifier';
import type { Rule } from './types';

export const allRules: Rule[] = [
  duplicateRegistration,
  infoplistKeyBuildSetting,
  invalidWildcardIdentifier,
  missingBackgroundMode,
  missingExpirationHandler,
  missingSetTaskCompleted,
  processingModeWithoutIdentifiers,
  refreshNotRescheduled,
  registerAfterLaunch,
  submitOnEveryLaunch,
  submitWithoutHandler,
  taskTypeMismatch,
  unpermittedIdentifier,
  unusedPermittedIdentifier,
];

export const rulesById = new Map(allRules.map((r) => [r.meta.id, r]));
