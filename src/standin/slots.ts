// Parallel slots per model with a bounded queue, as Ollama's scheduler and runner behave:
// - each loaded model has `parallel` slots (OLLAMA_NUM_PARALLEL); at most that many of its generations
//   run at once, the rest wait FIFO (their responses have not started: no headers are sent);
// - more than `maxQueue` waiting requests (OLLAMA_MAX_QUEUE) → QueueFullError (a 503);
// - every slot remembers the tokens it last evaluated; a request takes the idle slot with the longest
//   common prefix (ties: the least recently used) and only the rest of its prompt is evaluated — if the
//   whole prompt matches, one token is kept back so the model has something to sample from;
// - with the multi-user cache (OLLAMA_MULTIUSER_CACHE, the Go runner's findBestCacheSlot) the longest
//   common prefix is sought in every slot, busy ones included; unless that slot is idle and holds nothing
//   beyond the prefix, the request takes the least recently used idle slot and the prefix is copied
//   ("forked") into it, so siblings dispatched at once share a prefix across slots;
// - a request whose runner options (num_ctx, …) differ from the loaded model's waits until the model is
//   idle and then reloads it, which empties every slot's cache;
// - after its keep_alive expires an idle model is unloaded (checked lazily, so no timers are left behind).
import { AbortedError, pause } from './pacing';

export class QueueFullError extends Error {}

export interface SlotRequest {
  readonly modelKey: string;
  readonly runnerKey: string;
  readonly numCtx: number;
  readonly keepAliveMs: number;
  /** The prompt's tokens. Undefined for a load-only request, which needs the model but no slot. */
  readonly promptTokens?: readonly string[];
}

export interface Lease {
  /** Resolves when the model has finished loading. */
  readonly ready: Promise<void>;
  /** Slot index, or -1 for a load-only request. */
  readonly slot: number;
  /** Prompt tokens served from the slot's cache. */
  readonly cachedTokens: number;
  /** Frees the slot; `evaluated` is what the slot now holds (prompt plus generated text). */
  release(evaluated: readonly string[]): void;
}

interface Slot {
  tokens: readonly string[];
  busy: boolean;
  lastUsed: number;
}

interface Runner {
  loaded: boolean;
  runnerKey: string;
  numCtx: number;
  slots: Slot[];
  active: number;
  expiresAt: number;
  /** keep_alive of the latest request, for the expiry /api/ps shows while the model is busy. */
  keepAliveMs: number;
  ready: Promise<void>;
}

interface Waiter {
  readonly request: SlotRequest;
  readonly resolve: (lease: Lease) => void;
  readonly reject: (err: Error) => void;
  readonly detach: () => void;
}

export interface SchedulerConfig {
  readonly parallel: number;
  readonly maxQueue: number;
  readonly cache: boolean;
  /** OLLAMA_MULTIUSER_CACHE: fork the best cached prefix into the least recently used idle slot. */
  readonly multiUserCache?: boolean;
  readonly loadLatencyMs: number;
  /** Aborted when the stand-in closes: cancels loads in progress. */
  readonly lifetime: AbortSignal;
  readonly onLoad: () => void;
}

export interface LoadedModel {
  readonly modelKey: string;
  readonly numCtx: number;
  readonly expiresAt: number;
}

export function commonPrefixLength(a: readonly string[], b: readonly string[]): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}

export class SlotScheduler {
  private readonly runners = new Map<string, Runner>();
  private queue: Waiter[] = [];
  private clock = 0;

  constructor(private readonly config: SchedulerConfig) {}

  get queued(): number {
    return this.queue.length;
  }

  get active(): number {
    let total = 0;
    for (const runner of this.runners.values()) total += runner.active;
    return total;
  }

