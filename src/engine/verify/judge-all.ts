// Judges every step of a chain concurrently (the model layer's limiter bounds real concurrency) and waits
// for all of them before reporting a failure, so no call outlives the scoring that started it.
import type { ScoreStepsOptions, StepJudgement, StepScores, Verifier, VerifierMethod } from './types';

export async function judgeAllSteps(
  stepCount: number,
  method: VerifierMethod,
  judgeStep: (index: number) => Promise<StepJudgement>,
  onStep?: (judgement: StepJudgement) => void,
): Promise<StepScores> {
  const outcomes = await Promise.allSettled(
    Array.from({ length: stepCount }, async (_, index) => {
      const judgement = await judgeStep(index);
      onStep?.(judgement);
      return judgement;
    }),
  );
  const judgements: StepJudgement[] = [];
  for (const outcome of outcomes) {
    if (outcome.status === 'rejected') throw outcome.reason;
    judgements.push(outcome.value);
  }
  return { scores: judgements.map((j) => j.score), judgements, method };
}

/** A verifier that judges one step at a time: whole chains and single steps both go through `judgeStep`. */
export abstract class StepJudge implements Verifier {
  abstract readonly method: VerifierMethod;
  abstract readonly description: string;
  abstract readonly tokensPerStep: number;

  scoreSteps(problem: string, steps: readonly string[], signal: AbortSignal, options: ScoreStepsOptions = {}): Promise<StepScores> {
    return judgeAllSteps(steps.length, this.method, (index) => this.judgeStep(problem, steps, index, signal), options.onStep);
  }

  scoreStep(problem: string, steps: readonly string[], index: number, signal: AbortSignal): Promise<StepJudgement> {
    if (index < 0 || index >= steps.length) return Promise.reject(new RangeError(`step ${index} is outside a chain of ${steps.length} steps`));
    return this.judgeStep(problem, steps, index, signal);
  }

  /** Judges step `index` of `steps`, the steps before it being its context. */
  protected abstract judgeStep(problem: string, steps: readonly string[], index: number, signal: AbortSignal): Promise<StepJudgement>;
}
