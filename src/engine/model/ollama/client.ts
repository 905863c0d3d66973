// One Ollama server: its connection pool, its feature detection (cached per model) and the helpers the
// model picker needs (list, show, pull). Every request gets a fresh `ollama` client whose fetch is bound
// to that request's AbortSignal: the client's own `abort()` would cancel every stream at once, and its
// non-streaming calls take no signal at all.
import { Ollama } from 'ollama';
import type { AbortableAsyncIterator, ProgressResponse } from 'ollama';
import type { Agent } from 'undici';
import { ConnectionFailedError, abortErrorFrom } from '../errors';
import { withRetry } from '../retry';
import { allowManyListeners } from '../signals';
import type { RetryPolicy } from '../retry';
import { capabilitiesFrom } from './capabilities';
import type { OllamaCapabilities, ShowSummary } from './capabilities';
import { modelDetailsFrom, modelSummaryFrom, pullProgressFrom } from './catalog';
import type { ModelDetails, ModelSummary, PullProgress } from './catalog';
import { classifyOllamaError } from './classify';
import type { ErrorContext } from './classify';
import { normaliseEndpoint } from './endpoint';
import { createCallFetch, createPatientAgent } from './fetch';
import type { CallObservations, CallSpec } from './fetch';

export interface OllamaClientOptions {
  /** Default `http://127.0.0.1:11434`; any form the `ollama` client accepts (`host:port`, `:port`, URL). */
  readonly host?: string;
  /** Longest silence inside a started response before it counts as stalled. Default 60 s. */
  readonly stallTimeoutMs?: number;
  /** Longest wait for the answer to a metadata request (version, list, show). Default 30 s. */
  readonly requestTimeoutMs?: number;
  /** Longest silence during a pull; checking a large download prints nothing for a while. Default 10 min. */
  readonly pullStallTimeoutMs?: number;
}

export const DEFAULT_STALL_TIMEOUT_MS = 60_000;
const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
const DEFAULT_PULL_STALL_TIMEOUT_MS = 600_000;
/** One quick second try on a fresh connection. */
const STALE_CONNECTION_RETRY: RetryPolicy = { attempts: 2, baseDelayMs: 20, maxDelayMs: 20 };

/** A per-request `ollama` client and what its body guard observed. */
export interface Connection {
  readonly ollama: Ollama;
  readonly observed: CallObservations;
}

export class OllamaClient {
  /** Canonical base URL, e.g. `http://127.0.0.1:11434`. */
  readonly endpoint: string;
  readonly stallTimeoutMs: number;
  readonly #requestTimeoutMs: number;
  readonly #pullStallTimeoutMs: number;
  readonly #agent: Agent = createPatientAgent();
  /** Aborted by close(): ends whatever this client still has in flight. */
  readonly #closing = new AbortController();
  #version: Promise<string> | undefined;
  readonly #shows = new Map<string, Promise<ShowSummary>>();

