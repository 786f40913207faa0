/**
 * SIGINT/SIGTERM abort the run instead of killing the process, so child processes are stopped, temp
 * secret files removed and Vault tokens revoked before we exit 130/143. A second signal exits at once,
 * except while a previous deployment is being brought back (see finishBeforeExit); a third always does.
 * GitHub cancels a job with SIGINT, then SIGTERM 7.5 s later, then SIGKILL.
 */
export type StopSignal = 'SIGINT' | 'SIGTERM';
export const SIGNAL_EXIT_CODES: Record<StopSignal, number> = { SIGINT: 130, SIGTERM: 143 };

export interface SignalScope {
  signal: AbortSignal;
  /** The signal that stopped the run, if any. */
  received(): StopSignal | null;
  dispose(): void;
}

/** Work that a second signal waits for before exiting: short, and worse left half done. */
const unfinished = new Set<Promise<unknown>>();

/**
 * `work` restores what serves users (a previous container started again): exiting halfway would leave
 * nothing serving. It must end promptly once the run is aborted.
 */
export function finishBeforeExit<T>(work: Promise<T>): Promise<T> {
  const settled = work.then(
    () => undefined,
    () => undefined,
  );
  unfinished.add(settled);
  void settled.then(() => unfinished.delete(settled));
  return work;
}

export function trapSignals(): SignalScope {
  const controller = new AbortController();
  let got: StopSignal | null = null;
  let count = 0;
  const handler = (sig: StopSignal) => {
    count++;
    if (!got) {
      got = sig;
      return controller.abort(sig);
    }
    const exit = () => process.exit(SIGNAL_EXIT_CODES[got!]);
    if (count > 2 || unfinished.size === 0) exit();
    else void Promise.all(unfinished).then(exit);
  };
  const onInt = () => handler('SIGINT');
  const onTerm = () => handler('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return {
    signal: controller.signal,
    received: () => got,
    dispose: () => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    },
  };
}
