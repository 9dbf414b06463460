/// <reference types="vscode-webview" />
/**
 * Webview entry: wires the host messages, the controls and the pure reducer to the DOM. The
 * engine runs here, in the webview, so every control re-runs the simulation without a round trip.
 */
import { isToWebview, type FromWebview } from '../../../server/src/protocol/simulatorMessages';
import { DAY, HOUR, MINUTE, formatTime } from '../../../server/src/simulator/index';
import { buildControls } from './controls';
import { deriveResult } from './derive';
import { h, icon, replaceChildren } from './dom';
import { renderDayEvents, renderHints, renderStats, renderWhyNot } from './panels';
import { persistable, reduce, restore, viewRange, type Action, type ViewState, type Zoom } from './state';
import { geometry, renderTimeline } from './timeline';

const vscode = acquireVsCodeApi();
let state: ViewState = restore(vscode.getState());

function post(message: FromWebview): void {
  vscode.postMessage(message);
}

const controls = buildControls(dispatch, {
  load: () => post({ type: 'loadScenario' }),
  save: () => post({ type: 'saveScenario', scenario: state.scenario, suggestedName: `${slug(state.scenario.name)}.bgscenario.json` }),
});
const status = h('div', { class: 'status', role: 'status', 'aria-live': 'polite' });
const timelineBox = h('div', {
  class: 'timeline-box',
  tabindex: 0,
  role: 'slider',
  'aria-label': 'Timeline cursor: arrow keys move 15 minutes, Shift+arrow an hour, Page Up/Down a day',
  'aria-valuemin': 0,
});
const legend = h(
  'div',
  { class: 'legend', 'aria-hidden': 'true' },
  ...[
    ['marker-complete', 'completed'],
    ['marker-expire', 'expired'],
    ['marker-kill', 'killed'],
    ['marker-crash', 'crashed'],
    ['action-mark', 'user action'],
    ['pending', 'pending (deferred)'],
    ['band-app', 'app in use'],
    ['band-charging', 'charging'],
    ['band-network-cellular', 'cellular'],
    ['band-network-none', 'no network'],
    ['band-lpm', 'Low Power Mode'],
  ].map(([cls, label]) => h('span', { class: 'legend-item' }, h('span', { class: `swatch ${cls}` }), label)),
);
const zoom = h('select', { id: 'zoom', 'aria-label': 'Timeline zoom' }, h('option', { value: 'all' }, 'All days'), h('option', { value: 'week' }, 'Week around cursor'), h('option', { value: 'day' }, 'Cursor day'));
zoom.addEventListener('change', () => dispatch({ type: 'zoom', zoom: zoom.value as Zoom }));
const panels = h('div', { class: 'panels' });
const app = document.getElementById('app') ?? document.body;
app.replaceChildren(
  h('header', { class: 'title' }, icon('pulse'), h('h1', {}, 'Scheduler Simulator'), h('span', { class: 'muted' }, ' — when would iOS run these tasks, and why not?')),
  controls.root,
  status,
  h('section', { class: 'timeline-section', 'aria-label': 'Timeline' }, h('div', { class: 'timeline-head' }, legend, h('label', { class: 'check', for: 'zoom' }, icon('zoom-in'), zoom)), timelineBox),
  panels,
);

function dispatch(action: Action): void {
  state = reduce(state, action);
  vscode.setState(persistable(state));
  render();
}

let rendered: { width: number; from: number; to: number } | null = null;

function render(): void {
  controls.sync(state);
  if (state.status) {
    replaceChildren(
      status,
      h('div', { class: `status-${state.status.kind}` }, icon(state.status.kind === 'error' ? 'error' : 'info'), ` ${state.status.text}`, state.status.details ? h('ul', {}, ...state.status.details.map((d) => h('li', {}, d))) : null),
    );
  } else {
    status.replaceChildren();
  }
  const result = deriveResult(state.tasks, state.scenario);
  const width = Math.max(640, Math.floor(timelineBox.clientWidth || 1000));
  const view = viewRange(state);
  zoom.value = state.zoom;
  timelineBox.replaceChildren(renderTimeline(result, width, view, state.cursor, state.focusTaskId));
  timelineBox.setAttribute('aria-valuemax', String(result.durationSeconds));
  timelineBox.setAttribute('aria-valuenow', String(state.cursor));
  timelineBox.setAttribute('aria-valuetext', formatTime(state.cursor));
  rendered = { width, ...view };
  replaceChildren(
    panels,
    state.initialized ? null : h('p', { class: 'muted' }, icon('loading', 'codicon-modifier-spin'), ' Waiting for the workspace’s tasks…'),
    renderStats(result, state.focusTaskId),
    h('div', { class: 'two-col' }, renderWhyNot(result, state.cursor, state.focusTaskId), renderHints(result)),
    renderDayEvents(result, state.cursor),
  );
  document.body.dataset.days = String(state.scenario.days);
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  // Untrusted input: anything that is not a well-formed ToWebview message is dropped.
  if (!isToWebview(event.data)) return;
  dispatch({ type: 'host', message: event.data });
});

timelineBox.addEventListener('keydown', (e) => {
  const step = e.shiftKey ? HOUR : 15 * MINUTE;
  const moves: Record<string, number> = { ArrowLeft: -step, ArrowRight: step, PageUp: -DAY, PageDown: DAY };
  if (e.key in moves) dispatch({ type: 'cursorStep', seconds: moves[e.key] });
  else if (e.key === 'Home') dispatch({ type: 'cursor', t: 0 });
  else if (e.key === 'End') dispatch({ type: 'cursor', t: Number.MAX_SAFE_INTEGER });
  else return;
  e.preventDefault();
});

timelineBox.addEventListener('click', (e) => {
  const target = e.target as Element;
  const marker = target.closest('[data-reveal-task]');
  if (marker) return; // handled by the document-level reveal handler
  const svg = timelineBox.querySelector('svg');
  if (!svg || !rendered) return;
  const box = svg.getBoundingClientRect();
  const g = geometry(rendered.width, rendered.from, rendered.to);
  const t = g.t(((e.clientX - box.left) / box.width) * rendered.width);
  const lane = target.closest('[data-task-id]');
  if (lane) dispatch({ type: 'focus', taskId: lane.getAttribute('data-task-id') });
  if (t >= 0) dispatch({ type: 'cursor', t });
});

document.addEventListener('click', (e) => {
  const el = (e.target as Element).closest('[data-reveal-task]');
  if (!el) return;
  const taskId = el.getAttribute('data-reveal-task')!;
  const site = el.getAttribute('data-reveal-site');
  if (site === 'register' || site === 'submit' || site === 'permitted') post({ type: 'reveal', taskId, site });
  const run = el.getAttribute('data-run');
  const time = el.getAttribute('data-time');
  const result = deriveResult(state.tasks, state.scenario);
  if (run !== null && result.runs[Number(run)]) dispatch({ type: 'cursor', t: result.runs[Number(run)].start });
  else if (time !== null) dispatch({ type: 'cursor', t: Number(time) });
  dispatch({ type: 'focus', taskId });
});

new ResizeObserver(() => {
  const width = Math.max(640, Math.floor(timelineBox.clientWidth || 1000));
  if (rendered && Math.abs(rendered.width - width) > 8) render();
}).observe(timelineBox);

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'scenario';
}

render();
post({ type: 'ready' });
