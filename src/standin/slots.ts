// Parallel slots per model and the scheduler's queue, as Ollama's scheduler and runners behave:
// - each loaded model has `parallel` slots (OLLAMA_NUM_PARALLEL); at most that many of its generations
//   run at once, the rest wait FIFO (their responses have not started: no headers are sent);
// - a request for a model that is loaded with the same runner options is attached to that runner at once
//   and waits for a slot without limit (server/sched.go getRunner → useLoadedRunner, v0.13.0 and
//   v0.33.0-rc2 alike); only requests that need a load or reload go through the pending channel of
//   OLLAMA_MAX_QUEUE places, and one arriving when it is full gets ErrMaxQueue (a 503). The scheduler's
//   loop holds the request it is working on outside the channel, so maxQueue + 1 may wait for a load;
// - which slot a prompt takes and how much of it is cached: slot-choice.ts (Go runner before 0.30,
//   llama-server from 0.30);
// - a request whose runner options (num_ctx, …) differ from the loaded model's waits until every request
//   attached to the runner has finished, then reloads it, which empties every slot's cache;
// - after its keep_alive expires an idle model is unloaded (checked lazily, so no timers are left behind).
import { AbortedError, pause } from './pacing';
import type { RunnerKind, Slot } from './slot-choice';
import { PromptCache, chooseSlot } from './slot-choice';

export { commonPrefixLength } from './slot-choice';

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

interface Runner {
  loaded: boolean;
  runnerKey: string;
  numCtx: number;
  slots: Slot[];
  /** llama-server's prompt cache in RAM (emptied with the model). */
  promptCache: PromptCache;
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
  /** Attached to the loaded runner on arrival (no load needed): waits for a slot, never counts as pending. */
  readonly attached: boolean;
}

export interface SchedulerConfig {
  readonly parallel: number;
  readonly maxQueue: number;
  readonly cache: boolean;
  /** Which runner's slot choice to imitate: Ollama's Go runner (before 0.30) or llama-server. */
  readonly runner: RunnerKind;
  /** OLLAMA_MULTIUSER_CACHE (Go runner only): fork the best cached prefix into the least recently used idle slot. */
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

export class SlotScheduler {
  private readonly runners = new Map<string, Runner>();
  private queue: Waiter[] = [];
  private clock = 0;

  constructor(private readonly config: SchedulerConfig) {}

  get queued(): number {
    return this.queue.length;
  }

  /** Requests waiting for a model load or reload (the ones OLLAMA_MAX_QUEUE limits). */
  private get pending(): number {
    return this.queue.filter((w) => !w.attached).length;
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
        attached: this.isLoadedFor(request),
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
      this.dispatch();
      // The pending channel holds maxQueue; the scheduler's loop holds one more outside it.
      if (this.queue.includes(waiter) && !waiter.attached && this.pending > this.config.maxQueue + 1) {
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

  /** getRunner's fast path: loaded, not expired, and no reload needed for these runner options. */
  private isLoadedFor(request: SlotRequest): boolean {
    this.expireIdle();
    const runner = this.runners.get(request.modelKey);
    return runner !== undefined && runner.loaded && runner.runnerKey === request.runnerKey;
  }

  private runnerFor(modelKey: string): Runner {
    let runner = this.runners.get(modelKey);
    if (!runner) {
      runner = {
        loaded: false,
        runnerKey: '',
        numCtx: 0,
        slots: [],
        promptCache: new PromptCache(),
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
    runner.promptCache.clear();
    runner.expiresAt = Number.POSITIVE_INFINITY;
    runner.ready = this.config.loadLatencyMs > 0 ? pause(this.config.loadLatencyMs, this.config.lifetime) : Promise.resolve();
    runner.ready.catch(() => undefined); // a load cut short by close() is reported to its waiters only
    this.config.onLoad();
  }

  /**
   * Serves waiters in order: first those attached to a loaded runner, then those waiting for a load. Within
   * each group a model whose first waiter cannot start blocks its later waiters.
   */
  private dispatch(): void {
    this.expireIdle();
    const blocked = new Set<string>();
    const ordered = [...this.queue.filter((w) => w.attached), ...this.queue.filter((w) => !w.attached)];
    for (const waiter of ordered) {
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
      // A reload waits for every request attached to the runner (its reference count) to finish.
      const attached = this.queue.some((w) => w.attached && w.request.modelKey === request.modelKey);
      if (runner.active > 0 || attached) return undefined;
      runner.loaded = false; // reload with the new runner options
    }
    if (!runner.loaded) this.load(runner, request);
    runner.keepAliveMs = request.keepAliveMs;
    if (request.promptTokens === undefined) {
      if (runner.active === 0) runner.expiresAt = this.expiry(request.keepAliveMs);
      return { ready: runner.ready, slot: -1, cachedTokens: 0, release: () => undefined };
    }
    const prompt = request.promptTokens;
    const choice = chooseSlot(
      { runner: this.config.runner, cache: this.config.cache, multiUserCache: this.config.multiUserCache ?? false },
      runner.slots,
      prompt,
      runner.promptCache,
    );
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
