/**
 * Terraform's and OpenTofu's machine-readable UI (`plan|apply -json`, internals/machine-readable-ui):
 * one JSON object per line. From it the action learns what the tool said (diagnostics), whether an
 * apply touched anything (`apply_start`: from then on the saved plan is stale), what it finished
 * (`apply_complete`), and who holds a state lock — from the structured diagnostic, not stderr text.
 * Each line also becomes one readable log line.
 */

export interface TfDiagnostic {
  severity: 'error' | 'warning';
  summary: string;
  detail: string;
  address?: string;
}

/** Terraform's LockInfo as it marshals it (statemgr.LockInfo): what `lock-info` outputs. */
export interface LockInfo {
  ID: string;
  Path: string;
  Operation: string;
  Who: string;
  Version: string;
  Created: string;
  Info: string;
}

export class TfStream {
  readonly diagnostics: TfDiagnostic[] = [];
  /** Addresses whose apply started (in order). */
  readonly started: string[] = [];
  readonly completed: string[] = [];
  readonly errored: string[] = [];
  interrupted = false;

  /** Reads one stdout line; returns the text to log (or undefined for nothing). */
  line(raw: string): string | undefined {
    if (!raw.startsWith('{')) return raw;
    let m: Record<string, unknown>;
    try {
      m = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return raw;
    }
    const message = typeof m['@message'] === 'string' ? m['@message'] : '';
    const hook = m['hook'] as { resource?: { addr?: unknown } } | undefined;
    const addr = typeof hook?.resource?.addr === 'string' ? hook.resource.addr : undefined;
    switch (m['type']) {
      case 'diagnostic': {
        const d = m['diagnostic'] as Record<string, unknown> | undefined;
        const diag: TfDiagnostic = {
          severity: d?.['severity'] === 'warning' ? 'warning' : 'error',
          summary: String(d?.['summary'] ?? message),
          detail: String(d?.['detail'] ?? ''),
          ...(typeof d?.['address'] === 'string' ? { address: d['address'] } : {}),
        };
        this.diagnostics.push(diag);
        return `${diag.severity === 'error' ? 'Error' : 'Warning'}: ${diag.summary}${diag.detail ? `\n  ${diag.detail.split('\n').join('\n  ')}` : ''}`;
      }
      case 'apply_start':
        if (addr) this.started.push(addr);
        break;
      case 'apply_complete':
        if (addr) this.completed.push(addr);
        break;
      case 'apply_errored':
        if (addr) this.errored.push(addr);
        break;
      case 'log':
        if (/Interrupt received/.test(message)) this.interrupted = true;
        break;
      default:
        break;
    }
    return message.trim() === '' ? undefined : message.replace(/^\n+|\n+$/g, '');
  }

  get touched(): boolean {
    return this.started.length > 0;
  }

  errors(): TfDiagnostic[] {
    return this.diagnostics.filter((d) => d.severity === 'error');
  }
}

/** The lock holder from the "Error acquiring the state lock" diagnostic's detail (its "Lock Info:" block). */
export function lockInfoOf(diagnostics: readonly TfDiagnostic[]): LockInfo | undefined {
  const d = diagnostics.find((x) => /Error acquiring the state lock/i.test(x.summary));
  if (!d) return undefined;
  const field = (name: string): string => new RegExp(`^\\s*${name}:[ \\t]*(.*)$`, 'm').exec(d.detail)?.[1]?.trim() ?? '';
  return { ID: field('ID'), Path: field('Path'), Operation: field('Operation'), Who: field('Who'), Version: field('Version'), Created: field('Created'), Info: field('Info') };
}

export const isLockError = (diagnostics: readonly TfDiagnostic[]): boolean => diagnostics.some((d) => /Error acquiring the state lock/i.test(d.summary));
export const isStalePlan = (diagnostics: readonly TfDiagnostic[]): boolean => diagnostics.some((d) => /Saved plan is stale/i.test(d.summary));

/**
 * Provider and registry failures that go away on their own: throttling, 5xx, resets and timeouts.
 * Everything else (invalid configuration, authorisation, a lock) is not retried.
 */
const TRANSIENT =
  /RequestLimitExceeded|Throttl|TooManyRequests|rate exceeded|\b429\b|\b50[234]\b|Service Unavailable|Bad Gateway|Gateway Time-?out|connection reset|i\/o timeout|TLS handshake timeout|context deadline exceeded|unexpected EOF|Failed to query available provider packages|could not connect to registry|failed to request discovery document|Failed to install provider/i;

export function isTransient(texts: readonly string[]): boolean {
  return texts.some((t) => TRANSIENT.test(t)) && !texts.some((t) => /Error acquiring the state lock|AccessDenied|not authorized|Unauthorized|Forbidden|\b40[13]\b/i.test(t));
}
