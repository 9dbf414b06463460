/**
 * The panels under the timeline: "why not" at the cursor, the events of the cursor's day, the
 * stats table with freshness, and the code hints. Elements that reveal source carry
 * data-reveal-task / data-reveal-site; main.ts handles the clicks.
 */
import { DAY, crashSummary, formatDuration, formatTime, submitSummary, whyNot } from '../../../server/src/simulator/index';
import type { Hint, SimEvent, SimTask, SimulationResult, TaskStats } from '../../../server/src/simulator/index';
import { h, icon } from './dom';

const STATUS_ICON: Record<string, string> = { pending: 'watch', running: 'play', notPending: 'circle-slash', notSimulated: 'question' };

export function renderWhyNot(r: SimulationResult, cursor: number, focusTaskId: string | null): HTMLElement {
  const ordered = [...r.tasks].sort((a, b) => Number(b.id === focusTaskId) - Number(a.id === focusTaskId));
  const list = h('ul', { class: 'whynot-list' });
  for (const task of ordered) {
    const a = whyNot(r, task.id, cursor);
    const item = h(
      'li',
      { class: `whynot whynot-${a.status}${task.id === focusTaskId ? ' focused' : ''}`, 'data-task-id': task.id },
      h('div', { class: 'whynot-head' }, icon(STATUS_ICON[a.status] ?? 'circle'), h('strong', {}, task.id), h('span', { class: 'whynot-summary' }, ` ${a.summary}`)),
    );
    if (a.reasons.length > 0) {
      item.append(
        h('ul', { class: 'reasons' }, ...a.reasons.map((x) => h('li', { class: `reason reason-${x.category}` }, h('span', {}, x.text), h('span', { class: 'fact' }, ` — ${x.fact}`)))),
      );
    }
    list.append(item);
  }
  return h('section', { class: 'panel', 'aria-labelledby': 'whynot-title' }, h('h2', { id: 'whynot-title' }, icon('question'), ` Why not? at ${formatTime(cursor)}`), list);
}

const EVENT_ICON: Record<SimEvent['kind'], string> = {
  submit: 'arrow-up',
  eligible: 'pass',
  deferred: 'watch',
  launch: 'rocket',
  complete: 'check',
  expire: 'clock',
  kill: 'close',
  crash: 'bug',
  fail: 'error',
  action: 'person',
};

/** Launches, ends, failures and submits on the cursor's day, as buttons that reveal the code. */
export function renderDayEvents(r: SimulationResult, cursor: number): HTMLElement {
  const day = Math.floor(cursor / DAY);
  const events = r.events.filter((e) => Math.floor(e.t / DAY) === day && e.kind !== 'deferred' && e.kind !== 'eligible');
  const shown = events.slice(0, 200);
  const list = h('ol', { class: 'events' });
  for (const e of shown) {
    list.append(
      h(
        'li',
        {},
        h(
          'button',
          { type: 'button', class: `event event-${e.kind}${e.error ? ' event-error' : ''}`, 'data-reveal-task': e.taskId, 'data-reveal-site': e.site ?? 'register', 'data-time': e.t, title: 'Reveal in editor' },
          icon(EVENT_ICON[e.kind]),
          h('span', { class: 'event-time' }, formatTime(e.t).replace(/^day \d+ /, '')),
          h('span', { class: 'event-kind' }, e.kind),
          h('span', { class: 'event-task' }, e.taskId),
          h('span', { class: 'event-detail' }, e.detail),
        ),
      ),
    );
  }
  const more = events.length > shown.length ? h('p', { class: 'muted' }, `${events.length - shown.length} more events on this day are not listed.`) : null;
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'events-title' },
    h('h2', { id: 'events-title' }, icon('list-ordered'), ` Events on day ${day}`),
    shown.length === 0 ? h('p', { class: 'muted' }, 'No launches or submissions on this day.') : list,
    more,
  );
}

