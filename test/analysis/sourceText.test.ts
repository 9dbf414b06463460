/** The text questions the Analysis answers for rules (names, removals, statement shapes, casts). */
import { describe, expect, it } from 'vitest';
import { castFormAt, removalSpan, statementShape, unnamedParamAt, unusedName } from '../../server/src/analysis/model/sourceText';

const whole = (t: string) => ({ start: 0, end: t.length });

describe('sourceText', () => {
  it('names an unnamed task with a word the code does not use (comments aside, strings counted)', () => {
    expect(unusedName('{ _ in schedule() }', whole('{ _ in schedule() }'), 'task')).toBe('task');
    expect(unusedName('{ _ in run(task: 1) }', whole('{ _ in run(task: 1) }'), 'task')).toBe('task2');
    const commented = '{ _ in\n  // reschedule the task here\n  run() }';
    expect(unusedName(commented, whole(commented), 'task')).toBe('task');
    const interpolated = '{ _ in log("\\(task) // x"); run() }';
    expect(unusedName(interpolated, whole(interpolated), 'task')).toBe('task2');
  });

  it('finds the `_` of a closure head, typed or not, and nothing in a named one', () => {
    for (const head of ['{ _ in', '{ (_) in', '{ (_: BGTask) in', '{_ in']) {
      const at = unnamedParamAt(`${head} x() }`, { start: 0, end: head.length });
      expect(at && `${head} x() }`.slice(at.start, at.end)).toBe('_');
    }
    expect(unnamedParamAt('{ task in x() }', { start: 0, end: 9 })).toBeUndefined();
  });

  it('removes a statement with its line, a modifier with the space before it, a lone call with its line', () => {
    const t = 'a()\n    remove()\r\nb()';
    const s = { start: t.indexOf('remove'), end: t.indexOf('remove') + 8 };
    expect(t.slice(0, removalSpan(t, s, 'statement').start) + t.slice(removalSpan(t, s, 'statement').end)).toBe('a()\nb()');
    const m = 'View()\n    .backgroundTask(.appRefresh("x")) { }';
    const ms = { start: m.indexOf('.background'), end: m.length };
    expect(m.slice(0, removalSpan(m, ms, 'modifier').start)).toBe('View()');
    const l = 'x(); go()\n';
    expect(removalSpan(l, { start: 5, end: 9 }, 'line-if-alone')).toEqual({ start: 5, end: 9 });
  });

  it('describes a statement and a cast', () => {
    expect(statementShape('  Sync.shared.start()  ', whole('  Sync.shared.start()  '))).toMatchObject({ typeCall: true, selfCall: false, trimmed: 'Sync.shared.start()' });
    expect(statementShape('try await go(x)', whole('try await go(x)'))).toMatchObject({ hasTry: true, hasAwait: true, typeCall: false });
    expect(castFormAt('task as! BGProcessingTask', { start: 9, end: 25 })).toBe('forced');
    expect(castFormAt('task as? BGProcessingTask', { start: 9, end: 25 })).toBe('conditional');
    expect(castFormAt('(task: BGProcessingTask)', { start: 7, end: 23 })).toBe('none');
  });
});
