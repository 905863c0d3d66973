// What every search strategy receives and returns. Strategies are plain async functions over this
// context, registered by name (see registry.ts), so new ones plug into `solve` without touching it.
import type { ThinkingPlan } from '../model/thinking';
import type { AnswerTally } from '../../protocol/tree';
import type { BudgetLedger } from '../budget/ledger';
import type { LanguageModel, ThinkSetting } from '../model/types';
import type { ReasoningTree } from '../tree/tree';
import type { Aggregation } from '../verify/aggregate';
import type { Verifier } from '../verify/types';
import type { Policy } from '../stopping/policy';
import type { AnswerTools } from './answer-tools';
import type { StrategyParams } from './params';

export interface SearchOptions {
  /** Chains to sample (N). */
  readonly samples: number;
  /** maxTokens of one chain (the ledger may grant less near the cap). */
  readonly maxTokensPerSample: number;
  /** A chain is not started with fewer tokens than this left. */
  readonly minTokensPerSample: number;
  readonly temperature: number;
  /** Chains generated at once (the model layer's limiter bounds real concurrency). */
  readonly parallelism: number;
  readonly aggregation: Aggregation;
  /** Sample i uses seed + i. */
  readonly seed: number;
  /** Generator model name for backends that serve several; default: the backend's own. */
  readonly generatorModel?: string;
  /** Ask a thinking model for its hidden trace: kept on the nodes (collapsed), counted in the budget. */
  readonly think?: ThinkSetting;
  /** Show a step's thinking trace to the verifier too (default: the verifier sees only the visible steps). */
  readonly verifierSeesThinking?: boolean;
  /** Settings of beam search, DVTS, lookahead and revisions (search/params.ts). */
  readonly params?: StrategyParams;
  /** Adaptive mode: the policy (or a path to its JSON) and a confidence target overriding the policy's. */
  readonly adaptive?: { readonly policy?: Policy | string; readonly confidence?: number };
}

export interface SearchContext {
  readonly problem: string;
  readonly model: LanguageModel;
  /** Present for strategies that declare `needsVerifier`. */
  readonly verifier?: Verifier;
  readonly ledger: BudgetLedger;
  readonly tree: ReasoningTree;
  readonly signal: AbortSignal;
  readonly options: SearchOptions;
  readonly answers: AnswerTools;
  /** `think` for generations and the tokens added to each for the trace (model/thinking.ts); none: as asked. */
  readonly thinking?: ThinkingPlan;
}

/**
 * Why the search ended: `completed` (it ran what it planned), `budget` (the token or call cap stopped it
 * early), `cancelled` (the signal fired; the result holds what was found so far).
 */
export type StopReason = 'completed' | 'budget' | 'cancelled';

export interface SampleCounts {
  requested: number;
  /** Chains that stated an answer. */
  answered: number;
  /** Chains that finished without an extractable answer (no vote). */
  unanswered: number;
  /** Chains whose model call failed. */
  failed: number;
  /** Chains stopped by cancellation. */
  cancelled: number;
  /** Chains never started (budget, cancellation, or repeated failures). */
  notStarted: number;
}

export interface SearchOutcome {
  /** The chosen (normalised) answer, or undefined when no chain stated one. */
  readonly answer: string | undefined;
  /** The chosen cluster's share of the (weighted) vote, 0 without an answer. */
  readonly confidence: number;
  readonly answers: AnswerTally[];
  readonly stopReason: StopReason;
  readonly samples: SampleCounts;
}

export interface StrategyDefinition {
  readonly name: string;
  /** One line for people. */
  readonly description: string;
  readonly needsVerifier: boolean;
  run(context: SearchContext): Promise<SearchOutcome>;
}
