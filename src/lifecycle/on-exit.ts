/**
 * Last-moment cleanup that must happen even when the process exits at once (a second SIGINT/SIGTERM
 * skips the orderly cancellation): synchronous steps run from one `exit` listener.
 */
const steps = new Set<() => void>();
let installed = false;

/** Registers a synchronous cleanup step; the returned function unregisters it once done the normal way. */
export function onExit(step: () => void): () => void {
  if (!installed) {
    process.once('exit', () => {
      for (const s of steps) {
        try {
          s();
        } catch {
          /* best effort: the process is going away */
        }
      }
    });
    installed = true;
  }
  steps.add(step);
  return () => void steps.delete(step);
}
