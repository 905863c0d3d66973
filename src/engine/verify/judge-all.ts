// Judges every step of a chain concurrently (the model layer's limiter bounds real concurrency) and waits
// for all of them before reporting a failure, so no call outlives the scoring that started it.
import type { StepJudgement, StepScores, VerifierMethod } from './types';

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
