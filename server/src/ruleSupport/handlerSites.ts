/** The task handlers reachable from registrations: each handler once, with the identifiers it serves. */
import type { RuleAnalysis as Analysis, HandlerRef, RegSite } from '../analysis/model/analysis';
import type { Stmt } from '../analysis/model/facts';

export interface HandlerSite {
  ref: HandlerRef;
  /** Registrations whose handler is (or hands the task to) this one. */
  regs: RegSite[];
  /** True for the handler a registration names directly; false for one reached by a handoff. */
  root: boolean;
  /** Reached only because another handler handed it the task (a callee that returns to its caller). */
  handedOff: boolean;
}

export function handlerSites(analysis: Analysis): HandlerSite[] {
  const byKey = new Map<string, HandlerSite>();
  const walk = (start: HandlerRef, reg: RegSite | undefined, isRootStart: boolean) => {
    const queue: { ref: HandlerRef; root: boolean; handedOff: boolean }[] = [{ ref: start, root: isRootStart, handedOff: false }];
    const seen = new Set<string>();
    while (queue.length) {
      const { ref, root: isRoot, handedOff } = queue.shift()!;
      const key = `${ref.file}#${ref.index}`;
      if (seen.has(key)) continue;
      seen.add(key);
      let site = byKey.get(key);
      if (!site) byKey.set(key, (site = { ref, regs: [], root: isRoot, handedOff }));
      else if (!handedOff) site.handedOff = false;
      if (reg && !site.regs.includes(reg)) site.regs.push(reg);
      visit(ref.handler.body, (s) => {
        if (s.k !== 'handoff') return;
        const t = analysis.handoffTarget(s.name, s.labels, s.argIndex, s.receiver, ref.file);
        if (t) queue.push({ ref: t, root: false, handedOff: true });
      });
    }
  };
  for (const reg of analysis.registrations()) {
    if (reg.reg.kind === 'swiftui') continue;
    const root = analysis.handlerOf(reg);
    if (root) walk(root, reg, true);
    // More callbacks of the same registration (react-native-background-fetch's onTimeout) must complete too.
    const facts = reg.reg.extraHandlers?.length ? analysis.sourceFacts(reg.file) : undefined;
    for (const i of reg.reg.extraHandlers ?? []) {
      const h = facts?.handlers[i];
      if (h) walk({ file: reg.file, index: i, handler: h }, reg, false);
    }
  }
  // Handlers by construction, registered through names at run time (Expo tasks, Capacitor runner events).
  for (const facts of analysis.files()) {
    facts.handlers.forEach((h, i) => {
      if (h.standalone) walk({ file: facts.file, index: i, handler: h }, undefined, true);
    });
  }
  return [...byKey.values()];
}

export function visit(stmts: Stmt[], f: (s: Stmt) => void): void {
  for (const s of stmts) {
    f(s);
    if (s.k === 'if') for (const a of s.arms) visit(a, f);
    else if (s.k === 'loop' || s.k === 'defer' || s.k === 'closure' || s.k === 'expiration') visit(s.body, f);
    else if (s.k === 'do') {
      visit(s.body, f);
      for (const c of s.catches) visit(c, f);
    }
  }
}

export function idsOf(analysis: Analysis, site: HandlerSite): string {
  if (site.ref.handler.standalone) return site.ref.handler.standalone.label;
  const ids = [...new Set(site.regs.map((r) => (r.id.value !== undefined ? `"${analysis.display(r.id.value, r.scopes[0])}"` : undefined)).filter(Boolean))];
  return ids.length ? ids.join(', ') : 'this task';
}
