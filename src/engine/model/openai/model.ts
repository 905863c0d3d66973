// The LanguageModel over an OpenAI-compatible server (vLLM, SGLang, llama.cpp's llama-server, LM Studio),
// through the official `openai` client. Each generation: wait for a slot of the endpoint's shared limiter,
// open a streamed /chat/completions request (retrying 429/502/503/504 before any token, honouring
// retry-after), then pass the chunks on as GenerationEvents. The caller's AbortSignal ends the call in
// every phase and closes the HTTP request, so the server stops generating. The client's own retries are
// off (Ponder's are cancellable and never repeat a started stream); its HTTP layer is Ponder's patient
// fetch with stall detection (ollama/fetch.ts), since these servers, too, send no headers while queued.
import OpenAI from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { Stream } from 'openai/streaming';
import type { Agent } from 'undici';
import { abortErrorFrom, ConnectionFailedError } from '../errors';
import { endpointLimiter } from '../limiter';
import type { ConcurrencyLimiter } from '../limiter';
import { createCallFetch, createPatientAgent } from '../ollama/fetch';
import type { CallObservations } from '../ollama/fetch';
import { backoffDelay, DEFAULT_RETRY_POLICY, sleep } from '../retry';
import type { RetryPolicy } from '../retry';
import { allowManyListeners } from '../signals';
import { stopAtBudget, withoutStops } from '../stop-at-budget';
import type { Generation, GenerationEvent, GenerationRequest, GenerationUsage, LanguageModel, ModelCapabilities, TokenLogprob } from '../types';
import { ChoiceDemux } from './choice-demux';
import { classifyOpenAIError, OpenAIServerBusyError, streamEnded } from './classify';
import type { OpenAIErrorContext } from './classify';
import { kindFromOwners, parseModelList, SERVER_NAMES, traitsOf } from './detect';
import type { ServedModel, ServerKind, ServerTraits } from './detect';
import { displayBaseUrl, normaliseBaseUrl, serverRoot } from './endpoint';
import { choiceDeltas, toChatBody, usageFor, wireUsage } from './mapping';

/** Where the choices of a request with `n` go, event by event (a ChoiceDemux for streams, a collector for whole generations). */
interface ChoiceSink {
  push(index: number, event: GenerationEvent): void;
}
import type { WireUsage } from './mapping';

export interface OpenAIModelOptions {
  /** e.g. http://127.0.0.1:8000/v1 (a bare host:port gets /v1). */
  readonly baseUrl: string;
  /** The served model name, e.g. "Qwen/Qwen2.5-1.5B-Instruct". */
  readonly model: string;
  /** Sent as `Authorization: Bearer …`; never logged, never in a message. */
  readonly apiKey?: string;
  /** Generations in flight at this endpoint, shared with every caller of it. Default 4. */
  readonly slots?: number;
  /** Longest silence in a started response. Default 60 s. */
  readonly stallTimeoutMs?: number;
  /** Longest wait for a response to start; default: none (the limiter bounds the queue). */
  readonly queueTimeoutMs?: number;
  readonly retry?: Partial<RetryPolicy>;
  /** The longest retry-after Ponder waits out; a server asking for more fails the call. Default 60 s. */
  readonly maxRetryAfterMs?: number;
}

/** What the backend learned about the server and one model. */
export interface OpenAICapabilities extends ModelCapabilities {
  readonly server: ServerKind;
  readonly serverName: string;
  readonly traits: ServerTraits;
}

interface OpenStream {
  readonly stream: Stream<ChatCompletionChunk>;
  readonly startedMs: number;
}

/**
 * Why a thinking budget is not forced here: a chat completion's trace comes back already parsed out
 * (`reasoning_content`, vLLM's reasoning parsers) and `max_tokens` caps trace and answer together, so a cut
 * trace cannot be closed and continued without rendering the model's template for /v1/completions, which
 * Ponder does not do for these servers. The trace is stopped at the budget instead.
 */
const BUDGET_METHOD = 'stopped at the budget: an OpenAI-compatible chat cannot continue a cut trace';

