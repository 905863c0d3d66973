// The step verifier: scores each step of a reasoning chain in [0, 1] (the chance the step is correct).
import type { NodeUsage } from '../../protocol/tree';

/** How the scores were obtained, so the UI can say which judge is in use. */
export type VerifierMethod = 'logprobs' | 'sampled' | 'prm';

/** The judgement of one step. */
export interface StepJudgement {
  /** 0-based index of the step in the chain. */
  readonly index: number;
  readonly score: number;
  /** For people, e.g. `P(yes)=0.91 (log-probabilities)`. */
  readonly verdict: string;
  /** What judging this step cost. */
  readonly usage: NodeUsage;
}

export interface StepScores {
  /** One score per step, in chain order. */
  readonly scores: number[];
  readonly judgements: StepJudgement[];
  readonly method: VerifierMethod;
}

export interface ScoreStepsOptions {
  /** Called as each step's judgement arrives (steps are judged concurrently, so in any order). */
  onStep?: (judgement: StepJudgement) => void;
}

export interface Verifier {
  readonly method: VerifierMethod;
  /** For people, e.g. `log-probability judge (qwen2.5:7b)`. */
  readonly description: string;
  /** The most generated tokens judging one step can cost (to set aside budget for verification). */
  readonly tokensPerStep: number;
  /**
   * Scores every step of `steps`. Each call is charged to the ledger and stops when `signal` aborts.
   * Rejects when any judgement fails (after the others have ended, so nothing keeps running).
   */
  scoreSteps(problem: string, steps: readonly string[], signal: AbortSignal, options?: ScoreStepsOptions): Promise<StepScores>;
  /**
   * Scores step `index` of `steps` alone (the steps before it are its context). Step-level search scores
   * each new step once, as it is written; without this method it falls back to scoreSteps.
   */
  scoreStep?(problem: string, steps: readonly string[], index: number, signal: AbortSignal): Promise<StepJudgement>;
}
