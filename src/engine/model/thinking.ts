// How much a thinking model is asked to think, and the tokens it is given for it. A thinking model's trace
// comes before its answer and counts against the same num_predict (Ollama), so a call capped for its
// answer alone can spend the whole cap thinking and answer nothing. Models whose thinking can be turned
// off are asked not to think when only the answer matters (the judge); gpt-oss cannot be (Ollama ignores
// `think: true/false` for it, docs/capabilities/thinking.mdx), so it gets its lowest level and a cap for
// its trace on top of the answer's.
import type { GenerationRequest, ModelCapabilities, ThinkingBudget, ThinkSetting } from './types';

/** Trace tokens a judgement may spend before its Yes/No, at the lowest thinking level. */
export const JUDGE_THINKING_TOKENS = 256;
/**
 * Trace tokens one generation (a step or a whole chain) may spend before its text, when no thinking budget
 * is set. Real traces are long: Qwen3's model cards recommend 32,768 output tokens for most queries (38,912
 * for competition maths) and DeepSeek-R1's distills are evaluated at up to 32,768, but those are ceilings
 * for the hardest problems, sized to the models' context. s1 (Muennighoff et al. 2025, arXiv:2501.19393,
 * Figure 1) spends roughly 512–2,048 average thinking tokens on MATH500 and more on AIME24. Ponder's problems
 * are word problems of school to MATH level, and a trace must fit in the context beside the prompt and the
 * answer (8,192 by default, DEFAULT_NUM_CTX): 4,096 covers those lengths (and the simulated thinking model's
 * level-5 traces, 1,418 tokens on average, docs/simulator.md) with half the context left. A trace that runs
 * longer is not lost: the allowance is carried as an implicit budget (`ThinkingBudget.allowance`), so a model
 * Ponder can force answers from its trace so far, and one it cannot is stopped and its generation failed.
 */
export const GENERATION_THINKING_TOKENS = 4096;

export interface ThinkingPlan {
  /** What to send as `think`; undefined: leave it to the server. */
  readonly think?: ThinkSetting;
  /** Tokens added to the call's cap for the trace. */
  readonly allowance: number;
  /** The thinking budget each generation is forced to (model/ollama/think-force.ts); none: the trace runs free. */
  readonly budget?: ThinkingBudget;
}

/** For a judgement: no thinking when the model can stop; otherwise the lowest level and a capped trace. */
export function judgeThinking(capabilities: ModelCapabilities): ThinkingPlan {
  if (!capabilities.thinking) return { allowance: 0 };
  if (capabilities.thinkingAlwaysOn) return { ...(capabilities.thinkLevels ? { think: 'low' as const } : {}), allowance: JUDGE_THINKING_TOKENS };
  return { think: false, allowance: 0 };
}

/**
 * For generating: what was asked (or the model's default), with room for the trace whenever it will think.
 * With a thinking budget the room is the budget itself, and each generation carries it to be forced; without
 * one the room is GENERATION_THINKING_TOKENS, carried as an implicit budget (`allowance: true`) so that a
 * trace that fills it is forced to an answer, or stopped, exactly as at a budget, and never ends in an empty
 * generation that search would take for a finished one.
 */
export function generationThinking(
  capabilities: ModelCapabilities,
  requested: ThinkSetting | undefined,
  budget?: number,
  minTokens?: number,
): ThinkingPlan {
  const asked = requested === undefined ? {} : { think: requested };
  if (!capabilities.thinking) return { ...asked, allowance: 0 };
  const budgeted =
    budget === undefined
      ? { budget: { maxTokens: GENERATION_THINKING_TOKENS, allowance: true } }
      : { budget: { maxTokens: budget, ...(minTokens ? { minTokens } : {}) } };
  if (capabilities.thinkingAlwaysOn) {
    // A level asked for is kept; on/off mean nothing to such a model, so it gets its lowest level.
    const level = typeof requested === 'string' ? requested : 'low';
    return { ...(capabilities.thinkLevels ? { think: level } : {}), allowance: budget ?? GENERATION_THINKING_TOKENS, ...budgeted };
  }
  const thinks = requested === undefined ? (capabilities.thinksByDefault ?? false) : requested !== false;
  if (!thinks) return { ...asked, allowance: 0 };
  return { ...asked, allowance: budget ?? GENERATION_THINKING_TOKENS, ...budgeted };
}

/**
 * The request as sent with `granted` tokens when the ledger could not grant its whole maxTokens: the shortfall
 * comes out of the trace allowance (an implicit budget), so that the trace is forced closed early enough to
 * leave the text its room, instead of running into the smaller cap with no text at all. A budget someone
 * asked for is theirs and is left as it is.
 */
export function fitAllowance(request: GenerationRequest, granted: number): GenerationRequest {
  const budget = request.thinkingBudget;
  const shortfall = request.maxTokens - granted;
  if (!budget?.allowance || shortfall <= 0) return { ...request, maxTokens: granted };
  return { ...request, maxTokens: granted, thinkingBudget: { ...budget, maxTokens: Math.max(1, budget.maxTokens - shortfall) } };
}

/** What a backend may add to a model's capabilities: how it ends a trace at a thinking budget. */
export interface ForcingInfo {
  readonly forcing?:
    | { readonly kind: 'template'; readonly template: string }
    | { readonly kind: 'level' }
    | { readonly kind: 'stop'; readonly reason: string };
}

/** In words, for the tree: how a trace is ended at the budget (or the trace allowance) on this model. */
export function describeForcing(capabilities: ModelCapabilities & ForcingInfo, limit: 'budget' | 'allowance' = 'budget'): string {
  const forcing = capabilities.forcing;
  const at = limit === 'budget' ? 'the budget' : 'the allowance';
  const stopped = limit === 'budget' ? 'it is stopped there, with no answer' : 'it is stopped there and the generation fails, with no answer';
  switch (forcing?.kind) {
    case 'template':
      return `forced: at ${at} the trace is closed and the model answers from it (a raw prompt in its ${forcing.template} template)`;
    case 'level':
      return `this model takes only thinking levels: if its trace reaches ${at} ${stopped}`;
    case 'stop':
      return `this model cannot be forced (${forcing.reason}): if its trace reaches ${at} ${stopped}`;
    default:
      return `this backend cannot force a trace to close: if a trace reaches ${at} ${stopped}`;
  }
}

/**
 * The token that carries a judgement: the first one with visible text, after any thinking. Found by its
 * place in the text, not assumed to be the first entry: thinking tokens come first, and Ollama drops the
 * log-probabilities of chunks with empty text (llm/llama_server.go, v0.33.0-rc2).
 */
export function firstAnswerToken<T extends { readonly token: string }>(textLogprobs: readonly T[]): T | undefined {
  return textLogprobs.find((entry) => entry.token.trim() !== '');
}
