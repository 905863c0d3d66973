// The LanguageModel over Ollama's /api/chat. Each generation: wait for a slot of the endpoint's shared
// limiter, open a streamed chat request (retrying "server busy" with backoff), then pass the chunks on
// as GenerationEvents. The caller's AbortSignal ends the call in every phase: in the limiter queue, in
// a backoff sleep, while Ollama queues the request, and mid-stream (the request is closed, so the
// server stops generating). The slot is released however the call ends.
import type { AbortableAsyncIterator, ChatResponse, GenerateResponse, Ollama } from 'ollama';
import {
  ConnectionFailedError,
  ContextOverflowError,
  RepetitionAbortError,
  ServerBusyError,
  ServerError,
  StreamEndedError,
  abortErrorFrom,
  isAbortError,
} from '../errors';
import { endpointLimiter } from '../limiter';
import { allowManyListeners } from '../signals';
import type { ConcurrencyLimiter } from '../limiter';
import { DEFAULT_RETRY_POLICY, withRetry } from '../retry';
import type { RetryPolicy } from '../retry';
import type { ChatMessage, GenerationEvent, GenerationRequest, LanguageModel } from '../types';
import type { OllamaCapabilities } from './capabilities';
import { FEATURE_VERSIONS, versionAtLeast } from './capabilities';
import { OllamaClient, failure } from './client';
import type { OllamaClientOptions } from './client';
import type { ErrorContext } from './classify';
import { displayEndpoint } from './endpoint';
import type { CallObservations } from './fetch';
import { chunkEvent, generateChunkEvent, toChatRequest, toRawGenerateRequest, usageOf } from './mapping';
import { stopAtBudget, withoutStops } from '../stop-at-budget';
import { forceWithTemplate } from './think-force';
import type { ForcingCalls } from './think-force';
import { thinkTemplateNamed } from './think-templates';

