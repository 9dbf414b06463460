/**
 * When does a closure run? Decided by the call that receives it. This decides whether code inside
 * a closure counts as "during launch", "after launch" or "in a background launch".
 */
import type { ClosureKind } from '../model/facts';

const UI_EVENTS = new Set([
  'onAppear',
  'onDisappear',
  'task',
  'onChange',
  'onReceive',
  'onTapGesture',
  'onLongPressGesture',
  'onOpenURL',
  'onContinueUserActivity',
  'refreshable',
  'onSubmit',
  'onDrop',
  'onCommit',
  'onDelete',
  'onMove',
  'sheet',
  'fullScreenCover',
  'popover',
  'alert',
  'confirmationDialog',
  'contextMenu',
  'swipeActions',
  'Button',
  'Toggle',
  'addObserver',
  'sink',
  'subscribe',
  'addAction',
  'UIAction',
  'handleEvents',
  'onReceiveNotification',
]);

const SYNC = new Set([
  'forEach',
  'map',
  'compactMap',
  'flatMap',
  'filter',
  'reduce',
  'sorted',
  'first',
  'last',
  'contains',
  'allSatisfy',
  'removeAll',
  'withLock',
  'sync',
  'autoreleasepool',
  'withCheckedContinuation',
  'withCheckedThrowingContinuation',
  'withUnsafeContinuation',
  'withTaskGroup',
  'withThrowingTaskGroup',
  'withDiscardingTaskGroup',
  'performAndWait',
  'enumerateObjects',
  'run',
]);

const DELAYED = new Set(['asyncAfter', 'scheduledTimer', 'perform', 'schedule']);

export function classifyClosure(callName: string, receiverText: string | undefined, _label: string | undefined): ClosureKind {
  if (callName === 'register' || callName === 'backgroundTask' || callName === 'registerForTaskWithIdentifierUsingQueueLaunchHandler') return 'task-handler';
  if (callName === 'getPendingTaskRequests' || callName === 'getPendingTaskRequestsWithCompletionHandler') return 'pending-callback';
  if (callName === 'Task' && !receiverText) return 'async';
  if (receiverText === 'Task' && (callName === 'detached' || callName === 'init')) return 'async';
  if (callName === 'async' || callName === 'addOperation' || callName === 'addBarrierBlock') return 'async';
  if (callName === 'run' && receiverText === 'MainActor') return 'async';
  if (DELAYED.has(callName)) return 'delayed';
  if (UI_EVENTS.has(callName)) return 'ui-event';
  if (SYNC.has(callName)) return 'sync';
  return 'other';
}
