// Abortable waits. Every pause in the stand-in goes through here so that an abort (client gone, or
// close()) clears its timer at once and nothing keeps the process alive.

export class AbortedError extends Error {
  constructor() {
    super('aborted');
    this.name = 'AbortError';
  }
}

/**
 * Resolves after `ms` (a zero wait still yields to the event loop, so a disconnect can be noticed between
 * tokens); rejects with AbortedError as soon as `signal` aborts, with the timer cleared.
 */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new AbortedError());
      return;
    }
    const done = (): void => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    };
    const timer = ms > 0 ? setTimeout(done, ms) : undefined;
    const immediate = ms > 0 ? undefined : setImmediate(done);
    const onAbort = (): void => {
      if (timer) clearTimeout(timer);
      if (immediate) clearImmediate(immediate);
      reject(new AbortedError());
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Resolves when `signal` aborts (used to hold a stalled response until its client leaves). */
export function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/** Races `promise` against `signal`; rejects with AbortedError on abort (the promise itself runs on). */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new AbortedError());
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(new AbortedError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

export const nowNs = (): bigint => process.hrtime.bigint();

/** Nanoseconds between two hrtime readings, as a JSON-safe number. */
export const elapsedNs = (from: bigint, to: bigint = nowNs()): number => Number(to - from);
