import type { Change, GuardReport } from './summary.ts';

/**
 * The destructive-change guard, run on the plan and again at apply on the reviewed file: more
 * deletes, replaces and forgets than `max-destroy`, or any of them on a `protected-resources`
 * match, blocks. Allowances live in the workflow (reviewed code), never in labels or comments.
 *
 * A pattern matches a change's address or its type. `*` matches within one part of an address
 * (not across `.`), `**` across parts, `?` one character; anything else is literal:
 * `aws_db_instance`, `module.data.**`, `aws_s3_bucket.logs*`, `ansible.builtin.user`.
 */

export function globRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      re += '.*';
      i++;
    } else if (c === '*') re += '[^.]*';
    else if (c === '?') re += '.';
    else re += c.replace(/[\\^$+.()|{}[\]]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

export interface GuardSettings {
  maxDestroy: number;
  protectedResources: readonly string[];
}

export function matchesProtected(change: Pick<Change, 'address' | 'type'>, patterns: readonly RegExp[]): boolean {
  return patterns.some((p) => p.test(change.address) || p.test(change.type));
}

/** The guard's verdict; `changes` come back with `protected` set where a pattern matched. */
export function guard(changes: readonly Change[], s: GuardSettings): { changes: Change[]; report: GuardReport } {
  const patterns = s.protectedResources.map(globRegExp);
  const marked = changes.map((c) => ({ ...c, protected: matchesProtected(c, patterns) }));
  const destructive = marked.filter((c) => c.destructive);
  const hits = destructive.filter((c) => c.protected).map((c) => c.address);
  const reasons: string[] = [];
  if (destructive.length > s.maxDestroy) {
    reasons.push(`${destructive.length} deletion${destructive.length === 1 ? '' : 's'} or replacement${destructive.length === 1 ? '' : 's'}, more than max-destroy (${s.maxDestroy})`);
  }
  for (const h of hits) reasons.push(`${h} is protected (protected-resources) and would be ${describe(marked.find((c) => c.address === h)!)}`);
  return {
    changes: marked,
    report: {
      max_destroy: Number.isFinite(s.maxDestroy) ? s.maxDestroy : 'unlimited',
      destroy: destructive.length,
      protected_hits: hits,
      verdict: reasons.length > 0 ? 'blocked' : 'ok',
      reasons,
    },
  };
}

function describe(c: Change): string {
  return c.action === 'replace' ? 'replaced' : c.action === 'forget' ? 'forgotten (removed from the state)' : 'deleted';
}
