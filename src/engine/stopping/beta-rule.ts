// Adaptive-Consistency's Beta stopping rule (Aggarwal et al. 2023): after every sample, with a and b the
// vote counts of the two most common answers, stop once P(p1 > p2) under Beta(a + 1, b + 1) exceeds the
// threshold (0.95 in the paper), and take the majority.
import { betaLeaderProbability } from './beta';
import type { VoteRule } from './controller-base';
import { ControllerBase } from './controller-base';
import type { VoteTally } from './tally';

export const BETA_DEFAULT_THRESHOLD = 0.95;

export class BetaRuleController extends ControllerBase {
  constructor(
    maxSamples: number,
    readonly threshold: number = BETA_DEFAULT_THRESHOLD,
    private readonly rule: VoteRule = 'majority',
    tally?: VoteTally,
  ) {
    super(maxSamples, tally);
    if (!(threshold > 0 && threshold < 1)) throw new RangeError(`the Beta threshold must be in (0, 1), got ${threshold}`);
  }

  next(): number {
    if (this.stopReason) return 0;
    const [leader, runnerUp] = this.tally.topTwo();
    if (leader) {
      const probability = betaLeaderProbability(leader.votes, runnerUp?.votes ?? 0);
      if (probability > this.threshold) {
        return this.stop('confident', `P(leader is the majority) = ${probability.toFixed(3)} > ${this.threshold}`, {
          probability: round(probability),
          threshold: this.threshold,
        });
      }
    }
    if (this.atMaximum()) return 0;
    return 1;
  }

  protected voteRule(): VoteRule {
    return this.rule;
  }
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
