// A concurrency limiter per endpoint. Ollama serves OLLAMA_NUM_PARALLEL requests per model at once and
// queues the rest with no response started, where they look exactly like a stalled server. Holding
// the extra requests here instead keeps them cancellable without any HTTP traffic, keeps their order
// (FIFO), and lets every caller of one server (the sampler, the verifier, the model picker) share one
// budget of slots through the registry below.
import { abortErrorFrom } from './errors';
import { allowManyListeners } from './signals';

/** Gives the slot back. Calling it more than once is harmless. */
export type Release = () => void;

interface Waiter {
  readonly grant: (release: Release) => void;
}

export class ConcurrencyLimiter {
  #slots: number;
  #active = 0;
  readonly #queue: Waiter[] = [];

  constructor(slots: number) {
    this.#slots = checkSlots(slots);
  }

  get slots(): number {
    return this.#slots;
  }
  /** Slots in use now. */
  get active(): number {
    return this.#active;
  }
  /** Callers waiting for a slot. */
  get waiting(): number {
    return this.#queue.length;
  }

  /** Changes the number of slots; more slots admit waiters at once, fewer take effect as slots free up. */
  resize(slots: number): void {
    this.#slots = checkSlots(slots);
    this.#drain();
  }

  /**
   * Waits for a free slot, first come first served. If `signal` fires while waiting, the caller leaves
   * the queue and the promise rejects with an AbortError.
   */
  acquire(signal: AbortSignal): Promise<Release> {
    if (signal.aborted) return Promise.reject(abortErrorFrom(signal));
    if (this.#active < this.#slots && this.#queue.length === 0) return Promise.resolve(this.#take());
    allowManyListeners(signal);
    return new Promise<Release>((resolve, reject) => {
      const waiter: Waiter = {
        grant: (release) => {
          signal.removeEventListener('abort', onAbort);
          resolve(release);
        },
      };
      const onAbort = (): void => {
        const index = this.#queue.indexOf(waiter);
        if (index >= 0) this.#queue.splice(index, 1);
        reject(abortErrorFrom(signal));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.#queue.push(waiter);
    });
  }

  /** Runs `task` inside a slot; the slot is released however `task` ends. */
  async run<T>(task: () => Promise<T>, signal: AbortSignal): Promise<T> {
    const release = await this.acquire(signal);
    try {
      return await task();
    } finally {
      release();
    }
  }

  #take(): Release {
    this.#active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#active--;
      this.#drain();
    };
  }

  #drain(): void {
    while (this.#active < this.#slots) {
      const next = this.#queue.shift();
      if (!next) return;
      next.grant(this.#take());
    }
  }
}

function checkSlots(slots: number): number {
  if (!Number.isInteger(slots) || slots < 1) throw new RangeError(`limiter slots must be a positive integer, got ${slots}`);
  return slots;
}

const registry = new Map<string, ConcurrencyLimiter>();

/**
 * The one limiter of an endpoint (key: its normalised base URL), created on first use with `slots`.
 * A later caller that asks for a different number resizes it: the most recent configuration wins,
 * so a settings change applies to requests already queued.
 */
export function endpointLimiter(endpoint: string, slots: number): ConcurrencyLimiter {
  const existing = registry.get(endpoint);
  if (existing) {
    if (existing.slots !== slots) existing.resize(slots);
    return existing;
  }
  const created = new ConcurrencyLimiter(slots);
  registry.set(endpoint, created);
  return created;
}
