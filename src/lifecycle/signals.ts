/**
 * SIGINT/SIGTERM abort the run instead of killing the process, so child processes are stopped, temp
 * secret files removed and Vault tokens revoked before we exit 130/143. A second signal exits at once.
 */
export type StopSignal = 'SIGINT' | 'SIGTERM';
export const SIGNAL_EXIT_CODES: Record<StopSignal, number> = { SIGINT: 130, SIGTERM: 143 };

export interface SignalScope {
  signal: AbortSignal;
  /** The signal that stopped the run, if any. */
  received(): StopSignal | null;
  dispose(): void;
}

export function trapSignals(): SignalScope {
  const controller = new AbortController();
  let got: StopSignal | null = null;
  const handler = (sig: StopSignal) => {
    if (got) process.exit(SIGNAL_EXIT_CODES[got]);
    got = sig;
    controller.abort(sig);
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
