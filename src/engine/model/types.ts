// The one interface every model backend implements (Ollama, the simulated reasoner, replay, …).
// A generation is always a stream so that every call can be cancelled through its AbortSignal.

/** One chat turn. A trailing `assistant` message is continued by the model (a prefill). */
export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

/** The log-probability of one generated token, with the most likely alternatives when asked. */
export interface TokenLogprob {
  readonly token: string;
  readonly logprob: number;
  readonly topLogprobs?: readonly { readonly token: string; readonly logprob: number }[];
}

export interface GenerationRequest {
  /** Model name for backends that serve several (e.g. a separate verifier model); default: the backend's own. */
  readonly model?: string;
  readonly messages: readonly ChatMessage[];
  readonly temperature: number;
  readonly topP?: number;
  /** A distinct seed per sample: identical seeds give identical chains. */
  readonly seed?: number;
  /** Hard cap on generated tokens (thinking included). */
  readonly maxTokens: number;
  /** Generation stops before any of these strings. */
  readonly stop?: readonly string[];
  /**
   * Ask a thinking model for its hidden trace (returned separately), or set how long it thinks: a level
   * for models whose thinking cannot be turned off (gpt-oss takes only "low" | "medium" | "high").
   */
  readonly think?: ThinkSetting;
  /**
   * Budget forcing (s1, Muennighoff et al. 2025) for a thinking model: at `maxTokens` of thinking the trace is
   * closed and the model writes its answer from the trace so far; a trace that ends before `minTokens` is
   * extended with "Wait". Backends that cannot force a model stop it at the budget and say so in the outcome.
   */
  readonly thinkingBudget?: ThinkingBudget;
  /** Return per-token log-probabilities, with this many alternatives per token (0..20). */
  readonly logprobs?: boolean;
  readonly topLogprobs?: number;
}

export type ThinkSetting = boolean | 'low' | 'medium' | 'high';

export interface ThinkingBudget {
  /** Thinking tokens at most, before the forced close. */
  readonly maxTokens: number;
  /** Below this many thinking tokens an early close is replaced by "Wait" and thinking goes on. Default 0. */
  readonly minTokens?: number;
  /**
   * This is no budget anyone asked for but the generation's trace allowance (model/thinking.ts): a trace that
   * reaches it is closed and answered from where the model can be forced, and stopped (no answer) where not.
   */
  readonly allowance?: boolean;
}

/**
 * How a budgeted generation's thinking ended: `natural` (closed by the model within the budget), `cut` (closed
 * at the budget, then answered), `extended` (went on after "Wait" at least once), `stopped` (the model could not
 * be forced: generation ended at the budget with no answer, e.g. a template Ponder cannot render).
 */
export type ThinkingEnding = 'natural' | 'cut' | 'extended' | 'stopped';

export interface ThinkingOutcome {
  /** Thinking tokens generated, over every continuation. */
  readonly tokens: number;
  readonly budget: number;
  readonly ending: ThinkingEnding;
  /** Times "Wait" was appended. */
  readonly extensions: number;
  /** How the close was forced, e.g. `raw prompt (qwen3 template)` or `level "low"`; for the tree and --json. */
  readonly method?: string;
  /** The limit was the generation's trace allowance, not a thinking budget (ThinkingBudget.allowance). */
  readonly allowance?: boolean;
}

/** Why a generation ended: `stop` (finished or hit a stop string), `length` (maxTokens reached). */
export type DoneReason = 'stop' | 'length' | (string & {});

export interface GenerationUsage {
  /**
   * Prompt tokens sent: the whole prompt as the server counts it (Ollama's prompt_eval_count includes the
   * tokens served from its prefix cache). How much the cache saved shows in promptEvalDurationMs.
   */
  readonly promptTokens: number;
  /** Tokens generated, thinking included. */
  readonly generatedTokens: number;
  readonly totalDurationMs: number;
  readonly loadDurationMs: number;
  readonly promptEvalDurationMs: number;
  readonly evalDurationMs: number;
  readonly doneReason: DoneReason;
}

/** A piece of a streamed generation. Any field may be empty in a given chunk. */
export type GenerationEvent =
  | { readonly type: 'chunk'; readonly text: string; readonly thinking: string; readonly logprobs: readonly TokenLogprob[] }
  | { readonly type: 'done'; readonly usage: GenerationUsage; readonly thinkingOutcome?: ThinkingOutcome };

export interface ModelCapabilities {
  /** The server returns per-token log-probabilities (Ollama ≥ 0.12.11). */
  readonly logprobs: boolean;
  /** The model can produce a separate thinking trace. */
  readonly thinking: boolean;
  /** A thinking model thinks when a request does not say (Ollama's thinking models do). Default false. */
  readonly thinksByDefault?: boolean;
  /** The model thinks whatever `think` says; only levels tune it (gpt-oss). Default false. */
  readonly thinkingAlwaysOn?: boolean;
  /** `think` accepts levels ("low" | "medium" | "high"). Default false. */
  readonly thinkLevels?: boolean;
  /** The model's maximum context, when the backend knows it. */
  readonly contextLength?: number;
  /** The backend's version string, e.g. Ollama's. */
  readonly version?: string;
}

export interface LanguageModel {
  /** Human-readable identity, e.g. `ollama qwen2.5:1.5b @ http://127.0.0.1:11434` or `simulated reasoner`. */
  readonly label: string;
  /** Streams one generation. Aborting `signal` stops the generation and closes its request. */
  generate(request: GenerationRequest, signal: AbortSignal): AsyncIterable<GenerationEvent>;
  /** What the backend supports for `model` (default: its own model). */
  capabilities(signal: AbortSignal, model?: string): Promise<ModelCapabilities>;
  /**
   * Optional: whether `generateStreams` gets one prefill for all its samples on this server (vLLM and
   * SGLang take `n`). Where it is absent or says false, callers draw samples one request each.
   */
  sharesPrefill?(signal: AbortSignal): Promise<boolean>;
  /**
   * Optional: `n` samples of one prompt from one request, sample i seeded `seed + i` (what `n` separate
   * requests seeded seed, seed+1, … would give, where the server seeds that way), each streamed on its
   * own. The request opens when the first stream is read; the prompt's usage is on sample 0's.
   */
  generateStreams?(request: GenerationRequest, n: number, signal: AbortSignal): AsyncIterable<GenerationEvent>[];
  /**
   * Optional: why this model cannot attempt `problem` at all, or undefined when it can. Only the demo model
   * knows this in advance (it reads arithmetic only, and says so in every chain it writes): a solve then
   * draws the one chain that shows what it says, not a search of identical refusals.
   */
  outOfReach?(problem: string): string | undefined;
}

/** The whole of a finished generation, for callers that do not need the stream. */
export interface Generation {
  readonly text: string;
  readonly thinking: string;
  readonly logprobs: readonly TokenLogprob[];
  /**
   * The log-probabilities that came with visible text, in order (thinking tokens' left out): where a
   * judgement's answer token is found after any thinking.
   */
  readonly textLogprobs?: readonly TokenLogprob[];
  readonly usage: GenerationUsage;
  /** Set when the request had a thinking budget. */
  readonly thinkingOutcome?: ThinkingOutcome;
}
