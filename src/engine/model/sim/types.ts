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
   * A trace the prompt already holds (a raw prompt that continues an open trace, or closes one and asks for
   * the answer): what the model has thought so far. The reasoner may read it; it does not repeat it.
   */
  readonly priorThinking?: string;
  /** How many alternatives each token lists (0..20). */
  readonly topLogprobs?: number;
}

export interface SimResponse {
  readonly tokens: readonly SimToken[];
  readonly doneReason: 'stop' | 'length';
}
