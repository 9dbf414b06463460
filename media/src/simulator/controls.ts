/**
 * The scenario controls. Built once; `syncControls` writes the state back into them without
 * touching the control the user is typing in. Each control maps to one reducer action.
 */
import { MAX_DAYS, presets } from '../../../server/src/simulator/index';
import type { Action, BooleanSetting, ViewState } from './state';
import { usageTimes } from './state';
import { h, icon } from './dom';

export interface Controls {
  root: HTMLElement;
  sync(state: ViewState): void;
}

export function buildControls(dispatch: (a: Action) => void, post: { load(): void; save(): void }): Controls {
  const preset = h('select', { id: 'preset' }, h('option', { value: '' }, 'Custom'), ...presets.map((p) => h('option', { value: p.id }, p.label)));
  const days = h('input', { id: 'days', type: 'number', min: 1, max: MAX_DAYS, step: 1 });
  const seed = h('input', { id: 'seed', type: 'number', min: 0, step: 1 });
  const weekdays = h('input', { id: 'weekday-opens', type: 'text', placeholder: '08:05, 12:30, 21:40', spellcheck: 'false' });
  const weekends = h('input', { id: 'weekend-opens', type: 'text', placeholder: '10:00', spellcheck: 'false' });
  const jitter = h('input', { id: 'jitter', type: 'number', min: 0, max: 720, step: 1 });
  const network = h('select', { id: 'network' }, h('option', { value: 'wifi' }, 'Wi-Fi'), h('option', { value: 'cellular' }, 'Cellular'), h('option', { value: 'none' }, 'No network'));
  const forceQuit = h('input', { id: 'force-quit', type: 'number', min: 0, max: 100, step: 5 });
  const charging = h('input', { id: 'charging', type: 'checkbox' });
  const toggles: [BooleanSetting, HTMLInputElement, string][] = [
    ['backgroundAppRefresh', h('input', { id: 'bar', type: 'checkbox' }), 'Background App Refresh'],
    ['lowPowerMode', h('input', { id: 'lpm', type: 'checkbox' }), 'Low Power Mode'],
    ['lowDataMode', h('input', { id: 'low-data', type: 'checkbox' }), 'Low Data Mode'],
  ];

  const integer = (el: HTMLInputElement, make: (n: number) => Action): void => {
    el.addEventListener('change', () => {
      const n = Number(el.value);
      if (el.value.trim() !== '' && Number.isInteger(n)) dispatch(make(n));
      else dispatch({ type: 'dismissStatus' }); // re-sync puts the last valid value back
    });
  };
  preset.addEventListener('change', () => preset.value && dispatch({ type: 'preset', id: preset.value }));
  integer(days, (value) => ({ type: 'days', value }));
  integer(seed, (value) => ({ type: 'seed', value }));
  integer(jitter, (minutes) => ({ type: 'jitter', minutes }));
  integer(forceQuit, (value) => ({ type: 'forceQuitPercent', value }));
  weekdays.addEventListener('change', () => dispatch({ type: 'usage', which: 'weekdays', text: weekdays.value }));
  weekends.addEventListener('change', () => dispatch({ type: 'usage', which: 'weekends', text: weekends.value }));
  network.addEventListener('change', () => dispatch({ type: 'network', value: network.value as 'wifi' | 'cellular' | 'none' }));
  charging.addEventListener('change', () => dispatch({ type: 'overnightCharging', value: charging.checked }));
  for (const [key, el] of toggles) el.addEventListener('change', () => dispatch({ type: 'setting', key, value: el.checked }));

  const field = (label: string, control: HTMLElement, hint?: string): HTMLElement =>
    h('label', { class: 'field', for: control.id, title: hint }, h('span', { class: 'field-label' }, label), control);
  const check = (label: string, control: HTMLInputElement): HTMLElement => h('label', { class: 'check', for: control.id }, control, h('span', {}, label));
  const button = (id: string, codicon: string, label: string, onClick: () => void): HTMLElement => {
    const b = h('button', { id, type: 'button', class: 'button' }, icon(codicon), ` ${label}`);
    b.addEventListener('click', onClick);
    return b;
  };

  const root = h(
    'form',
    { class: 'controls', 'aria-label': 'Scenario' },
    field('Scenario', preset),
    field('Days', days),
    field('Seed', seed, 'Same scenario and seed give the same result'),
    field('Weekday opens', weekdays, 'Times the user opens the app on weekdays, e.g. 08:05, 12:30, 21:40'),
    field('Weekend opens', weekends),
    field('Jitter (min)', jitter, '± minutes around each open'),
    field('Network', network),
    field('Force-quit after use (%)', forceQuit, 'Chance the user swipes the app away in the app switcher after each session'),
    h('div', { class: 'checks' }, check('Charges overnight', charging), ...toggles.map(([, el, label]) => check(label, el))),
    h('div', { class: 'buttons' }, button('load', 'folder-opened', 'Load…', post.load), button('save', 'save', 'Save…', post.save)),
  );
  root.addEventListener('submit', (e) => e.preventDefault());

  const setValue = (el: HTMLInputElement | HTMLSelectElement, value: string): void => {
    if (document.activeElement !== el || el instanceof HTMLSelectElement) el.value = value;
  };
  return {
    root,
    sync(state) {
      const sc = state.scenario;
      setValue(preset, state.presetId ?? '');
      setValue(days, String(sc.days));
      setValue(seed, String(sc.seed));
      setValue(weekdays, usageTimes(sc, 'weekdays').join(', '));
      setValue(weekends, usageTimes(sc, 'weekends').join(', '));
      setValue(jitter, String(sc.usage.sessions[0]?.jitterMinutes ?? 0));
      setValue(network, sc.device.baseline.network);
      setValue(forceQuit, String(Math.round(sc.usage.forceQuitAfterSessionProbability * 100)));
      charging.checked = sc.device.charging.length > 0;
      for (const [key, el] of toggles) el.checked = sc.device.baseline[key];
    },
  };
}
