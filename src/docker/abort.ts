/** An abortable wait: every wait in the docker plugin honours the run's AbortSignal. */
import { CancelledError } from '../errors.js';

/** setTimeout that rejects with CancelledError as soon as the signal aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(CancelledError.from(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(CancelledError.from(signal));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
