/**
 * Runs deploy or release work inside the stanza's `timeout`, with a rollout watcher whose every
 * request the budget bounds; running out becomes one error saying what was last seen (or, when a
 * failed deployment's auto-revert was still being followed, that failure).
 */
import { UserError } from '../../errors.js';
import type { AppContext } from '../../lifecycle/context.js';
import type { NomadClient } from '../../nomad/client.js';
import { Deadline, formatDuration } from '../../util/deadline.js';
import { RolloutWatcher, type WatchSettings } from '../../nomad/watch.js';

/** Knobs tests turn down; production uses the watcher's defaults. */
export type WatchTuning = Pick<WatchSettings, 'blockingWaitMs' | 'rollbackAppearMs'>;

export async function withinTimeout<T>(
  ctx: AppContext,
  client: NomadClient,
  timeoutMs: number,
  what: string,
  tuning: WatchTuning,
  work: (watcher: RolloutWatcher, signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const deadline = new Deadline(ctx.signal, timeoutMs);
  const watcher = new RolloutWatcher({ client, log: ctx.log, signal: deadline.signal, ...tuning });
  try {
    return await deadline.guard(
      () => work(watcher, deadline.signal),
      () =>
        watcher.failureOnTimeout ??
        new UserError(
          `${what} did not finish within ${formatDuration(timeoutMs)}; last seen: ${watcher.lastSeen}`,
          'raise `timeout` in the stanza, or look at the job with `nomad job status`',
        ),
    );
  } finally {
    deadline.dispose();
  }
}