export function renderStats(r: SimulationResult, focusTaskId: string | null): HTMLElement {
  const head = ['Task', 'Kind', 'Launches/day', 'Success', 'Mean delay past earliestBeginDate', 'Freshness p50', 'Freshness p95', 'App submits (from the code)', 'Outcomes'];
  const table = h('table', { class: 'stats' }, h('thead', {}, h('tr', {}, ...head.map((x) => h('th', { scope: 'col' }, x)))));
  const body = h('tbody');
  for (const st of r.stats) {
    const task = r.tasks.find((t) => t.id === st.taskId)!;
    body.append(
      h(
        'tr',
        { class: st.taskId === focusTaskId ? 'focused' : undefined, 'data-task-id': st.taskId },
        h('th', { scope: 'row' }, revealButton(task, st.taskId)),
        h('td', {}, st.kind),
        h('td', { class: 'num' }, st.launchesPerDay.toFixed(2)),
        h('td', { class: 'num' }, st.successRate === null ? '—' : `${Math.round(st.successRate * 100)}%`),
        h('td', { class: 'num' }, st.meanDelaySeconds === null ? '—' : formatDuration(st.meanDelaySeconds)),
        h('td', { class: 'num' }, freshness(st, st.freshnessP50Seconds)),
        h('td', { class: 'num' }, freshness(st, st.freshnessP95Seconds)),
        h('td', { class: 'submits' }, submitSummary(task, r.scenario)),
        h('td', {}, outcomes(st), crashBadge(task)),
      ),
    );
  }
  table.append(body);
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'stats-title' },
    h('h2', { id: 'stats-title' }, icon('graph'), ' Statistics'),
    r.tasks.length === 0 ? h('p', { class: 'muted' }, 'No background tasks were found in the workspace.') : h('div', { class: 'table-scroll' }, table),
    h('p', { class: 'muted' }, `Freshness: time since the last successful run whenever the user opens the app (${r.app.opens} opens). Standing (penalty model): final ${r.app.finalStanding}, lowest ${r.app.minStanding}.`),
  );
}

export function renderHints(r: SimulationResult): HTMLElement {
  const list = h('ul', { class: 'hints' });
  for (const hint of r.hints) {
    const task = r.tasks.find((t) => t.id === hint.taskId);
    list.append(
      h(
        'li',
        { class: `hint hint-${hint.severity}` },
        icon(hint.severity === 'error' ? 'error' : hint.severity === 'warning' ? 'warning' : 'info'),
        h('strong', {}, ` ${hint.taskId}: `),
        h('span', {}, hint.text),
        task && hintSite(task, hint) ? h('button', { type: 'button', class: 'link', 'data-reveal-task': task.id, 'data-reveal-site': hintSite(task, hint)! }, 'Show code') : null,
      ),
    );
  }
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'hints-title' },
    h('h2', { id: 'hints-title' }, icon('lightbulb'), ' Hints from the code'),
    r.hints.length === 0 ? h('p', { class: 'muted' }, 'Nothing in the code stops a chain.') : list,
  );
}

function hintSite(task: SimTask, hint: Hint): string | null {
  const order = [hint.site, 'register', 'submit', 'permitted'] as const;
  for (const site of order) if (site && task.sites[site]) return site;
  return null;
}

function revealButton(task: SimTask, label: string): HTMLElement {
  const site = task.sites.register ? 'register' : task.sites.submit ? 'submit' : task.sites.permitted ? 'permitted' : null;
  if (!site) return h('span', {}, label);
  return h('button', { type: 'button', class: 'link', 'data-reveal-task': task.id, 'data-reveal-site': site, title: `Reveal the ${site} site` }, label);
}

/** "crashes at launch: as! cast crashes", shown with the outcomes when the analysis found a crash. */
function crashBadge(task: SimTask): HTMLElement | null {
  const c = crashSummary(task);
  return c ? h('span', { class: 'crash-badge', title: task.launchCrash?.text ?? '' }, ' ', icon('bug'), ` ${task.launchCrash ? 'crashes at launch' : 'never completes'}: ${c}`) : null;
}

function freshness(s: TaskStats, v: number | null): string {
  if (v !== null) return formatDuration(v);
  return s.opens === 0 ? '—' : 'never';
}

function outcomes(s: TaskStats): string {
  const parts = [`${s.completes} completed`];
  if (s.expires) parts.push(`${s.expires} expired`);
  if (s.kills) parts.push(`${s.kills} killed`);
  if (s.crashes) parts.push(`${s.crashes} crashed`);
  for (const [k, n] of Object.entries(s.submitFailures)) parts.push(`${n} submit ${k}`);
  return parts.join(', ');
}
