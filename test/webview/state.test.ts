/** The webview's pure reducer: every control maps to a scenario change, and bad input loses nothing. */
import { describe, expect, it } from 'vitest';
import { parseTimes, persistable, reduce, restore, initialState, usageTimes, viewRange, type ViewState } from '../../media/src/simulator/state';
import { deriveResult } from '../../media/src/simulator/derive';
import { DAY } from '../../server/src/simulator/index';
import { sampleTasks } from './fixtures';

const ready = (): ViewState => reduce(initialState(), { type: 'host', message: { type: 'init', tasks: sampleTasks, focusTaskId: 'com.example.cleanup' } });

describe('view reducer', () => {
  it('init takes the tasks and the focus', () => {
    const s = ready();
    expect(s.initialized).toBe(true);
    expect(s.tasks).toHaveLength(4);
    expect(s.focusTaskId).toBe('com.example.cleanup');
  });

  it('controls change the scenario and mark it custom; the result re-runs', () => {
    const s0 = ready();
    const r0 = deriveResult(s0.tasks, s0.scenario);
    const s1 = reduce(s0, { type: 'days', value: 3 });
    expect(s1.scenario.days).toBe(3);
    expect(s1.presetId).toBeNull();
    expect(s0.scenario.days).toBe(14); // the old state is untouched
    const r1 = deriveResult(s1.tasks, s1.scenario);
    expect(r1).not.toBe(r0);
    expect(r1.durationSeconds).toBe(3 * DAY);
    // Moving the cursor does not re-run the engine.
    const s2 = reduce(s1, { type: 'cursorStep', seconds: 900 });
    expect(deriveResult(s2.tasks, s2.scenario)).toBe(r1);
  });

  it('toggles and selects map onto the device baseline, charging and force-quit', () => {
    let s = ready();
    s = reduce(s, { type: 'setting', key: 'lowPowerMode', value: true });
    s = reduce(s, { type: 'setting', key: 'backgroundAppRefresh', value: false });
    s = reduce(s, { type: 'network', value: 'cellular' });
    s = reduce(s, { type: 'overnightCharging', value: false });
    s = reduce(s, { type: 'forceQuitPercent', value: 40 });
    expect(s.scenario.device.baseline).toMatchObject({ lowPowerMode: true, backgroundAppRefresh: false, network: 'cellular' });
    expect(s.scenario.device.charging).toEqual([]);
    expect(s.scenario.usage.forceQuitAfterSessionProbability).toBe(0.4);
    expect(reduce(s, { type: 'overnightCharging', value: true }).scenario.device.charging).toHaveLength(1);
  });

  it('usage text edits one side of the week and keeps the other', () => {
    let s = ready();
    const weekendsBefore = usageTimes(s.scenario, 'weekends');
    s = reduce(s, { type: 'usage', which: 'weekdays', text: '7:30, 19:00' });
    expect(usageTimes(s.scenario, 'weekdays')).toEqual(['07:30', '19:00']);
    expect(usageTimes(s.scenario, 'weekends')).toEqual(weekendsBefore);
  });

  it('invalid input sets an error status and keeps the scenario', () => {
    const s0 = ready();
    const bad = reduce(s0, { type: 'usage', which: 'weekdays', text: '08:00, noon' });
    expect(bad.status?.kind).toBe('error');
    expect(bad.scenario).toBe(s0.scenario);
    const tooLong = reduce(s0, { type: 'days', value: 1000 });
    expect(tooLong.status?.kind).toBe('error');
    expect(tooLong.scenario.days).toBe(14);
    expect(reduce(tooLong, { type: 'dismissStatus' }).status).toBeNull();
  });

  it('the cursor stays inside the simulated days', () => {
    const s = reduce(ready(), { type: 'cursor', t: -5 });
    expect(s.cursor).toBe(0);
    expect(reduce(s, { type: 'cursor', t: 1e12 }).cursor).toBeLessThan(14 * DAY);
    expect(reduce(reduce(s, { type: 'cursor', t: 13 * DAY }), { type: 'days', value: 2 }).cursor).toBeLessThan(2 * DAY);
  });

  it('a loaded scenario is re-validated; an invalid one becomes an error', () => {
    const ok = reduce(ready(), { type: 'host', message: { type: 'scenarioLoaded', fileName: 'a.bgscenario.json', scenario: { version: 1, days: 4 } as never } });
    expect(ok.scenario.days).toBe(4);
    expect(ok.presetId).toBeNull();
    const bad = reduce(ready(), { type: 'host', message: { type: 'scenarioLoaded', fileName: 'b.bgscenario.json', scenario: { version: 1, days: 'x' } as never } });
    expect(bad.status?.kind).toBe('error');
    expect(bad.status?.details?.[0]).toContain('days');
  });

  it('persisted state round-trips and garbage restores to the defaults', () => {
    const s = reduce(reduce(ready(), { type: 'days', value: 5 }), { type: 'cursor', t: 2 * DAY });
    const back = restore(JSON.parse(JSON.stringify(persistable(s))));
    expect(back.scenario).toEqual(s.scenario);
    expect(back.cursor).toBe(2 * DAY);
    expect(back.tasks).toEqual([]); // tasks always come fresh from the host
    expect(restore({ scenario: { days: -1 } }).scenario).toEqual(initialState().scenario);
    expect(restore('nonsense').presetId).toBe(initialState().presetId);
  });

  it('zoom shows all days, the week around the cursor, or the cursor day, and persists', () => {
    let s = reduce(ready(), { type: 'cursor', t: 5 * DAY + 3600 });
    expect(viewRange(s)).toEqual({ from: 0, to: 14 * DAY });
    s = reduce(s, { type: 'zoom', zoom: 'day' });
    expect(viewRange(s)).toEqual({ from: 5 * DAY, to: 6 * DAY });
    s = reduce(s, { type: 'zoom', zoom: 'week' });
    expect(viewRange(s)).toEqual({ from: 2 * DAY, to: 9 * DAY });
    expect(viewRange(reduce(s, { type: 'cursor', t: 13 * DAY }))).toEqual({ from: 7 * DAY, to: 14 * DAY });
    expect(viewRange(reduce(reduce(s, { type: 'days', value: 3 }), { type: 'cursor', t: 0 }))).toEqual({ from: 0, to: 3 * DAY });
    expect(restore(JSON.parse(JSON.stringify(persistable(s)))).zoom).toBe('week');
  });

  it('parseTimes normalises, sorts and de-duplicates', () => {
    expect(parseTimes('21:40 8:05,12:30;08:05')).toEqual({ list: ['08:05', '12:30', '21:40'] });
    expect(parseTimes('')).toEqual({ list: [] });
    expect('error' in parseTimes('24:00')).toBe(true);
  });
});