  constructor(options: OllamaClientOptions = {}) {
    allowManyListeners(this.#closing.signal);
    this.endpoint = normaliseEndpoint(options.host);
    this.stallTimeoutMs = options.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS;
    this.#requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.#pullStallTimeoutMs = options.pullStallTimeoutMs ?? DEFAULT_PULL_STALL_TIMEOUT_MS;
  }

  /** A fresh `ollama` client for one request, bound to `spec.signal` and this client's lifetime. */
  connect(spec: Omit<CallSpec, 'endpoint'>): Connection {
    const observed: CallObservations = {};
    const signal = AbortSignal.any([spec.signal, this.#closing.signal]);
    const fetch = createCallFetch(this.#agent, { ...spec, endpoint: this.endpoint, signal }, observed);
    return { ollama: new Ollama({ host: this.endpoint, fetch }), observed };
  }

  /** The server's version string, e.g. "0.12.11". */
  version(signal: AbortSignal): Promise<string> {
    return this.#metadata('checking the version', undefined, signal, async (ollama) => (await ollama.version()).version);
  }

  /** Installed models (/api/tags). */
  listModels(signal: AbortSignal): Promise<ModelSummary[]> {
    return this.#metadata('listing models', undefined, signal, async (ollama) => {
      const listed: unknown = await ollama.list();
      const models = (listed as { models?: unknown }).models;
      return Array.isArray(models) ? models.map(modelSummaryFrom) : [];
    });
  }

  /** One model's details (/api/show). Throws ModelNotFoundError when it has not been pulled. */
  async showModel(model: string, signal: AbortSignal): Promise<ModelDetails> {
    return modelDetailsFrom(model, await this.#show(model, signal));
  }

  /** What the server and `model` support. Cached per model; a failed lookup is not cached. */
  async capabilities(model: string, signal: AbortSignal): Promise<OllamaCapabilities> {
    this.#version ??= this.#cache(this.version(this.#closing.signal), () => (this.#version = undefined));
    const [version, show] = await Promise.all([untilAborted(this.#version, signal), this.#show(model, signal)]);
    return capabilitiesFrom(version, show);
  }

  /** Downloads `model`, reporting each progress line. Resolves when the server reports success. */
  async pullModel(model: string, onProgress: (progress: PullProgress) => void, signal: AbortSignal): Promise<void> {
    const { ollama, observed } = this.connect({
      signal,
      model,
      ndjson: true,
      headersTimeoutMs: this.#requestTimeoutMs,
      stallTimeoutMs: this.#pullStallTimeoutMs,
    });
    const context: ErrorContext = { endpoint: this.endpoint, model, operation: 'pulling', streaming: false };
    let stream: AbortableAsyncIterator<ProgressResponse>;
    try {
      stream = await ollama.pull({ model, stream: true });
    } catch (err) {
      throw failure(err, context, observed, signal);
    }
    const onAbort = (): void => stream.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      for await (const line of stream) onProgress(pullProgressFrom(line));
    } catch (err) {
      throw failure(err, { ...context, streaming: true }, observed, signal);
    } finally {
      signal.removeEventListener('abort', onAbort);
      // What the model supports may have changed with the new version of it.
      this.#shows.delete(model);
    }
  }

  /** Ends every request still in flight and closes the connections. */
  async close(): Promise<void> {
    this.#closing.abort();
    await this.#agent.destroy();
  }

  #show(model: string, signal: AbortSignal): Promise<ShowSummary> {
    let cached = this.#shows.get(model);
    if (!cached) {
      const request = this.#metadata('reading the model', model, this.#closing.signal, async (ollama) => {
        const shown: unknown = await ollama.show({ model });
        return shown as ShowSummary;
      });
      cached = this.#cache(request, () => this.#shows.delete(model));
      this.#shows.set(model, cached);
    }
    return untilAborted(cached, signal);
  }

  /** Forgets a cached lookup when it fails, so the next call asks again. */
  #cache<T>(request: Promise<T>, forget: () => void): Promise<T> {
    request.catch(forget);
    return request;
  }

  async #metadata<T>(
    operation: string,
    model: string | undefined,
    signal: AbortSignal,
    request: (ollama: Ollama) => Promise<T>,
  ): Promise<T> {
    // Metadata requests are idempotent: a dead pooled connection is retried once on a fresh one.
    return withRetry(
      async () => {
        const { ollama, observed } = this.connect({
          signal,
          model,
          ndjson: false,
          headersTimeoutMs: this.#requestTimeoutMs,
          stallTimeoutMs: this.stallTimeoutMs,
        });
        try {
          return await request(ollama);
        } catch (err) {
          throw failure(err, { endpoint: this.endpoint, model, operation, streaming: false }, observed, signal);
        }
      },
      { ...STALE_CONNECTION_RETRY, shouldRetry: (err) => err instanceof ConnectionFailedError },
      signal,
    );
  }
}

/** The error to throw: an AbortError once the caller's signal fired, else the classified failure. */
export function failure(err: unknown, context: ErrorContext, observed: CallObservations, signal: AbortSignal): unknown {
  if (signal.aborted) return abortErrorFrom(signal);
  return classifyOllamaError(err, context, observed);
}

/**
 * Waits for a shared request on behalf of one caller: the caller's abort ends only its own wait
 * (with an AbortError), not the request the others share.
 */
function untilAborted<T>(shared: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortErrorFrom(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortErrorFrom(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    void shared.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
