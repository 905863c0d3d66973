// The chat-completions request, validated the way vLLM's ChatCompletionRequest (pydantic model in
// vllm/entrypoints/openai/protocol.py) and its validators do, with vLLM's messages for what Ponder might
// get wrong. Unknown fields are ignored (vLLM logs them and goes on).
import type { PromptMessage } from '../template';

export interface ChatRequest {
  readonly model: string;
  readonly messages: readonly PromptMessage[];
  readonly n: number;
  readonly seed: number | undefined;
  readonly temperature: number;
  readonly topP: number;
  /** undefined: up to the context length (vLLM's default). */
  readonly maxTokens: number | undefined;
  readonly stop: readonly string[];
  readonly logprobs: boolean;
  readonly topLogprobs: number;
  readonly stream: boolean;
  readonly includeUsage: boolean;
  readonly continueFinalMessage: boolean;
  /** `chat_template_kwargs.enable_thinking` (Qwen3's template switch); undefined when not given. */
  readonly enableThinking: boolean | undefined;
}

/** vLLM's default --max-logprobs. */
export const MAX_LOGPROBS = 20;

export function parseChatRequest(body: unknown): { ok: true; value: ChatRequest } | { ok: false; message: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, message: 'Input should be a valid dictionary' };
  const b = body as Record<string, unknown>;
  const fail = (message: string): { ok: false; message: string } => ({ ok: false, message });
  if (typeof b.model !== 'string' && b.model !== undefined && b.model !== null) return fail('model: Input should be a valid string');
  if (!Array.isArray(b.messages)) return fail('messages: Field required');
  const messages: PromptMessage[] = [];
  for (const m of b.messages as unknown[]) {
    if (typeof m !== 'object' || m === null) return fail('messages: Input should be a valid dictionary');
    const { role, content } = m as { role?: unknown; content?: unknown };
    if (typeof role !== 'string') return fail('messages.role: Field required');
    const text = typeof content === 'string' ? content : Array.isArray(content) ? content.map((part) => (typeof part === 'object' && part !== null && typeof (part as { text?: unknown }).text === 'string' ? (part as { text: string }).text : '')).join('') : '';
    messages.push({ role, content: text });
  }
  const int = (value: unknown): number | undefined => (typeof value === 'number' && Number.isInteger(value) ? value : undefined);
  const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
  const n = b.n === undefined || b.n === null ? 1 : int(b.n);
  if (n === undefined || n < 1) return fail('n must be at least 1, got ' + String(b.n));
  const stream = b.stream === true;
  const streamOptions = b.stream_options as { include_usage?: unknown } | null | undefined;
  // ChatCompletionRequest.validate_stream_options
  if (streamOptions !== undefined && streamOptions !== null && !stream) return fail('Stream options can only be defined when `stream=True`.');
  const logprobs = b.logprobs === true;
  const topLogprobs = b.top_logprobs === undefined || b.top_logprobs === null ? undefined : int(b.top_logprobs);
  // ChatCompletionRequest.check_logprobs
  if (topLogprobs !== undefined) {
    if (topLogprobs < 0) return fail('`top_logprobs` must be a positive value.');
    if (topLogprobs > 0 && !logprobs) return fail('when using `top_logprobs`, `logprobs` must be set to true.');
  }
  // vllm/v1/engine/processor.py _validate_logprobs
  if (logprobs && (topLogprobs ?? 0) > MAX_LOGPROBS) return fail(`Requested sample logprobs of ${topLogprobs}, which is greater than max allowed: ${MAX_LOGPROBS}`);
  const maxTokens = int(b.max_completion_tokens) ?? int(b.max_tokens);
  if (maxTokens !== undefined && maxTokens < 1) return fail('max_tokens must be at least 1, got ' + String(maxTokens));
  const stop = typeof b.stop === 'string' ? [b.stop] : Array.isArray(b.stop) ? (b.stop as unknown[]).filter((s): s is string => typeof s === 'string') : [];
  const continueFinalMessage = b.continue_final_message === true;
  // ChatCompletionRequest.check_generation_prompt
  if (continueFinalMessage && b.add_generation_prompt === true) return fail('Cannot set both `continue_final_message` and `add_generation_prompt` to True.');
  const seed = int(b.seed);
  const templateKwargs = b.chat_template_kwargs;
  const enableThinking =
    typeof templateKwargs === 'object' && templateKwargs !== null && typeof (templateKwargs as { enable_thinking?: unknown }).enable_thinking === 'boolean'
      ? (templateKwargs as { enable_thinking: boolean }).enable_thinking
      : undefined;
  return {
    ok: true,
    value: {
      model: typeof b.model === 'string' ? b.model : '',
      messages,
      n,
      seed,
      temperature: num(b.temperature) ?? 1,
      topP: num(b.top_p) ?? 1,
      maxTokens,
      stop,
      logprobs,
      topLogprobs: logprobs ? (topLogprobs ?? 0) : 0,
      stream,
      includeUsage: stream && streamOptions?.include_usage === true,
      continueFinalMessage,
      enableThinking,
    },
  };
}
