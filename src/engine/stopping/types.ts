// Outcome-level sampling controllers decide, sample by sample, whether drawing more whole solutions is
// worth it. They see only what a finished sample yields — its answer key, an optional verifier score and
// what it cost — so the same controller runs over recorded samples (replay) and over a live model.
import type { SearchDecision } from '../../protocol/tree';

/** What one finished sample tells a controller. */
export interface Observation {
  /** The answer's key: equal keys are the same answer. Null when the sample stated no answer. */
  readonly key: string | null;
  /** Verifier score in [0, 1] of the whole sample, when there is one. */
  readonly score?: number | null;
  /** Tokens the sample cost. */
  readonly tokens: number;
  /**
   * The model's own confidence in the sample, in [0, 1]: the geometric mean of its tokens' probabilities
   * (exp of the mean token log-probability, as DeepConf averages), where the server returned log-probabilities.
   */
  readonly confidence?: number | null;
}

/**
 * Why a controller stopped:
 * - `budget`: it drew every sample it was allowed;
 * - `window`: a window of answers was unanimous (ESC);
 * - `confident`: the posterior rule was satisfied (Beta rule, Ponder adaptive), or what sampling on could
 *   still win fell below the bin's minimum gain (its decision says which);
 * - `decided`: the remaining samples could no longer change the winner;
 * - `hopeless`: little agreement after the probe, so its difficulty bin allows only a small budget.
 */
export type StopReason = 'budget' | 'window' | 'confident' | 'decided' | 'hopeless';

export interface ControllerResult {
  /** The chosen answer key, or null when no sample stated an answer. */
  readonly answer: string | null;
  readonly samples: number;
  readonly tokens: number;
  readonly stop: StopReason;
  /** What the controller decided and why, for the tree and the report. */
  readonly decisions: SearchDecision[];
  /** Ponder adaptive only: the estimated difficulty in [0, 1] and its bin (1 = easiest … 5 = hardest). */
  readonly difficulty?: number;
  readonly bin?: number;
}

/**
 * A controller is driven by a loop: ask `next()` how many samples to draw (they can be drawn at once),
 * draw them, `observe` each in order, repeat until `next()` is 0, then read `result()`.
 */
export interface SamplingController {
  next(): number;
  observe(observation: Observation): void;
  result(): ControllerResult;
}

/** The strategies a controller can be built for from a name. */
export const OUTCOME_STRATEGIES = ['majority', 'weighted', 'esc', 'beta', 'posterior', 'adaptive'] as const;
export type OutcomeStrategy = (typeof OUTCOME_STRATEGIES)[number];

export function isOutcomeStrategy(name: string): name is OutcomeStrategy {
  return (OUTCOME_STRATEGIES as readonly string[]).includes(name);
}

/** A strategy that needs step-level generation (or anything else an outcome controller cannot do). */
export class UnsupportedStrategyError extends Error {
  override readonly name = 'UnsupportedStrategyError';
  constructor(
    readonly strategy: string,
    message: string,
  ) {
    super(message);
  }
}
