// The contract between the simulated reasoner and the two things that serve it: the in-process
// `SimulatedModel` (a LanguageModel) and the Ollama stand-in (HTTP). Both stream the same tokens.
import type { ChatMessage } from '../types';

export interface SimTopLogprob {
  readonly token: string;
  readonly logprob: number;
}

export interface SimToken {
  readonly text: string;
  /** Log-probability the simulated model assigns to this token. */
  readonly logprob: number;
  /** Most likely alternatives at this position, best first (the chosen token among them). */
  readonly top: readonly SimTopLogprob[];
  /** Part of the hidden thinking trace rather than the visible answer. */
  readonly thinking: boolean;
}

export interface SimRequest {
  readonly messages: readonly ChatMessage[];
  readonly temperature: number;
  /** Omitted: a fresh random seed per request, as Ollama does. */
  readonly seed?: number;
  /** Cap on generated tokens; -1 for unlimited. */
  readonly maxTokens: number;
  readonly stop?: readonly string[];
  readonly think?: boolean;
  /**
   * The model serving this request is a thinking model (the stand-in's qwen3, deepseek-r1, magistral): asked to
   * think, it writes the trace the problem wants, whatever the configuration's `thinkingModel` says. The cap on
   * it is the request's token cap, as `num_predict` caps a real model's trace.
   */
  readonly thinkingModel?: boolean;
  /**
   * Budget forcing (thinking-trace.ts): with `think`, the model writes the reasoning trace the problem wants,
   * closes it at `maxTokens` and answers from what it wrote; below `minTokens` it goes on after "Wait".
   */
  readonly thinkingBudget?: {
    readonly maxTokens: number;
    readonly minTokens?: number;
    /**
     * The engine's trace allowance, not a budget anyone asked for: a thinking model closes its trace there and
     * answers; a model that writes only the short outline (not a thinking model) is not changed by it.
     */
    readonly allowance?: boolean;
  };
  /**
   * Thinking the caller already has for this answer (a trace closed by a forced `</think>` in a raw prompt):
   * no new trace is written and the answer's accuracy is what these tokens buy.
   */
  readonly priorThinkingTokens?: number;
  /**
   * A trace the prompt already holds (a raw prompt that continues an open trace, or closes one and asks for
   * the answer): what the model has thought so far. The reasoner may read it; it does not repeat it.
   */
  readonly priorThinking?: string;
  /** How many alternatives each token lists (0..20). */
  readonly topLogprobs?: number;
}

/** How a budgeted trace ended (the engine's ThinkingOutcome, without the engine's types). */
export interface SimThinkingOutcome {
  readonly tokens: number;
  readonly budget: number;
  readonly ending: 'natural' | 'cut' | 'extended';
  readonly extensions: number;
  readonly method: string;
  /** The limit was the engine's trace allowance (thinkingBudget.allowance). */
  readonly allowance?: boolean;
}

export interface SimResponse {
  readonly tokens: readonly SimToken[];
  readonly doneReason: 'stop' | 'length';
  /** Set for a request with a thinking budget that the solver answered. */
  readonly thinkingOutcome?: SimThinkingOutcome;
}
