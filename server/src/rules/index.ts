/** The rule registry: every rule file, in id order. A test checks this list against the folder and docs/rules. */
import capacitorRunnerAutostart from './capacitor-runner-autostart';
import continuedProcessingBackgroundSubmit from './continued-processing-background-submit';
import continuedProcessingProgress from './continued-processing-progress';
import continuedProcessingRequest from './continued-processing-request';
import deprecatedSubmit from './deprecated-submit';
import duplicateRegistration from './duplicate-registration';
import expoDefineTaskScope from './expo-define-task-scope';
import expoMinimumIntervalUnits from './expo-minimum-interval-units';
import expoTaskNotDefined from './expo-task-not-defined';
import infoplistKeyBuildSetting from './infoplist-key-build-setting';
import invalidWildcardIdentifier from './invalid-wildcard-identifier';
import missingBackgroundMode from './missing-background-mode';
import missingExpirationHandler from './missing-expiration-handler';
import missingSetTaskCompleted from './missing-set-task-completed';
import missingTaskEntitlement from './missing-task-entitlement';
import processingModeWithoutIdentifiers from './processing-mode-without-identifiers';
import refreshNotRescheduled from './refresh-not-rescheduled';
import registerAfterLaunch from './register-after-launch';
import rnBackgroundFetchNativeSetup from './rn-background-fetch-native-setup';
import rnBackgroundFetchOption from './rn-background-fetch-option';
import rnBackgroundFetchTaskId from './rn-background-fetch-task-id';
import submitOnEveryLaunch from './submit-on-every-launch';
import submitRequestOnMainThread from './submit-request-on-main-thread';
import submitWithoutHandler from './submit-without-handler';
import taskTypeMismatch from './task-type-mismatch';
import unpermittedIdentifier from './unpermitted-identifier';
import unusedPermittedIdentifier from './unused-permitted-identifier';
import type { Rule } from './types';

export const allRules: Rule[] = [
  capacitorRunnerAutostart,
  continuedProcessingBackgroundSubmit,
  continuedProcessingProgress,
  continuedProcessingRequest,
  deprecatedSubmit,
  duplicateRegistration,
  expoDefineTaskScope,
  expoMinimumIntervalUnits,
  expoTaskNotDefined,
  infoplistKeyBuildSetting,
  invalidWildcardIdentifier,
  missingBackgroundMode,
  missingExpirationHandler,
  missingSetTaskCompleted,
  missingTaskEntitlement,
  processingModeWithoutIdentifiers,
  refreshNotRescheduled,
  registerAfterLaunch,
  rnBackgroundFetchNativeSetup,
  rnBackgroundFetchOption,
  rnBackgroundFetchTaskId,
  submitOnEveryLaunch,
  submitRequestOnMainThread,
  submitWithoutHandler,
  taskTypeMismatch,
  unpermittedIdentifier,
  unusedPermittedIdentifier,
];

export const rulesById = new Map(allRules.map((r) => [r.meta.id, r]));