/** What Ponder knows, before a call, about the context the server will give it. */
interface ContextTerms {
  /** num_ctx, capped at the model's trained context length as Ollama caps it. */
  readonly contextLength: number;
  /** The server takes `truncate: false` / `shift: false`, so it refuses a prompt that does not fit. */
  readonly refusesOverflow: boolean;
}

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
  /** Context terms per model, once read from the server's capabilities. */
  readonly #terms = new Map<string, ContextTerms>();

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
      // Known terms are used at once, so a granted call goes straight to its request, as before there
      // were terms to look up (a pause here would be a window in which a cancelled search still sends).
      const terms = this.#terms.get(model) ?? (await this.#contextTerms(model, signal));
      if (signal.aborted) throw abortErrorFrom(signal);
      if (request.thinkingBudget !== undefined && request.think !== false) {
        // One slot for the whole forced generation: its requests follow one another on it.
        yield* this.#budgeted(request, model, terms, signal);
        return;
      }
      yield* this.#chat(request, model, terms, signal);
    } finally {
      release();
    }
  }

  /** One streamed chat request. */
  async *#chat(request: GenerationRequest, model: string, terms: ContextTerms, signal: AbortSignal): AsyncGenerator<GenerationEvent> {
    const { stream, observed } = await this.#open(request, model, terms, signal);
    yield* this.#read(stream, chunkEvent, observed, model, terms, signal);
  }

  /** One streamed raw /api/generate request of `prompt`. */
  async *#raw(request: GenerationRequest, prompt: string, model: string, terms: ContextTerms, signal: AbortSignal): AsyncGenerator<GenerationEvent> {
    if (!terms.refusesOverflow) refuseIfTooLong([{ role: 'user', content: prompt }], terms.contextLength, { endpoint: this.client.endpoint, model });
    const body = toRawGenerateRequest(request, prompt, {
      model,
      numCtx: this.numCtx,
      keepAlive: this.#keepAlive,
      refuseOverflow: terms.refusesOverflow,
    });
    const { stream, observed } = await this.#request((ollama) => ollama.generate(body), model, terms, signal);
    yield* this.#read(stream, generateChunkEvent, observed, model, terms, signal);
  }

  /**
   * A generation with a thinking budget (think-force.ts): forced through the model's template when Ponder can
   * render it, otherwise stopped at the budget. A model that does not think has nothing to budget.
   */
  async *#budgeted(request: GenerationRequest, model: string, terms: ContextTerms, signal: AbortSignal): AsyncGenerator<GenerationEvent> {
    let capabilities: OllamaCapabilities | undefined;
    try {
      capabilities = await this.client.capabilities(model, signal);
    } catch (err) {
      if (signal.aborted || isAbortError(err)) throw abortErrorFrom(signal);
    }
    const forcing = capabilities?.forcing;
    if (!capabilities?.thinking || forcing === undefined) {
      yield* this.#chat(request, model, terms, signal);
      return;
    }
    const template = forcing.kind === 'template' ? thinkTemplateNamed(forcing.template) : undefined;
    if (template) {
      const calls: ForcingCalls = {
        // Thinking must be on for there to be a trace to force (a level stays a level).
        chat: (numPredict) => this.#chat({ ...withoutStops(request), think: request.think ?? true, maxTokens: numPredict }, model, terms, signal),
        raw: (prompt, numPredict, stop) => {
          const { stop: _omitted, ...rest } = request;
          const raw: GenerationRequest = { ...rest, maxTokens: numPredict, ...(stop === undefined ? {} : { stop }) };
          return this.#raw(raw, prompt, model, terms, signal);
        },
      };
      yield* forceWithTemplate(request, template, calls, signal);
      return;
    }
    const method =
      forcing.kind === 'level'
        ? `level "${typeof request.think === 'string' ? request.think : 'medium'}", stopped at the budget (a harmony model cannot be forced)`
        : `stopped at the budget: ${forcing.kind === 'stop' ? forcing.reason : 'no template'}`;
    // Sent without its stop strings (they would end the trace), held to them as it streams (stop-at-budget.ts).
    yield* stopAtBudget(request, this.#chat(withoutStops(request), model, terms, signal), method, signal);
  }

  capabilities(signal: AbortSignal, model?: string): Promise<OllamaCapabilities> {
    return this.client.capabilities(model ?? this.model, signal);
  }

  /** Closes the connections if this model owns its client. */
  async close(): Promise<void> {
    if (this.#ownsClient) await this.client.close();
  }

  /**
   * The context this call will really get. Ollama caps num_ctx at the model's trained context length
   * silently (server/sched.go effectiveContext, v0.33.0-rc2; llm/server.go, v0.13.0), and from 0.12.7
   * takes `truncate`/`shift` (api/types.go). When the capabilities cannot be read, the call goes ahead
   * and reports whatever the chat request itself meets.
   */
  async #contextTerms(model: string, signal: AbortSignal): Promise<ContextTerms> {
    try {
      const capabilities = await this.client.capabilities(model, signal);
      const trained = capabilities.contextLength;
      const terms = {
        contextLength: trained !== undefined && trained > 0 ? Math.min(this.numCtx, trained) : this.numCtx,
        refusesOverflow: versionAtLeast(capabilities.version, FEATURE_VERSIONS.truncate),
      };
      this.#terms.set(model, terms);
      return terms;
    } catch (err) {
      if (signal.aborted || isAbortError(err)) throw abortErrorFrom(signal);
      return { contextLength: this.numCtx, refusesOverflow: false };
    }
  }

  /**
   * Opens the streamed request. Retried, before any token has arrived (so nothing is repeated): a 503,
   * with backoff; and once, a connection that broke before any answer (see isStaleConnection).
   */
  #open(
    request: GenerationRequest,
    model: string,
    terms: ContextTerms,
    signal: AbortSignal,
  ): Promise<{ stream: AbortableAsyncIterator<ChatResponse>; observed: CallObservations }> {
    if (!terms.refusesOverflow) refuseIfTooLong(request.messages, terms.contextLength, { endpoint: this.client.endpoint, model });
    const body = toChatRequest(request, {
      model,
      numCtx: this.numCtx,
      keepAlive: this.#keepAlive,
      refuseOverflow: terms.refusesOverflow,
    });
    return this.#request((ollama) => ollama.chat(body), model, terms, signal);
  }

  /** Opens a streamed request, with the retries #open describes. */
  async #request<T extends object>(
    send: (ollama: Ollama) => Promise<AbortableAsyncIterator<T>>,
    model: string,
    terms: ContextTerms,
    signal: AbortSignal,
  ): Promise<{ stream: AbortableAsyncIterator<T>; observed: CallObservations }> {
    const context: ErrorContext = { endpoint: this.client.endpoint, model, streaming: false, contextLength: terms.contextLength };
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
            return { stream: await send(ollama), observed };
          } catch (err) {
            throw failure(err, context, observed, signal);
          }
        },
        {
          ...this.#retry,
          shouldRetry: (err) => err instanceof ServerBusyError || isTransientStatus(err) || isStaleConnection(err, attempts),
        },
        signal,
      );
    } catch (err) {
      if (signal.aborted) throw abortErrorFrom(signal);
      if (err instanceof ServerBusyError) throw err.afterAttempts(attempts);
      throw err;
    }
  }

  async *#read<T extends ChatResponse | GenerateResponse>(
    stream: AbortableAsyncIterator<T>,
    toEvent: (chunk: T) => GenerationEvent | undefined,
    observed: CallObservations,
    model: string,
    terms: ContextTerms,
    signal: AbortSignal,
  ): AsyncGenerator<GenerationEvent> {
    // The request's fetch already listens to `signal`; aborting the client's iterator as well is what
    // its API promises to honour, whatever its internals become.
    const onAbort = (): void => stream.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) stream.abort();
    let finished = false;
    const repeats = new RepeatCounter();
    try {
      for await (const chunk of stream) {
        const event = toEvent(chunk);
        if (event?.type === 'chunk') repeats.add(event.text + event.thinking);
        if (chunk.done) finished = true;
        if (event) yield event;
        if (chunk.done) {
          const usage = usageOf(chunk);
          // A server without `truncate: false` cuts a prompt that does not fit and says nothing; a full
          // context is the trace it leaves (prompt_eval_count is what was kept, plus what was generated).
          if (!terms.refusesOverflow && usage.promptTokens + usage.generatedTokens >= terms.contextLength) {
            throw new ContextOverflowError(
              `the server reported ${usage.promptTokens} prompt tokens and ${usage.generatedTokens} generated, which fills the context, ` +
                'so it may have cut the prompt (this Ollama is older than 0.12.7 and cannot be asked to refuse instead)',
              terms.contextLength,
              { endpoint: this.client.endpoint, model },
            );
          }
          yield { type: 'done', usage };
        }
      }
    } catch (err) {
      const failed = failure(err, { endpoint: this.client.endpoint, model, streaming: true }, observed, signal);
      if (failed instanceof StreamEndedError && repeats.tripped) {
        throw new RepetitionAbortError(repeats.last, { endpoint: this.client.endpoint, model, cause: failed });
      }
      throw failed;
    } finally {
      signal.removeEventListener('abort', onAbort);
      // The consumer stopped early or something failed: close the request so the server stops too.
      if (!finished) stream.abort();
    }
  }
}

