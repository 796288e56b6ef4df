// Fault rules: which request (by route and by ordinal among matching requests) gets which fault.
import type { FaultAction, FaultRule } from './types.ts';

const ACTIONS: readonly FaultAction[] = [
  'reset-before-body',
  'reset-after-body',
  'hang',
  'truncated-json',
  'reset-mid-response',
  'html',
  'apply-then-status',
];

export interface ActiveFault {
  rule: FaultRule;
  /** Status to answer with instead of running the handler, when the rule has `statuses`. */
  status?: number;
  label: string;
}

interface Armed {
  rule: FaultRule;
  seen: number;
}

export class FaultInjector {
  private armed: Armed[] = [];
  private readonly knows: (route: string) => boolean;

  /** `knows` says whether a route key or operationId exists, so typos fail loudly. */
  constructor(knows: (route: string) => boolean) {
    this.knows = knows;
  }

  inject(rule: FaultRule): void {
    if (typeof rule.route !== 'string' || !rule.route) throw new Error('fault rule needs a route');
    if (rule.route !== '*' && !this.knows(rule.route)) throw new Error(`fault rule: unknown route '${rule.route}'`);
    if (rule.action !== undefined && !ACTIONS.includes(rule.action)) {
      throw new Error(`fault rule: unknown action '${String(rule.action)}'`);
    }
    if (rule.statuses && (!Array.isArray(rule.statuses) || !rule.statuses.length)) {
      throw new Error('fault rule: statuses must be a non-empty array');
    }
    if (!rule.statuses && !rule.action && rule.latencyMs === undefined && !rule.headers) {
      throw new Error('fault rule has no effect: give statuses, action, latencyMs or headers');
    }
    this.armed.push({ rule: structuredClone(rule), seen: 0 });
  }

  clear(): void {
    this.armed = [];
  }

  /** Counts this request against every matching rule; the first rule whose window covers it applies. */
  pick(routeKey: string, operationId: string | null): ActiveFault | undefined {
    let chosen: ActiveFault | undefined;
    for (const a of this.armed) {
      const r = a.rule;
      if (r.route !== '*' && r.route !== routeKey && r.route !== operationId) continue;
      a.seen += 1;
      const from = r.from ?? 1;
      const to = r.to ?? (r.statuses ? from + r.statuses.length - 1 : Infinity);
      if (chosen || a.seen < from || a.seen > to) continue;
      const idx = a.seen - from;
      const status = r.statuses ? (r.statuses[Math.min(idx, r.statuses.length - 1)] ?? undefined) : undefined;
      const label = r.action ?? (status !== undefined ? `status ${status}` : r.latencyMs !== undefined ? 'latency' : 'headers');
      chosen = status !== undefined ? { rule: r, status, label } : { rule: r, label };
    }
    return chosen;
  }
}
