// The stand-in's options and their defaults.
import type { SimConfig } from '../engine/model/sim/reasoner';
import type { RespondFn, TokenizeFn } from './backend';
import type { FaultSpec } from './faults';
import type { ModelSpec } from './models';
import { DEFAULT_MODELS, DEFAULT_REGISTRY } from './models';
import { featuresOf } from './version';

export interface StandinOptions {
  /** 0 (default): any free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Generations per model at once (OLLAMA_NUM_PARALLEL). Default 1, as Ollama's. */
  readonly parallel?: number;
  /**
   * Requests that may wait for a model load or reload before the next gets a 503 (OLLAMA_MAX_QUEUE).
   * Requests for a model already loaded wait for a slot without limit, as in Ollama. Default 512.
   */
  readonly maxQueue?: number;
  /** Time per generated token. Default 0 (tokens still arrive one event-loop turn apart). */
  readonly tokenLatencyMs?: number;
  /**
   * Time per evaluated (not cached) prompt token; prompt_eval_duration reports it, so the cache shows in
   * that figure as on a real server. Default 0.
   */
  readonly promptEvalLatencyMs?: number;
  /** Time to load a model that is not loaded. Default 0. */
  readonly loadLatencyMs?: number;
  /** Installed models. Default: qwen2.5:1.5b and qwen3:1.7b (thinking). */
  readonly models?: readonly ModelSpec[];
  /** Models /api/pull can fetch besides the installed ones. */
  readonly registry?: readonly ModelSpec[];
  /**
   * What /api/version reports; older versions also lose the features they lacked, and before 0.30 the
   * slots are the Go runner's instead of llama-server's. Default 0.32.15.
   */
  readonly version?: string;
  readonly faults?: readonly FaultSpec[];
  /** Slots keep their evaluated tokens for prefix reuse. Default true; false for comparisons. */
  readonly cache?: boolean;
  /**
   * OLLAMA_MULTIUSER_CACHE: a request may take the least recently used idle slot and have the longest
   * cached prefix of any slot, busy or not, copied into it (the Go runner's findBestCacheSlot). Only for
   * versions before 0.30, which had the Go runner. Default false.
   */
  readonly multiUserCache?: boolean;
  /** num_ctx when a request does not set it. Default 4096. */
  readonly defaultNumCtx?: number;
  /** keep_alive when a request does not set it. Default 5 minutes. */
  readonly defaultKeepAliveMs?: number;
  /** Pull progress: one progress line per tick. Default 60 ms, Ollama's ticker. */
  readonly pullTickMs?: number;
  /** Pull "download" speed. Default 2 GB/s. */
  readonly pullBytesPerSecond?: number;
  /** The backend. Default: the simulated reasoner's respond(). */
  readonly respond?: RespondFn;
  /** The tokenizer. Default: the simulated reasoner's tokenize(). */
  readonly tokenize?: TokenizeFn;
  /** Settings of the default backend (ignored when `respond` is given). */
  readonly simConfig?: SimConfig;
  /** The API spoken: Ollama's (default) or vLLM's OpenAI-compatible one (src/standin/openai). */
  readonly dialect?: 'ollama' | 'openai';
  /** OpenAI dialect: requests must carry `Authorization: Bearer <apiKey>` (vLLM's --api-key). */
  readonly apiKey?: string;
  /**
   * OpenAI dialect, false: `logprobs: true` is accepted and every choice comes back with `logprobs: null`,
   * as LM Studio's /v1/chat/completions does (openai/chat.ts). Default true (vLLM).
   */
  readonly logprobs?: boolean;
  /**
   * OpenAI dialect: the delta field a thinking model's reasoning streams under — `reasoning` (vLLM since
   * pull request #27752) or `reasoning_content` (vLLM before it; DeepSeek's API). Default `reasoning`.
   */
  readonly reasoningField?: 'reasoning' | 'reasoning_content';
}

export interface ResolvedOptions {
  readonly port: number;
  readonly host: string;
  readonly parallel: number;
  readonly maxQueue: number;
  readonly tokenLatencyMs: number;
  readonly promptEvalLatencyMs: number;
  readonly loadLatencyMs: number;
  readonly models: readonly ModelSpec[];
  readonly registry: readonly ModelSpec[];
  readonly version: string;
  readonly faults: readonly FaultSpec[];
  readonly cache: boolean;
  readonly multiUserCache: boolean;
  readonly defaultNumCtx: number;
  readonly defaultKeepAliveMs: number;
  readonly pullTickMs: number;
  readonly pullBytesPerSecond: number;
  /** Request bodies larger than this are refused (413). */
  readonly bodyLimitBytes: number;
  /** OpenAI dialect: whether chat completions return the log-probabilities they are asked for. */
  readonly logprobs: boolean;
  /** OpenAI dialect: the field reasoning streams under (openai/reasoning.ts). */
  readonly reasoningField: 'reasoning' | 'reasoning_content';
}

/** The latest release when this was written (ollama/ollama tag v0.32.15): llama-server runs the models. */
export const DEFAULT_VERSION = '0.32.15';

function positive(name: string, value: number, min: number): number {
  if (!Number.isFinite(value) || value < min) throw new Error(`standin: ${name} must be a number ≥ ${min}`);
  return value;
}

export function resolveOptions(options: StandinOptions): ResolvedOptions {
  const version = options.version ?? DEFAULT_VERSION;
  if (options.multiUserCache === true && featuresOf(version).llamaServer) {
    throw new Error(
      `standin: OLLAMA_MULTIUSER_CACHE belongs to Ollama's Go runner, which ${version} no longer has (removed in 0.30.0); ` +
        'imitate an older version (e.g. --version 0.13.0) to use it',
    );
  }
  return {
    port: positive('port', options.port ?? 0, 0),
    host: options.host ?? '127.0.0.1',
    parallel: Math.floor(positive('parallel', options.parallel ?? 1, 1)),
    maxQueue: Math.floor(positive('maxQueue', options.maxQueue ?? 512, 0)),
    tokenLatencyMs: positive('tokenLatencyMs', options.tokenLatencyMs ?? 0, 0),
    promptEvalLatencyMs: positive('promptEvalLatencyMs', options.promptEvalLatencyMs ?? 0, 0),
    loadLatencyMs: positive('loadLatencyMs', options.loadLatencyMs ?? 0, 0),
    models: options.models ?? DEFAULT_MODELS,
    registry: options.registry ?? DEFAULT_REGISTRY,
    version,
    faults: options.faults ?? [],
    cache: options.cache ?? true,
    multiUserCache: options.multiUserCache ?? false,
    defaultNumCtx: Math.floor(positive('defaultNumCtx', options.defaultNumCtx ?? 4096, 1)),
    defaultKeepAliveMs: options.defaultKeepAliveMs ?? 5 * 60_000,
    pullTickMs: positive('pullTickMs', options.pullTickMs ?? 60, 0),
    pullBytesPerSecond: positive('pullBytesPerSecond', options.pullBytesPerSecond ?? 2e9, 1),
    bodyLimitBytes: 64 * 1024 * 1024,
    logprobs: options.logprobs ?? true,
    reasoningField: options.reasoningField ?? 'reasoning',
  };
}