export class OpenAIModel implements LanguageModel {
  readonly label: string;
  readonly model: string;
  readonly baseUrl: string;
  readonly #apiKey: string | undefined;
  readonly #agent: Agent;
  readonly #limiter: ConcurrencyLimiter;
  readonly #retry: RetryPolicy;
  readonly #stallTimeoutMs: number;
  readonly #queueTimeoutMs: number | undefined;
  readonly #maxRetryAfterMs: number;
  #server: Promise<{ kind: ServerKind; models: ServedModel[] }> | undefined;
  readonly #capabilities = new Map<string, Promise<OpenAICapabilities>>();

  constructor(options: OpenAIModelOptions) {
    this.baseUrl = normaliseBaseUrl(options.baseUrl);
    this.model = options.model;
    this.#apiKey = options.apiKey;
    this.#agent = createPatientAgent();
    this.#limiter = endpointLimiter(this.baseUrl, options.slots ?? 4);
    this.#retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.#stallTimeoutMs = options.stallTimeoutMs ?? 60_000;
    this.#queueTimeoutMs = options.queueTimeoutMs;
    this.#maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
    this.label = `openai ${this.model} @ ${displayBaseUrl(this.baseUrl)}`;
  }

  get endpoint(): string {
    return displayBaseUrl(this.baseUrl);
  }

  async *generate(request: GenerationRequest, signal: AbortSignal): AsyncIterable<GenerationEvent> {
    const model = request.model ?? this.model;
    allowManyListeners(signal);
    const release = await this.#limiter.acquire(signal);
    try {
      const server = await this.#serverKind(signal);
      const budgeted = request.thinkingBudget !== undefined && request.think !== false;
      // A budgeted (thinking) request goes without its stop strings, which the server would match on the
      // trace too; stopAtBudget holds the answer to them.
      const opened = await this.#open(budgeted ? withoutStops(request) : request, model, 1, server, signal);
      if (budgeted) {
        yield* stopAtBudget(request, this.#readOne(opened, model, signal), BUDGET_METHOD, signal);
      } else {
        yield* this.#readOne(opened, model, signal);
      }
    } finally {
      release();
    }
  }

  /**
   * `n` samples of one prompt. Where the server supports `n` (vLLM, SGLang) they come from one request,
   * so the prompt is evaluated once; elsewhere from `n` requests with seeds seed, seed+1, …
   * The prompt tokens of a shared request are charged to the first sample.
   */
  async generateMany(request: GenerationRequest, n: number, signal: AbortSignal): Promise<Generation[]> {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive integer, got ${n}`);
    const model = request.model ?? this.model;
    allowManyListeners(signal);
    const server = await this.#serverKind(signal);
    if (n === 1 || !traitsOf(server).n) {
      return Promise.all(
        Array.from({ length: n }, (_, i) => collect(this.generate(request.seed === undefined ? request : { ...request, seed: request.seed + i }, signal))),
      );
    }
    const release = await this.#limiter.acquire(signal);
    try {
      const opened = await this.#open(request, model, n, server, signal);
      return await this.#readMany(opened, model, n, signal);
    } finally {
      release();
    }
  }

  /**
   * `n` samples of one prompt in one request, each streamed on its own (ChoiceDemux): the search streams
   * every sample into the tree while the server evaluates the prompt once. Only where the server takes
   * `n` (sharesPrefill); the request takes one slot of the endpoint's limiter.
   */
  generateStreams(request: GenerationRequest, n: number, signal: AbortSignal): AsyncIterable<GenerationEvent>[] {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive integer, got ${n}`);
    const model = request.model ?? this.model;
    allowManyListeners(signal);
    let opened: OpenStream | undefined;
    const demux = new ChoiceDemux(
      n,
      async (target) => {
        const release = await this.#limiter.acquire(signal);
        try {
          const server = await this.#serverKind(signal);
          opened = await this.#open(request, model, n, server, signal);
          await this.#pumpMany(opened, model, n, target, signal);
        } finally {
          release();
        }
      },
      () => opened?.stream.controller.abort(),
    );
    return Array.from({ length: n }, (_, i) => demux.stream(i));
  }