/**
 * Ollama's loop guard, counted the way it counts (llm/llama_server.go v0.33.0-rc2): a piece equal, once
 * trimmed, to the one before adds a repeat; more than 30 repeats and the server ends the stream.
 */
class RepeatCounter {
  last = '';
  private repeats = 0;
  private seen = false;

  add(piece: string): void {
    const trimmed = piece.trim();
    if (this.seen && trimmed === this.last) this.repeats += 1;
    else {
      this.last = trimmed;
      this.repeats = 0;
      this.seen = true;
    }
  }

  /** The stream ended right after as many repeats as Ollama tolerates. */
  get tripped(): boolean {
    return this.repeats >= 30;
  }
}

/** Characters per token assumed before sending to a server that cannot refuse: low, so it errs on the safe side. */
const CHARS_PER_TOKEN_ESTIMATE = 3;

/**
 * Before 0.12.7 Ollama cannot be asked to refuse a prompt that does not fit: it drops the oldest messages
 * (the problem) and cuts tokens, silently. Ponder refuses first, on an estimate of the prompt's length.
 */
function refuseIfTooLong(messages: readonly ChatMessage[], contextLength: number, where: { endpoint: string; model: string }): void {
  const characters = messages.reduce((sum, message) => sum + message.content.length, 0);
  const estimate = Math.ceil(characters / CHARS_PER_TOKEN_ESTIMATE);
  if (estimate >= contextLength) {
    throw new ContextOverflowError(
      `the prompt is about ${estimate} tokens by Ponder's estimate, and this Ollama (older than 0.12.7) would cut it without a word`,
      contextLength,
      where,
    );
  }
}

/** 429 and 502 (cloud models behind Ollama): retried with the same backoff as a 503. */
function isTransientStatus(err: unknown): boolean {
  return err instanceof ServerError && err.retryable;
}

/**
 * A pooled keep-alive connection can be dead without the client knowing yet (Ollama was restarted, or
 * stopped). The first request on it fails with a socket error although the server never saw it; one
 * more try on a fresh connection tells "restarted" (it succeeds) from "stopped" (connection refused).
 */
export function isStaleConnection(err: unknown, attempt: number): boolean {
  return err instanceof ConnectionFailedError && attempt === 1;
}
