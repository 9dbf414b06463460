/**
 * When does an Objective-C block run? Decided, as for Swift closures, by what receives it: the keyword of the message
 * part the block is passed to (`addOperationWithBlock:`), the message's first keyword (`scheduledTimerWithTimeInterval:
 * repeats:block:`), or the C function (`dispatch_async`).
 */
import type { ClosureKind } from '../model/facts';

const ASYNC = new Set([
  'dispatch_async',
  'dispatch_barrier_async',
  'dispatch_group_async',
  'dispatch_group_notify',
  'dispatch_source_set_event_handler',
  'addOperationWithBlock',
  'blockOperationWithBlock',
  'addBarrierBlock',
  'performBlock',
  'runOnMainThread',
  'detachNewThreadWithBlock',
]);

const DELAYED = new Set(['dispatch_after', 'scheduledTimerWithTimeInterval', 'timerWithTimeInterval', 'initWithFireDate', 'performWithDelay', 'afterDelay']);

const SYNC = new Set([
  'dispatch_sync',
  'dispatch_barrier_sync',
  'dispatch_once',
  'dispatch_apply',
  'enumerateObjectsUsingBlock',
  'enumerateObjectsWithOptions',
  'enumerateKeysAndObjectsUsingBlock',
  'enumerateKeysAndObjectsWithOptions',
  'enumerateIndexesUsingBlock',
  'indexOfObjectPassingTest',
  'indexesOfObjectsPassingTest',
  'objectsPassingTest',
  'keysOfEntriesPassingTest',
  'sortedArrayUsingComparator',
  'sortUsingComparator',
  'sortWithOptions',
  'filteredArrayUsingPredicate',
  'performBlockAndWait',
  'performAndWait',
  'autoreleasepool',
  'lock',
  'withLock',
]);

const UI_EVENTS = new Set([
  'addObserverForName',
  'actionWithTitle',
  'actionWithHandler',
  'addActionForControlEvents',
  'handlerForEvent',
  'setHandler',
  'viewDidAppear',
  'observeValueForKeyPath',
  'subscribe',
]);

/**
 * The kind of a block given as argument `keyword:` of a message whose first keyword is `first` (or to the C function
 * `first`, with `keyword` undefined).
 */
export function classifyObjcBlock(first: string, keyword: string | undefined): ClosureKind {
  if (first === 'registerForTaskWithIdentifier' && keyword === 'launchHandler') return 'task-handler';
  if (first === 'getPendingTaskRequestsWithCompletionHandler') return 'pending-callback';
  if (first === 'setExpirationHandler' || keyword === 'expirationHandler') return 'expiration';
  for (const k of keyword ? [keyword, first] : [first]) {
    if (ASYNC.has(k)) return 'async';
    if (DELAYED.has(k)) return 'delayed';
    if (SYNC.has(k)) return 'sync';
    if (UI_EVENTS.has(k)) return 'ui-event';
  }
  return 'other';
}
