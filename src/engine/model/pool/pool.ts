// Several endpoints serving the same model, used as one LanguageModel. Each generation goes to the
// endpoint with the fewest requests outstanding among those with a free slot (ties: the first listed);
// when every slot is taken it waits, first come first served. An endpoint whose request fails for a
// reason that says the endpoint is unwell (nothing listening, connection lost, stalled, busy after its
// retries, stream cut) is set aside, and tried again after a backoff that doubles with each failure in a
// row (1 s … 30 s); a request that failed there before any token arrived is sent to another endpoint.
// Nothing else is shared or balanced: for one big model the answer is the server's own parallelism
// behind one URL (docs/scale.md). The same seed gives the same sample whichever endpoint serves it, as
// long as the endpoints serve the same model with the same settings.
import { abortErrorFrom, isModelError } from '../errors';
import { allowManyListeners } from '../signals';
import type { GenerationEvent, GenerationRequest, LanguageModel, ModelCapabilities } from '../types';

export interface PoolMember {
  readonly model: LanguageModel;
  /** For messages, e.g. the base URL. */
  readonly name: string;
  /** Requests at once at this endpoint. */
  readonly slots: number;
}

export interface PoolOptions {
  /** First backoff after a failure; doubles per failure in a row. Default 1000 ms. */
  readonly baseBackoffMs?: number;
  readonly maxBackoffMs?: number;
}

interface Endpoint {
  readonly member: PoolMember;
  outstanding: number;
  served: number;
  failuresInARow: number;
  /** performance.now() before which the endpoint is not used. */
  asideUntil: number;
}

/** Failures that say something about the endpoint rather than the request. */
const ENDPOINT_FAILURES = new Set(['server-not-running', 'connection-failed', 'stall', 'server-busy', 'stream-ended', 'server-error']);

export class EndpointPool implements LanguageModel {
  readonly label: string;
  readonly #endpoints: Endpoint[];
  readonly #baseBackoffMs: number;
  readonly #maxBackoffMs: number;
  #wakers: (() => void)[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(members: readonly PoolMember[], options: PoolOptions = {}) {
    if (members.length === 0) throw new RangeError('an endpoint pool needs at least one endpoint');
    for (const m of members) if (!Number.isInteger(m.slots) || m.slots < 1) throw new RangeError(`slots must be a positive integer, got ${m.slots}`);
    this.#endpoints = members.map((member) => ({ member, outstanding: 0, served: 0, failuresInARow: 0, asideUntil: 0 }));
    this.#baseBackoffMs = options.baseBackoffMs ?? 1000;
    this.#maxBackoffMs = options.maxBackoffMs ?? 30_000;
    this.label = `${members.length} endpoints (${members.map((m) => m.model.label).join('; ')})`;
  }

  /** Requests each endpoint has served (completed or not), in the order given. */
  served(): { name: string; served: number; setAside: boolean }[] {
    const now = performance.now();
    return this.#endpoints.map((e) => ({ name: e.member.name, served: e.served, setAside: e.asideUntil > now }));
  }

  async *generate(request: GenerationRequest, signal: AbortSignal): AsyncIterable<GenerationEvent> {
    allowManyListeners(signal);
    // Every endpoint gets one chance at a request, so a pool that is wholly down fails rather than spins.
    for (let attempt = 1; ; attempt++) {
      const endpoint = await this.#acquire(signal);
      let yielded = false;
      try {
        for await (const event of endpoint.member.model.generate(request, signal)) {
          yielded = true;
          yield event;
        }
        endpoint.failuresInARow = 0;
        return;
      } catch (err) {
        if (signal.aborted) throw abortErrorFrom(signal);
        if (!isModelError(err) || !ENDPOINT_FAILURES.has(err.kind)) throw err;
        this.#setAside(endpoint);
        // Tokens already reached the caller: sending the request again would repeat them.
        if (yielded || attempt >= this.#endpoints.length) throw err;
      } finally {
        endpoint.outstanding -= 1;
        this.#wake();
      }
    }
  }

  /** The first endpoint that answers (they all serve the same model). */
  async capabilities(signal: AbortSignal, model?: string): Promise<ModelCapabilities> {
    let last: unknown;
    for (const endpoint of this.#ordered()) {
      try {
        return await endpoint.member.model.capabilities(signal, model);
      } catch (err) {
        if (signal.aborted) throw abortErrorFrom(signal);
        last = err;
        if (isModelError(err) && ENDPOINT_FAILURES.has(err.kind)) {
          this.#setAside(endpoint);
          continue;
        }
        throw err;
      }
    }
    throw last;
  }

  /** Healthy endpoints first, in the order given. */
  #ordered(): Endpoint[] {
    const now = performance.now();
    return [...this.#endpoints].sort((a, b) => Number(a.asideUntil > now) - Number(b.asideUntil > now));
  }

  #pick(): Endpoint | undefined {
    const now = performance.now();
    let best: Endpoint | undefined;
    for (const e of this.#endpoints) {
      if (e.asideUntil > now || e.outstanding >= e.member.slots) continue;
      if (!best || e.outstanding < best.outstanding) best = e;
    }
    return best;
  }

  async #acquire(signal: AbortSignal): Promise<Endpoint> {
    for (;;) {
      if (signal.aborted) throw abortErrorFrom(signal);
      // Waiters are served in arrival order: a newcomer does not overtake one already waiting.
      const endpoint = this.#wakers.length === 0 ? this.#pick() : undefined;
      if (endpoint) {
        endpoint.outstanding += 1;
        endpoint.served += 1;
        return endpoint;
      }
      await this.#waitForChange(signal);
      const next = this.#pick();
      if (next) {
        next.outstanding += 1;
        next.served += 1;
        this.#wake();
        return next;
      }
    }
  }

  #waitForChange(signal: AbortSignal): Promise<void> {
    this.#armTimer();
    return new Promise<void>((resolve, reject) => {
      const waker = (): void => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = (): void => {
        this.#wakers = this.#wakers.filter((w) => w !== waker);
        reject(abortErrorFrom(signal));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.#wakers.push(waker);
    });
  }

  /** Wakes the longest waiter: it takes a free endpoint, then wakes the next. */
  #wake(): void {
    const waker = this.#wakers.shift();
    waker?.();
  }

  /** While someone waits and only set-aside endpoints could serve, wake them when the first comes back. */
  #armTimer(): void {
    if (this.#timer !== undefined) return;
    const now = performance.now();
    const returning = this.#endpoints.filter((e) => e.asideUntil > now).map((e) => e.asideUntil - now);
    if (returning.length === 0) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#wake();
    }, Math.min(...returning) + 1);
  }

  #setAside(endpoint: Endpoint): void {
    endpoint.failuresInARow += 1;
    const backoff = Math.min(this.#maxBackoffMs, this.#baseBackoffMs * 2 ** (endpoint.failuresInARow - 1));
    endpoint.asideUntil = performance.now() + backoff;
    if (this.#wakers.length > 0) this.#armTimer();
  }
}