  /** Waits for a slot (or, for a load-only request, for the model). Rejects with QueueFullError at once. */
  acquire(request: SlotRequest, signal: AbortSignal): Promise<Lease> {
    if (signal.aborted) return Promise.reject(new AbortedError());
    return new Promise<Lease>((resolve, reject) => {
      const onAbort = (): void => {
        this.queue = this.queue.filter((w) => w !== waiter);
        reject(new AbortedError());
      };
      const waiter: Waiter = {
        request,
        resolve,
        reject,
        detach: () => signal.removeEventListener('abort', onAbort),
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
      this.dispatch();
      if (this.queue.includes(waiter) && this.queue.length > this.config.maxQueue) {
        this.queue = this.queue.filter((w) => w !== waiter);
        waiter.detach();
        reject(new QueueFullError());
      }
    });
  }

  /** Sets the model to unload as soon as it is idle (keep_alive 0). */
  expire(modelKey: string): void {
    const runner = this.runners.get(modelKey);
    if (runner) runner.expiresAt = Date.now();
    this.dispatch();
  }

  loaded(): LoadedModel[] {
    this.expireIdle();
    return [...this.runners.entries()]
      .filter(([, r]) => r.loaded)
      .map(([modelKey, r]) => ({
        modelKey,
        numCtx: r.numCtx,
        expiresAt: r.active > 0 ? this.expiry(r.keepAliveMs) : r.expiresAt,
      }));
  }

  /** Rejects every waiter (the stand-in is closing). */
  close(): void {
    const waiters = this.queue;
    this.queue = [];
    for (const waiter of waiters) {
      waiter.detach();
      waiter.reject(new AbortedError());
    }
  }

  private runnerFor(modelKey: string): Runner {
    let runner = this.runners.get(modelKey);
    if (!runner) {
      runner = {
        loaded: false,
        runnerKey: '',
        numCtx: 0,
        slots: [],
        active: 0,
        expiresAt: 0,
        keepAliveMs: 0,
        ready: Promise.resolve(),
      };
      this.runners.set(modelKey, runner);
    }
    return runner;
  }

  private expireIdle(): void {
    const now = Date.now();
    for (const runner of this.runners.values()) {
      if (runner.loaded && runner.active === 0 && now >= runner.expiresAt) runner.loaded = false;
    }
  }

  private load(runner: Runner, request: SlotRequest): void {
    runner.loaded = true;
    runner.runnerKey = request.runnerKey;
    runner.numCtx = request.numCtx;
    runner.slots = Array.from({ length: this.config.parallel }, () => ({ tokens: [], busy: false, lastUsed: 0 }));
    runner.expiresAt = Number.POSITIVE_INFINITY;
    runner.ready = this.config.loadLatencyMs > 0 ? pause(this.config.loadLatencyMs, this.config.lifetime) : Promise.resolve();
    runner.ready.catch(() => undefined); // a load cut short by close() is reported to its waiters only
    this.config.onLoad();
  }

  /** Serves waiters in order; a model whose first waiter cannot start blocks its later waiters. */
  private dispatch(): void {
    this.expireIdle();
    const blocked = new Set<string>();
    for (const waiter of [...this.queue]) {
      const { request } = waiter;
      if (blocked.has(request.modelKey)) continue;
      const lease = this.tryStart(request);
      if (!lease) {
        blocked.add(request.modelKey);
        continue;
      }
      this.queue = this.queue.filter((w) => w !== waiter);
      waiter.detach();
      waiter.resolve(lease);
    }
  }

  private tryStart(request: SlotRequest): Lease | undefined {
    const runner = this.runnerFor(request.modelKey);
    if (runner.loaded && runner.runnerKey !== request.runnerKey) {
      if (runner.active > 0) return undefined;
      runner.loaded = false; // reload with the new runner options
    }
    if (!runner.loaded) this.load(runner, request);
    runner.keepAliveMs = request.keepAliveMs;
    if (request.promptTokens === undefined) {
      if (runner.active === 0) runner.expiresAt = this.expiry(request.keepAliveMs);
      return { ready: runner.ready, slot: -1, cachedTokens: 0, release: () => undefined };
    }
    const prompt = request.promptTokens;
    const choice = this.config.cache && this.config.multiUserCache ? bestSlot(runner.slots, prompt) : longestSlot(runner.slots, prompt, this.config.cache);
    if (!choice) return undefined;
    const { index: best, common: bestCommon } = choice;
    const slot = runner.slots[best] as Slot;
    slot.busy = true;
    // What the slot holds while it works: its prompt (evaluated first), then the generated text on release.
    if (this.config.cache) slot.tokens = prompt;
    runner.active += 1;
    runner.expiresAt = Number.POSITIVE_INFINITY;
    const cachedTokens = Math.max(0, Math.min(bestCommon, prompt.length - 1));
    let released = false;
    return {
      ready: runner.ready,
      slot: best,
      cachedTokens,
      release: (evaluated) => {
        if (released) return;
        released = true;
        slot.busy = false;
        slot.tokens = this.config.cache ? evaluated : [];
        slot.lastUsed = ++this.clock;
        runner.active -= 1;
        if (runner.active === 0) runner.expiresAt = this.expiry(request.keepAliveMs);
        this.dispatch();
      },
    };
  }

  private expiry(keepAliveMs: number): number {
    return keepAliveMs === Number.POSITIVE_INFINITY ? keepAliveMs : Date.now() + keepAliveMs;
  }
}

interface SlotChoice {
  readonly index: number;
  /** Prompt tokens the chosen slot holds (after any fork). */
  readonly common: number;
}

/** The default: the idle slot with the longest common prefix (ties: the least recently used). */
function longestSlot(slots: readonly Slot[], prompt: readonly string[], cache: boolean): SlotChoice | undefined {
  let best: SlotChoice | undefined;
  slots.forEach((slot, index) => {
    if (slot.busy) return;
    const common = cache ? commonPrefixLength(slot.tokens, prompt) : 0;
    if (!best || common > best.common || (common === best.common && slot.lastUsed < (slots[best.index] as Slot).lastUsed)) best = { index, common };
  });
  return best;
}

/**
 * The multi-user cache: the longest common prefix in any slot. If that slot is idle and its whole content
 * is the prefix, it is used as it is; otherwise the least recently used idle slot gets a copy of the prefix.
 */
function bestSlot(slots: Slot[], prompt: readonly string[]): SlotChoice | undefined {
  let longest = -1;
  let source: Slot | undefined;
  let oldest: { slot: Slot; index: number } | undefined;
  slots.forEach((slot, index) => {
    const common = commonPrefixLength(slot.tokens, prompt);
    if (common > longest) {
      longest = common;
      source = slot;
    }
    if (!slot.busy && (!oldest || slot.lastUsed < oldest.slot.lastUsed)) oldest = { slot, index };
  });
  if (source && !source.busy && longest === source.tokens.length) return { index: slots.indexOf(source), common: longest };
  if (!oldest) return undefined;
  if (source && source !== oldest.slot) oldest.slot.tokens = source.tokens.slice(0, Math.max(0, longest));
  return { index: oldest.index, common: Math.max(0, commonPrefixLength(oldest.slot.tokens, prompt)) };
}
