/**
 * One time budget shared by everything a step waits on (a Nomad deploy's nomad-pack child and blocking
 * queries; a registry transfer and its retries), with the run's cancellation folded in. Failures caused
 * by the budget running out become one timeout error; cancellation stays a CancelledError so the CLI
 * exits 130/143.
 */
import { CancelledError, UserError } from '../errors.js';

export class Deadline {
  readonly signal: AbortSignal;
  private readonly timeout = new AbortController();
  private readonly endsAt: number;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly cancel: AbortSignal,
    budgetMs: number,
  ) {
    this.endsAt = Date.now() + budgetMs;
    // setTimeout fires at once for delays past 2^31-1 ms (~24 days): no budget that long is meant.
    this.timer = setTimeout(() => this.timeout.abort(new Error('deadline')), Math.min(budgetMs, 2 ** 31 - 1));
    this.timer.unref();
    this.signal = AbortSignal.any([cancel, this.timeout.signal]);
  }

  remainingMs(): number {
    return Math.max(0, this.endsAt - Date.now());
  }

  get expired(): boolean {
    return this.timeout.signal.aborted && !this.cancel.aborted;
  }

  /** Stops the timer; call when the guarded work is over. */
  dispose(): void {
    clearTimeout(this.timer);
  }

  /** Runs `work`; if it fails because time ran out or the run was cancelled, says so instead. */
  async guard<T>(work: () => Promise<T>, onTimeout: () => UserError): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (this.cancel.aborted) throw err instanceof CancelledError ? err : CancelledError.from(this.cancel);
      if (this.expired) throw onTimeout();
      throw err;
    }
  }
}

/** `10m`, `1m30s`, `450ms` — how a budget reads in an error. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const s = Math.round(ms / 1000);
  const [h, m, sec] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  return [h && `${h}h`, m && `${m}m`, sec && `${sec}s`].filter(Boolean).join('');
}
