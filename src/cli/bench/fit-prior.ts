// Whether a fitted policy keeps the run's consistency prior (engine/stopping/consistency-prior.ts). The
// prior settles a unanimous probe early once a run has shown the model consistent; that saves samples on a
// model whose agreeing answers are right, and costs accuracy on one whose answers split between a right and a
// wrong one on some problems (a thinking model at a short budget, say): the first answer agrees with itself
// and is settled, where a vote would have overturned it. Which of the two a model is, the problems fitted say.
import { ConsistencyPrior } from '../../engine/stopping/consistency-prior';
import type { Policy } from '../../engine/stopping/policy';
import { PairedGain } from './paired';
import { round } from './stats';

export interface PriorDecision {
  readonly policy: Policy;
  /** Why, in words (the policy's meta keeps it). */
  readonly why: string;
}

/**
 * Runs `policy` over the problems fitted twice, in order, each repeat a run with its own prior (as a live
 * session and the bench do) and then without one, paired run by run. The prior stays when it is cheaper and
 * its loss is confidently within the tolerance (the lower one-sided 95% bound of its gain in correct runs,
 * summed per problem, at least −tolerance × runs); otherwise the policy is written without it.
 */
export async function decidePrior(
  policy: Policy,
  problems: readonly number[],
  repeats: number,
  tolerance: number,
  run: (policy: Policy, problem: number, repeat: number, prior: ConsistencyPrior | undefined) => Promise<{ readonly correct: boolean; readonly cost: number }>,
): Promise<PriorDecision> {
  if (!policy.consistencyPrior) return { policy, why: 'the base policy does not use the consistency prior' };
  const priors = Array.from({ length: repeats }, () => new ConsistencyPrior());
  const paired = new PairedGain();
  let withCost = 0;
  let withoutCost = 0;
  let withCorrect = 0;
  let withoutCorrect = 0;
  for (const p of problems) {
    let diff = 0;
    for (let r = 0; r < repeats; r++) {
      const withPrior = await run(policy, p, r, priors[r]);
      const without = await run(policy, p, r, undefined);
      withCost += withPrior.cost;
      withoutCost += without.cost;
      withCorrect += withPrior.correct ? 1 : 0;
      withoutCorrect += without.correct ? 1 : 0;
      diff += (withPrior.correct ? 1 : 0) - (without.correct ? 1 : 0);
    }
    paired.addProblem(diff);
  }
  const runs = Math.max(1, problems.length * repeats);
  const lower = paired.lowerBound();
  const figures = `with it ${pct(withCorrect / runs)} at ${round(withCost / runs, 1)}, without ${pct(withoutCorrect / runs)} at ${round(withoutCost / runs, 1)} per problem`;
  if (withCost < withoutCost && lower >= -tolerance * runs - 1e-9) {
    return { policy, why: `the consistency prior stays: cheaper on the problems fitted with no loss they could see (${figures})` };
  }
  const reason = withCost < withoutCost ? 'it cost accuracy on the problems fitted' : 'it saved nothing on the problems fitted';
  return { policy: { ...policy, consistencyPrior: false }, why: `the consistency prior is off: ${reason} (${figures})` };
}

/** The decision as a sentence for the reports, from a fitted policy's meta (undefined when it has none). */
export function priorDecisionSentence(policy: Policy): string | undefined {
  const why = policy.meta?.consistencyPrior;
  return typeof why === 'string' ? `${why.charAt(0).toUpperCase()}${why.slice(1)}.` : undefined;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}
