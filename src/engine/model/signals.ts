// One AbortSignal usually stands for a whole solve and is shared by every model call in it: hundreds of
// waiting calls each listen to it. That is by design, so Node's "possible EventTarget memory leak"
// warning (more than 10 listeners) would be a false alarm printed into the user's log.
import { setMaxListeners } from 'node:events';

const raised = new WeakSet<AbortSignal>();

/** Lets any number of calls listen to `signal` (each removes its listener when it ends). */
export function allowManyListeners(signal: AbortSignal): void {
  if (raised.has(signal)) return;
  raised.add(signal);
  // Set unconditionally: Node 20's getMaxListeners() throws for an AbortSignal whose limit is already 0.
  setMaxListeners(0, signal);
}