  /** Whether `generateMany` gets one prefill for all samples on this server. */
  async sharesPrefill(signal: AbortSignal): Promise<boolean> {
    return traitsOf(await this.#serverKind(signal)).n;
  }

  capabilities(signal: AbortSignal, model?: string): Promise<OpenAICapabilities> {
    const name = model ?? this.model;
    let cached = this.#capabilities.get(name);
    if (!cached) {
      cached = this.#probeCapabilities(name, signal);
      this.#capabilities.set(name, cached);
      cached.catch(() => this.#capabilities.delete(name));
    }
    return cached;
  }

  /** The models the server lists at /v1/models. */
  async listModels(signal: AbortSignal): Promise<ServedModel[]> {
    return (await this.#detect(signal)).models;
  }

  async close(): Promise<void> {
    await this.#agent.close();
  }

  #context(model: string, streaming: boolean): OpenAIErrorContext {
    return { endpoint: displayBaseUrl(this.baseUrl), model, apiKey: this.#apiKey, streaming };
  }

  /** One client per call: its fetch is bound to the call's signal and timeouts. */
  #client(signal: AbortSignal, model: string, observed: CallObservations, headersTimeoutMs?: number): OpenAI {
    const fetch = createCallFetch(
      this.#agent,
      {
        endpoint: displayBaseUrl(this.baseUrl),
        model,
        signal,
        ...(headersTimeoutMs !== undefined ? { headersTimeoutMs } : {}),
        stallTimeoutMs: this.#stallTimeoutMs,
        ndjson: false,
      },
      observed,
    );
    return new OpenAI({
      baseURL: this.baseUrl,
      // Local servers accept any key; "EMPTY" is what vLLM's own examples send.
      apiKey: this.#apiKey ?? 'EMPTY',
      maxRetries: 0,
      timeout: 24 * 3600_000,
      fetch: fetch as unknown as NonNullable<ConstructorParameters<typeof OpenAI>[0]>['fetch'],
      logLevel: 'off',
    });
  }

  async #open(request: GenerationRequest, model: string, n: number, server: ServerKind, signal: AbortSignal): Promise<OpenStream> {
    const body = toChatBody(request, model, n, server);
    for (let attempt = 1; ; attempt++) {
      if (signal.aborted) throw abortErrorFrom(signal);
      const observed: CallObservations = {};
      const startedMs = performance.now();
      try {
        const client = this.#client(signal, model, observed, this.#queueTimeoutMs);
        const stream = await client.chat.completions.create(body, { signal });
        return { stream, startedMs };
      } catch (raw) {
        const err = classifyOpenAIError(raw, this.#context(model, false), signal);
        if (signal.aborted) throw abortErrorFrom(signal);
        const delay = this.#retryDelay(err, attempt);
        if (delay === undefined) {
          if (err instanceof OpenAIServerBusyError && attempt > 1) {
            throw new OpenAIServerBusyError(statusOf(err), err.retryAfterMs, attempt, { endpoint: err.endpoint, model });
          }
          throw err;
        }
        await sleep(delay, signal);
      }
    }
  }

  /** The wait before another try, or undefined when this failure is final. */
  #retryDelay(err: unknown, attempt: number): number | undefined {
    if (attempt >= this.#retry.attempts) return undefined;
    if (err instanceof OpenAIServerBusyError) {
      const backoff = backoffDelay(attempt, this.#retry);
      if (err.retryAfterMs === undefined) return backoff;
      return err.retryAfterMs > this.#maxRetryAfterMs ? undefined : Math.max(backoff, err.retryAfterMs);
    }
    // A pooled keep-alive connection found dead on first use: one more try on a fresh one.
    if (err instanceof ConnectionFailedError && attempt === 1) return 0;
    return undefined;
  }

  async *#readOne(opened: OpenStream, model: string, signal: AbortSignal): AsyncGenerator<GenerationEvent> {
    const { stream } = opened;
    const onAbort = (): void => stream.controller.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    let finishReason: string | undefined;
    let usage: WireUsage | undefined;
    let counted = 0;
    let firstTokenMs: number | undefined;
    let complete = false;
    try {
      for await (const chunk of stream) {
        usage = wireUsage(chunk) ?? usage;
        for (const delta of choiceDeltas(chunk)) {
          if (delta.index !== 0) continue;
          if (delta.text !== '' || delta.thinking !== '' || delta.logprobs.length > 0) {
            firstTokenMs ??= performance.now();
            counted += delta.logprobs.length > 0 ? delta.logprobs.length : 1;
            yield { type: 'chunk', text: delta.text, thinking: delta.thinking, logprobs: delta.logprobs };
          }
          if (delta.finishReason !== undefined) finishReason = delta.finishReason;
        }
      }
      if (finishReason === undefined) throw streamEnded(this.#context(model, true));
      complete = true;
      const timing = { startedMs: opened.startedMs, firstTokenMs, endedMs: performance.now() };
      yield { type: 'done', usage: usageFor(usage, usage ? usage.completionTokens : counted, true, finishReason, timing) };
    } catch (err) {
      throw classifyOpenAIError(err, this.#context(model, true), signal);
    } finally {
      signal.removeEventListener('abort', onAbort);
      // The consumer stopped early or something failed: close the request so the server stops too.
      if (!complete) stream.controller.abort();
    }
  }

  /** Reads a request with `n` choices whole: #pumpMany into one collected generation per choice. */
  async #readMany(opened: OpenStream, model: string, n: number, signal: AbortSignal): Promise<Generation[]> {
    const collected = Array.from({ length: n }, () => ({ text: '', thinking: '', logprobs: [] as TokenLogprob[], usage: undefined as GenerationUsage | undefined }));
    const sink: ChoiceSink = {
      push(index, event) {
        const part = collected[index];
        if (!part) return;
        if (event.type === 'done') {
          part.usage = event.usage;
          return;
        }
        part.text += event.text;
        part.thinking += event.thinking;
        part.logprobs.push(...event.logprobs);
      },
    };
    await this.#pumpMany(opened, model, n, sink, signal);
    // #pumpMany has pushed a done event for every choice, or thrown.
    return collected.map((part) => ({ text: part.text, thinking: part.thinking, logprobs: part.logprobs, usage: part.usage as GenerationUsage }));
  }

  /** Passes each choice's chunks on as they come; the done events follow the usage chunk. */
  async #pumpMany(opened: OpenStream, model: string, n: number, demux: ChoiceSink, signal: AbortSignal): Promise<void> {
    const { stream } = opened;
    const onAbort = (): void => stream.controller.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    const parts = Array.from({ length: n }, () => ({ counted: 0, finish: undefined as string | undefined }));
    let usage: WireUsage | undefined;
    let firstTokenMs: number | undefined;
    let complete = false;
    try {
      for await (const chunk of stream) {
        usage = wireUsage(chunk) ?? usage;
        for (const delta of choiceDeltas(chunk)) {
          const part = parts[delta.index];
          if (!part) continue;
          if (delta.text !== '' || delta.thinking !== '' || delta.logprobs.length > 0) {
            firstTokenMs ??= performance.now();
            part.counted += delta.logprobs.length > 0 ? delta.logprobs.length : 1;
            demux.push(delta.index, { type: 'chunk', text: delta.text, thinking: delta.thinking, logprobs: delta.logprobs });
          }
          if (delta.finishReason !== undefined) part.finish = delta.finishReason;
        }
      }
      if (parts.some((p) => p.finish === undefined)) throw streamEnded(this.#context(model, true));
      complete = true;
      const timing = { startedMs: opened.startedMs, firstTokenMs, endedMs: performance.now() };
      parts.forEach((part, i) => demux.push(i, { type: 'done', usage: usageFor(usage, part.counted, i === 0, part.finish, timing) }));
    } catch (err) {
      throw classifyOpenAIError(err, this.#context(model, true), signal);
    } finally {
      signal.removeEventListener('abort', onAbort);
      if (!complete) stream.controller.abort();
    }
  }

  #serverKind(signal: AbortSignal): Promise<ServerKind> {
    return this.#detect(signal).then((d) => d.kind);
  }

  /** GET /v1/models once per instance (and LM Studio's /api/v0/models when the owners say nothing). */
  #detect(signal: AbortSignal): Promise<{ kind: ServerKind; models: ServedModel[] }> {
    if (!this.#server) {
      this.#server = this.#detectNow(signal);
      this.#server.catch(() => (this.#server = undefined));
    }
    return this.#server;
  }

  async #detectNow(signal: AbortSignal): Promise<{ kind: ServerKind; models: ServedModel[] }> {
    const observed: CallObservations = {};
    let models: ServedModel[];
    try {
      const client = this.#client(signal, this.model, observed, 30_000);
      const page = await client.models.list({ signal });
      models = parseModelList({ data: page.data });
    } catch (raw) {
      throw classifyOpenAIError(raw, this.#context(this.model, false), signal);
    }
    let kind = kindFromOwners(models);
    if (kind === 'unknown' && (await this.#answersJson(`${serverRoot(this.baseUrl)}/api/v0/models`, signal))) kind = 'lmstudio';
    return { kind, models };
  }

  async #answersJson(url: string, signal: AbortSignal): Promise<boolean> {
    const fetch = createCallFetch(this.#agent, { endpoint: displayBaseUrl(this.baseUrl), signal, headersTimeoutMs: 5000, ndjson: false }, {});
    try {
      const response = await fetch(url, { headers: this.#apiKey ? { authorization: `Bearer ${this.#apiKey}` } : {} });
      const body: unknown = await response.json().catch(() => undefined);
      return response.ok && typeof body === 'object' && body !== null && Array.isArray((body as { data?: unknown }).data);
    } catch {
      if (signal.aborted) throw abortErrorFrom(signal);
      return false;
    }
  }

  /**
   * Capabilities from the server kind and one probe: a one-token request asking for log-probabilities
   * shows whether this server and model return them (LM Studio and some proxies do not). Without them
   * the verifier falls back to sampled judgements and says so in the result.
   */
  async #probeCapabilities(model: string, signal: AbortSignal): Promise<OpenAICapabilities> {
    const { kind, models } = await this.#detect(signal);
    const served = models.find((m) => m.id === model);
    let logprobs = false;
    let thinking = false;
    try {
      const probe = await collect(
        this.generate({ model, messages: [{ role: 'user', content: 'Say yes.' }], temperature: 0, maxTokens: 1, logprobs: true, topLogprobs: 2 }, signal),
      );
      logprobs = probe.logprobs.length > 0;
      // A model served with a reasoning parser (vLLM's --reasoning-parser) starts with its trace, which
      // comes back as `reasoning`: its one token is thinking. The probe asks nothing about thinking, so a
      // model seen thinking here thinks by default.
      thinking = probe.thinking !== '';
    } catch (err) {
      if (signal.aborted) throw abortErrorFrom(signal);
      // A model the server does not serve, an auth failure, …: report it now, with its own message.
      const classified = classifyOpenAIError(err, this.#context(model, false), signal);
      if (!(classified instanceof Error) || !('kind' in classified) || classified.kind !== 'bad-request') throw classified;
    }
    return {
      server: kind,
      serverName: SERVER_NAMES[kind],
      traits: traitsOf(kind),
      logprobs,
      thinking,
      ...(thinking ? { thinksByDefault: true } : {}),
      ...(served?.contextLength !== undefined ? { contextLength: served.contextLength } : {}),
    };
  }
}

function statusOf(err: OpenAIServerBusyError): number {
  const match = /HTTP (\d{3})/.exec(err.message);
  return match ? Number(match[1]) : 503;
}

async function collect(stream: AsyncIterable<GenerationEvent>): Promise<Generation> {
  let text = '';
  let thinking = '';
  const logprobs: TokenLogprob[] = [];
  for await (const event of stream) {
    if (event.type === 'done') return { text, thinking, logprobs, usage: event.usage };
    text += event.text;
    thinking += event.thinking;
    logprobs.push(...event.logprobs);
  }
  throw new Error('generation ended without usage');
}
