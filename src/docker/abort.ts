/** Cancellation helpers: every wait in the docker plugin honours the run's AbortSignal. */
import { CancelledError } from '../errors.js';

export function cancelledBy(signal: AbortSignal): CancelledError {
  const reason: unknown = signal.reason;
  return new CancelledError(reason === 'SIGINT' || reason === 'SIGTERM' ? reason : null);
}

/** setTimeout that rejects with CancelledError as soon as the signal aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(cancelledBy(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelledBy(signal));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
