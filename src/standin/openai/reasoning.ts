// Reasoning in the OpenAI dialect, as vLLM serves a thinking model started with a reasoning parser
// (`vllm serve Qwen/Qwen3-1.7B --reasoning-parser qwen3`, or `deepseek_r1` for the R1 distills).
//
// - The parser splits the output at `</think>`: the tokens before it are reasoning, the rest content
//   (vllm/reasoning/basic_parsers.py BaseThinkingReasoningParser.extract_reasoning and
//   extract_reasoning_streaming @ 00e9cc9f; qwen3_reasoning_parser.py @ 00a4c6a1). A lone `<think>` or
//   `</think>` delta yields nothing, so no chunk is sent for it.
// - Qwen3's parser reads `chat_template_kwargs.enable_thinking` (default true, as Qwen3's template): false
//   puts an empty think block in the prompt and all output is content (Qwen3ReasoningParser.__init__
//   `thinking_enabled`). DeepSeek-R1's parser has no such switch: text before `</think>` is reasoning even when
//   the template opened the trace (deepseek_r1_reasoning_parser.py @ 0172203d, from before the rename below).
// - Each streamed delta carries the reasoning under `reasoning` (DeltaMessage in
//   vllm/entrypoints/openai/engine/protocol.py). Before vLLM pull request #27752 (November 2025) the field
//   was `reasoning_content`, DeepSeek's name; that PR made `reasoning` the name and kept
//   `reasoning_content` as a deprecated alias, and #33402 (merged 2026-01-30) removed it. The stand-in's
//   `reasoningField` option serves the older name, for clients that must read both.
// - Non-streaming: `message.reasoning` beside `message.content` (ChatMessage, same rename).
// - `max_tokens` caps reasoning and content together: vLLM has no separate thinking budget, and
//   `usage.completion_tokens` counts both.
import type { ModelEntry } from '../models';

export type ReasoningParser = 'qwen3' | 'deepseek_r1';
export type ReasoningField = 'reasoning' | 'reasoning_content';

/** The parser the stand-in's thinking model is served with (none: its output is all content). */
export function reasoningParserOf(entry: ModelEntry): ReasoningParser | undefined {
  if (!entry.capabilities.includes('thinking')) return undefined;
  if (entry.template === 'deepseek-r1') return 'deepseek_r1';
  // Qwen3 and the other `<think>` models the stand-in serves split as Qwen3's parser does.
  return 'qwen3';
}

/** Whether the model thinks for this request: Qwen3 unless `enable_thinking` is false; R1 always. */
export function thinksFor(parser: ReasoningParser | undefined, enableThinking: boolean | undefined): boolean {
  if (parser === undefined) return false;
  if (parser === 'deepseek_r1') return true;
  return enableThinking !== false;
}

/** A streamed delta for one token: its text as reasoning or as content. */
export function tokenDelta(text: string, thinking: boolean, field: ReasoningField): Record<string, string> {
  return thinking ? { [field]: text } : { content: text };
}
