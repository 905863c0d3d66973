// The LanguageModel over Ollama's /api/chat. Each generation: wait for a slot of the endpoint's shared
// limiter, open a streamed chat request (retrying "server busy" with backoff), then pass the chunks on
// as GenerationEvents. The caller's AbortSignal ends the call in every phase: in the limiter queue, in
// a backoff sleep, while Ollama queues the request, and mid-stream (the request is closed, so the
// server stops generating). The slot is released however the call ends.
import type { AbortableAsyncIterator, ChatResponse } from 'ollama';
import { ConnectionFailedError, ServerBusyError, abortErrorFrom } from '../errors';
import { endpointLimiter } from '../limiter';
import { allowManyListeners } from '../signals';
import type { ConcurrencyLimiter } from '../limiter';
import { DEFAULT_RETRY_POLICY, withRetry } from '../retry';
import type { RetryPolicy } from '../retry';
import type { GenerationEvent, GenerationRequest, LanguageModel } from '../types';
import type { OllamaCapabilities } from './capabilities';
import { OllamaClient, failure } from './client';
import type { OllamaClientOptions } from './client';
import type { ErrorContext } from './classify';
import { displayEndpoint } from './endpoint';
import type { CallObservations } from './fetch';
import { chunkEvent, toChatRequest, usageOf } from './mapping';

export interface OllamaModelOptions extends OllamaClientOptions {
  /** The model to generate with, e.g. "qwen2.5:1.5b" (a request may name another, e.g. a verifier). */
  readonly model: string;
  /**
   * The context size sent with every call. Ollama reloads a model whenever num_ctx changes, so it is
   * fixed per instance. Default 8192.
   */
  readonly numCtx?: number;
  /** Generations in flight at this endpoint, shared with every other model on it. Default 1 (Ollama's OLLAMA_NUM_PARALLEL default). */
  readonly slots?: number;
  /**
   * Longest wait for a response to start (queued behind other work, model loading, prompt evaluation).
   * Default: no limit, because the limiter already bounds what Ponder queues there.
   */
  readonly queueTimeoutMs?: number;
  /** Retrying HTTP 503 "server busy". */
  readonly retry?: Partial<RetryPolicy>;
  /** Ollama's keep_alive for the model (e.g. "30m"); default: the server's. */
  readonly keepAlive?: string | number;
  /** Share a client (connections and capability cache) instead of owning one. */
  readonly client?: OllamaClient;
}

export const DEFAULT_NUM_CTX = 8192;

export class OllamaModel implements LanguageModel {
  readonly label: string;
  readonly model: string;
  readonly client: OllamaClient;
  readonly numCtx: number;
  readonly #ownsClient: boolean;
  readonly #limiter: ConcurrencyLimiter;
  readonly #queueTimeoutMs: number | undefined;
  readonly #retry: RetryPolicy;
  readonly #keepAlive: string | number | undefined;

  constructor(options: OllamaModelOptions) {
    this.model = options.model;
    this.#ownsClient = options.client === undefined;
    this.client = options.client ?? new OllamaClient(options);
    this.numCtx = options.numCtx ?? DEFAULT_NUM_CTX;
    this.#limiter = endpointLimiter(this.client.endpoint, options.slots ?? 1);
    this.#queueTimeoutMs = options.queueTimeoutMs;
    this.#retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.#keepAlive = options.keepAlive;
    this.label = `ollama ${this.model} @ ${displayEndpoint(this.client.endpoint)}`;
  }

  async *generate(request: GenerationRequest, signal: AbortSignal): AsyncIterable<GenerationEvent> {
    const model = request.model ?? this.model;
    allowManyListeners(signal);
    const release = await this.#limiter.acquire(signal);
    try {
      const { stream, observed } = await this.#open(request, model, signal);
      yield* this.#read(stream, observed, model, signal);
    } finally {
      release();
    }
  }

  capabilities(signal: AbortSignal, model?: string): Promise<OllamaCapabilities> {
    return this.client.capabilities(model ?? this.model, signal);
  }

  /** Closes the connections if this model owns its client. */
  async close(): Promise<void> {
    if (this.#ownsClient) await this.client.close();
  }

  /**
   * Opens the streamed request. Retried, before any token has arrived (so nothing is repeated): a 503,
   * with backoff; and once, a connection that broke before any answer (see isStaleConnection).
   */
  async #open(
    request: GenerationRequest,
    model: string,
    signal: AbortSignal,
  ): Promise<{ stream: AbortableAsyncIterator<ChatResponse>; observed: CallObservations }> {
    const body = toChatRequest(request, { model, numCtx: this.numCtx, keepAlive: this.#keepAlive });
    const context: ErrorContext = { endpoint: this.client.endpoint, model, streaming: false };
    let attempts = 0;
    try {
      return await withRetry(
        async (attempt) => {
          attempts = attempt;
          const { ollama, observed } = this.client.connect({
            signal,
            model,
            ndjson: true,
            headersTimeoutMs: this.#queueTimeoutMs,
            stallTimeoutMs: this.client.stallTimeoutMs,
          });
          try {
            return { stream: await ollama.chat(body), observed };
          } catch (err) {
            throw failure(err, context, observed, signal);
          }
        },
        { ...this.#retry, shouldRetry: (err) => err instanceof ServerBusyError || isStaleConnection(err, attempts) },
        signal,
      );
    } catch (err) {
      if (signal.aborted) throw abortErrorFrom(signal);
      if (err instanceof ServerBusyError) throw err.afterAttempts(attempts);
      throw err;
    }
  }

  async *#read(
    stream: AbortableAsyncIterator<ChatResponse>,
    observed: CallObservations,
    model: string,
    signal: AbortSignal,
  ): AsyncGenerator<GenerationEvent> {
    // The request's fetch already listens to `signal`; aborting the client's iterator as well is what
    // its API promises to honour, whatever its internals become.
    const onAbort = (): void => stream.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) stream.abort();
    let finished = false;
    try {
      for await (const chunk of stream) {
        const event = chunkEvent(chunk);
        if (chunk.done) finished = true;
        if (event) yield event;
        if (chunk.done) yield { type: 'done', usage: usageOf(chunk) };
      }
    } catch (err) {
      throw failure(err, { endpoint: this.client.endpoint, model, streaming: true }, observed, signal);
    } finally {
      signal.removeEventListener('abort', onAbort);
      // The consumer stopped early or something failed: close the request so the server stops too.
      if (!finished) stream.abort();
    }
  }
}

/**
 * A pooled keep-alive connection can be dead without the client knowing yet (Ollama was restarted, or
 * stopped). The first request on it fails with a socket error although the server never saw it; one
 * more try on a fresh connection tells "restarted" (it succeeds) from "stopped" (connection refused).
 */
export function isStaleConnection(err: unknown, attempt: number): boolean {
  return err instanceof ConnectionFailedError && attempt === 1;
}
