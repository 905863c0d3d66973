// Translation between Ponder's generation types and the OpenAI chat-completions wire format, as the
// `openai` client types it, plus the fields vLLM and SGLang add (continue_final_message,
// add_generation_prompt, chat_template_kwargs: vllm/entrypoints/openai/protocol.py, ChatCompletionRequest).
import type { ChatCompletionChunk, ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import type { GenerationRequest, GenerationUsage, TokenLogprob } from '../types';
import type { ServerKind } from './detect';

export type ChatBody = ChatCompletionCreateParamsStreaming & Record<string, unknown>;

/** The streamed request for `n` samples of one prompt (n = 1: one generation). */
export function toChatBody(request: GenerationRequest, model: string, n: number, server: ServerKind): ChatBody {
  const body: ChatBody = {
    model,
    messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
    stream: true,
    // The final chunk then carries the usage (serving_chat.py: `if include_usage:` after the last token).
    stream_options: { include_usage: true },
    temperature: request.temperature,
    max_tokens: request.maxTokens,
  };
  if (n > 1) body.n = n;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.seed !== undefined) body.seed = request.seed;
  if (request.stop !== undefined && request.stop.length > 0) body.stop = [...request.stop].slice(0, 4);
  if (request.logprobs) {
    body.logprobs = true;
    body.top_logprobs = request.topLogprobs ?? 0;
  }
  const last = request.messages[request.messages.length - 1];
  if (last?.role === 'assistant' && (server === 'vllm' || server === 'sglang')) {
    // A trailing assistant message is a prefill to continue, not a finished turn to answer.
    body.continue_final_message = true;
    body.add_generation_prompt = false;
  }
  if (request.think !== undefined && (server === 'vllm' || server === 'sglang')) {
    // Qwen3-style templates take a switch; a level (gpt-oss's) means on.
    body.chat_template_kwargs = { enable_thinking: request.think !== false };
  }
  return body;
}

/** What one choice of one chunk carries. */
export interface ChoiceDelta {
  readonly index: number;
  readonly text: string;
  readonly thinking: string;
  readonly logprobs: readonly TokenLogprob[];
  readonly finishReason: string | undefined;
}

export function choiceDeltas(chunk: ChatCompletionChunk): ChoiceDelta[] {
  const choices = Array.isArray(chunk.choices) ? chunk.choices : [];
  return choices.map((choice) => {
    const delta = (choice.delta ?? {}) as { content?: unknown; reasoning_content?: unknown; reasoning?: unknown };
    const thinking = typeof delta.reasoning_content === 'string' ? delta.reasoning_content : typeof delta.reasoning === 'string' ? delta.reasoning : '';
    const content = Array.isArray(choice.logprobs?.content) ? choice.logprobs.content : [];
    return {
      index: typeof choice.index === 'number' ? choice.index : 0,
      text: typeof delta.content === 'string' ? delta.content : '',
      thinking,
      logprobs: content.map(toTokenLogprob),
      finishReason: typeof choice.finish_reason === 'string' ? choice.finish_reason : undefined,
    };
  });
}

interface WireLogprob {
  readonly token?: unknown;
  readonly logprob?: unknown;
  readonly top_logprobs?: unknown;
}

function toTokenLogprob(entry: WireLogprob): TokenLogprob {
  const token = typeof entry.token === 'string' ? entry.token : '';
  // vLLM clamps -inf to -9999.0 so that the JSON stays valid; both mean "impossible".
  const logprob = typeof entry.logprob === 'number' ? entry.logprob : Number.NEGATIVE_INFINITY;
  if (!Array.isArray(entry.top_logprobs) || entry.top_logprobs.length === 0) return { token, logprob };
  const topLogprobs = (entry.top_logprobs as WireLogprob[]).map((alt) => ({
    token: typeof alt.token === 'string' ? alt.token : '',
    logprob: typeof alt.logprob === 'number' ? alt.logprob : Number.NEGATIVE_INFINITY,
  }));
  return { token, logprob, topLogprobs };
}

/** Usage as the server reported it on the final chunk. */
export interface WireUsage {
  readonly promptTokens: number;
  readonly completionTokens: number;
  /** Prompt tokens served from the prefix cache (vLLM with --enable-prompt-tokens-details, llama.cpp, SGLang). */
  readonly cachedTokens: number;
}

export function wireUsage(chunk: ChatCompletionChunk): WireUsage | undefined {
  const usage = chunk.usage as
    | { prompt_tokens?: unknown; completion_tokens?: unknown; prompt_tokens_details?: { cached_tokens?: unknown } | null }
    | null
    | undefined;
  if (!usage) return undefined;
  const n = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0);
  return {
    promptTokens: n(usage.prompt_tokens),
    completionTokens: n(usage.completion_tokens),
    cachedTokens: n(usage.prompt_tokens_details?.cached_tokens),
  };
}

export interface Timing {
  readonly startedMs: number;
  readonly firstTokenMs: number | undefined;
  readonly endedMs: number;
}

/**
 * Ponder's usage for one choice. `promptTokens` counts what the server evaluated (prompt minus cached
 * prefix); with `n` samples the prompt is evaluated once, so it is charged to the first sample only.
 * Durations are measured here: the OpenAI format reports none.
 */
export function usageFor(wire: WireUsage | undefined, generated: number, chargePrompt: boolean, finishReason: string | undefined, timing: Timing): GenerationUsage {
  const total = timing.endedMs - timing.startedMs;
  const firstToken = (timing.firstTokenMs ?? timing.endedMs) - timing.startedMs;
  return {
    promptTokens: chargePrompt && wire ? Math.max(0, wire.promptTokens - wire.cachedTokens) : 0,
    generatedTokens: generated,
    totalDurationMs: total,
    loadDurationMs: 0,
    promptEvalDurationMs: firstToken,
    evalDurationMs: Math.max(0, total - firstToken),
    doneReason: finishReason === 'length' ? 'length' : finishReason ?? 'stop',
  };
}
