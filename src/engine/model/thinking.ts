// How much a thinking model is asked to think, and the tokens it is given for it. A thinking model's trace
// comes before its answer and counts against the same num_predict (Ollama), so a call capped for its
// answer alone can spend the whole cap thinking and answer nothing. Models whose thinking can be turned
// off are asked not to think when only the answer matters (the judge); gpt-oss cannot be (Ollama ignores
// `think: true/false` for it, docs/capabilities/thinking.mdx), so it gets its lowest level and a cap for
// its trace on top of the answer's.
import type { ModelCapabilities, ThinkSetting } from './types';

/** Trace tokens a judgement may spend before its Yes/No, at the lowest thinking level. */
export const JUDGE_THINKING_TOKENS = 256;
/** Trace tokens one generation (a step or a whole chain) may spend before its text. */
export const GENERATION_THINKING_TOKENS = 512;

export interface ThinkingPlan {
  /** What to send as `think`; undefined: leave it to the server. */
  readonly think?: ThinkSetting;
  /** Tokens added to the call's cap for the trace. */
  readonly allowance: number;
}

/** For a judgement: no thinking when the model can stop; otherwise the lowest level and a capped trace. */
export function judgeThinking(capabilities: ModelCapabilities): ThinkingPlan {
  if (!capabilities.thinking) return { allowance: 0 };
  if (capabilities.thinkingAlwaysOn) return { ...(capabilities.thinkLevels ? { think: 'low' as const } : {}), allowance: JUDGE_THINKING_TOKENS };
  return { think: false, allowance: 0 };
}

/** For generating: what was asked (or the model's default), with room for the trace whenever it will think. */
export function generationThinking(capabilities: ModelCapabilities, requested: ThinkSetting | undefined): ThinkingPlan {
  const asked = requested === undefined ? {} : { think: requested };
  if (!capabilities.thinking) return { ...asked, allowance: 0 };
  if (capabilities.thinkingAlwaysOn) {
    return { ...(capabilities.thinkLevels ? { think: 'low' as const } : {}), allowance: GENERATION_THINKING_TOKENS };
  }
  const thinks = requested ?? capabilities.thinksByDefault ?? false;
  return { ...asked, allowance: thinks ? GENERATION_THINKING_TOKENS : 0 };
}

/**
 * The token that carries a judgement: the first one with visible text, after any thinking. Found by its
 * place in the text, not assumed to be the first entry: thinking tokens come first, and Ollama drops the
 * log-probabilities of chunks with empty text (llm/llama_server.go, v0.33.0-rc2).
 */
export function firstAnswerToken<T extends { readonly token: string }>(textLogprobs: readonly T[]): T | undefined {
  return textLogprobs.find((entry) => entry.token.trim() !== '');
}
