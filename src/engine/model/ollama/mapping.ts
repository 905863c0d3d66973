// Translation between Ponder's generation types and Ollama's /api/chat request and response chunks.
import type { ChatRequest, ChatResponse, GenerateRequest, GenerateResponse, Options } from 'ollama';
import type { GenerationEvent, GenerationRequest, GenerationUsage, TokenLogprob } from '../types';

export interface ChatDefaults {
  readonly model: string;
  /** The one context size for every call: a different num_ctx makes Ollama reload the model. */
  readonly numCtx: number;
  readonly keepAlive?: string | number;
  /**
   * Send `truncate: false` and `shift: false` (Ollama ≥ 0.12.7): a prompt longer than the context is then
   * refused with a 400 instead of losing its oldest messages — for Ponder's [system, problem, steps] that
   * is the problem (server/prompt.go chatPrompt) — or its middle tokens (runner truncation, context shift).
   */
  readonly refuseOverflow?: boolean;
}

/** The chat request with the fields the `ollama` client's types do not list yet. */
export type OllamaChatRequest = ChatRequest & { stream: true; truncate?: boolean; shift?: boolean };

/** The raw /api/generate request with the fields the `ollama` client's types do not list yet. */
export type OllamaRawRequest = GenerateRequest & { stream: true; raw: true; truncate?: boolean; shift?: boolean };

function sampling(request: GenerationRequest, defaults: ChatDefaults): Partial<Options> {
  const options: Partial<Options> = {
    num_ctx: defaults.numCtx,
    temperature: request.temperature,
    num_predict: request.maxTokens,
  };
  if (request.topP !== undefined) options.top_p = request.topP;
  if (request.seed !== undefined) options.seed = request.seed;
  if (request.stop !== undefined && request.stop.length > 0) options.stop = [...request.stop];
  return options;
}

/**
 * A raw /api/generate request: `prompt` goes to the model as it is, with no template (server/routes.go
 * GenerateHandler, v0.33.0-rc2), and the same sampling, num_ctx and overflow settings as the chat call, so
 * the model is not reloaded and its slot's cached prefix can serve the prompt.
 */
export function toRawGenerateRequest(request: GenerationRequest, prompt: string, defaults: ChatDefaults): OllamaRawRequest {
  const raw: OllamaRawRequest = {
    model: request.model ?? defaults.model,
    prompt,
    raw: true,
    stream: true,
    options: sampling(request, defaults),
  };
  if (request.logprobs) {
    raw.logprobs = true;
    if (request.topLogprobs !== undefined) raw.top_logprobs = request.topLogprobs;
  }
  if (defaults.keepAlive !== undefined) raw.keep_alive = defaults.keepAlive;
  if (defaults.refuseOverflow) {
    raw.truncate = false;
    raw.shift = false;
  }
  return raw;
}

/** The streamed /api/chat request for one generation. A trailing assistant message is a prefill. */
export function toChatRequest(request: GenerationRequest, defaults: ChatDefaults): OllamaChatRequest {
  const options = sampling(request, defaults);
  const chat: OllamaChatRequest = {
    model: request.model ?? defaults.model,
    messages: request.messages.map((message) => ({ role: message.role, content: message.content })),
    stream: true,
    options,
  };
  // Left out when unset: Ollama then decides (a thinking model thinks by default).
  if (request.think !== undefined) chat.think = request.think;
  if (request.logprobs) {
    chat.logprobs = true;
    if (request.topLogprobs !== undefined) chat.top_logprobs = request.topLogprobs;
  }
  if (defaults.keepAlive !== undefined) chat.keep_alive = defaults.keepAlive;
  if (defaults.refuseOverflow) {
    chat.truncate = false;
    chat.shift = false;
  }
  return chat;
}

interface WireLogprob {
  readonly token?: unknown;
  readonly logprob?: unknown;
  readonly top_logprobs?: readonly WireLogprob[];
}

function toTokenLogprob(entry: WireLogprob): TokenLogprob {
  const token = typeof entry.token === 'string' ? entry.token : '';
  const logprob = typeof entry.logprob === 'number' ? entry.logprob : Number.NEGATIVE_INFINITY;
  const alternatives = entry.top_logprobs;
  if (alternatives === undefined) return { token, logprob };
  const topLogprobs = alternatives.map((alt: WireLogprob) => ({
    token: typeof alt.token === 'string' ? alt.token : '',
    logprob: typeof alt.logprob === 'number' ? alt.logprob : Number.NEGATIVE_INFINITY,
  }));
  return { token, logprob, topLogprobs };
}

/** The text, thinking and log-probabilities of one chunk (the final one included), or undefined if it has none. */
export function chunkEvent(chunk: ChatResponse): GenerationEvent | undefined {
  const message = chunk.message as Partial<ChatResponse['message']> | undefined;
  const text = typeof message?.content === 'string' ? message.content : '';
  const thinking = typeof message?.thinking === 'string' ? message.thinking : '';
  return eventOf(text, thinking, chunk.logprobs);
}

/** The same for a chunk of /api/generate (`response` and `thinking` at the top level). */
export function generateChunkEvent(chunk: GenerateResponse): GenerationEvent | undefined {
  const fields = chunk as Partial<GenerateResponse>;
  const text = typeof fields.response === 'string' ? fields.response : '';
  const thinking = typeof fields.thinking === 'string' ? fields.thinking : '';
  return eventOf(text, thinking, fields.logprobs);
}

function eventOf(text: string, thinking: string, wire: unknown): GenerationEvent | undefined {
  const logprobs = Array.isArray(wire) ? (wire as WireLogprob[]).map(toTokenLogprob) : [];
  if (text === '' && thinking === '' && logprobs.length === 0) return undefined;
  return { type: 'chunk', text, thinking, logprobs };
}

const NS_PER_MS = 1e6;

/** Usage from the final chunk. Every metric is omitted by the server when zero, so absent means 0. */
export function usageOf(chunk: ChatResponse | GenerateResponse): GenerationUsage {
  const metrics = chunk as Partial<ChatResponse>;
  const n = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
  return {
    promptTokens: n(metrics.prompt_eval_count),
    generatedTokens: n(metrics.eval_count),
    totalDurationMs: n(metrics.total_duration) / NS_PER_MS,
    loadDurationMs: n(metrics.load_duration) / NS_PER_MS,
    promptEvalDurationMs: n(metrics.prompt_eval_duration) / NS_PER_MS,
    evalDurationMs: n(metrics.eval_duration) / NS_PER_MS,
    doneReason: typeof metrics.done_reason === 'string' && metrics.done_reason !== '' ? metrics.done_reason : 'stop',
  };
}
