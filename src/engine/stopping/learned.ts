// The learned stopping rule: after each sample, stop once the stopping model (stop-model.ts) puts the
// probability that the current leader is majority@cap's answer at or above the threshold, or once the
// remaining samples could not change the winner, or at the cap.
import type { VoteRule } from './controller-base';
import { ControllerBase } from './controller-base';
import type { StopModel } from './stop-model';
import { predictStop } from './stop-model';
import type { VoteTally } from './tally';

export interface LearnedOptions {
  readonly maxSamples: number;
  readonly threshold: number;
  readonly model: StopModel;
  readonly rule: VoteRule;
  readonly minSamples?: number;
}

export class LearnedStopController extends ControllerBase {
  constructor(
    private readonly options: LearnedOptions,
    tally?: VoteTally,
  ) {
    super(options.maxSamples, tally);
    if (!(options.threshold > 0 && options.threshold <= 1)) throw new RangeError(`the stopping threshold must be in (0, 1], got ${options.threshold}`);
  }

  next(): number {
    if (this.stopReason) return 0;
    const remaining = this.maxSamples - this.tally.samples;
    const [leader, runnerUp] = this.tally.topTwo();
    if (leader && remaining > 0 && this.tally.samples >= (this.options.minSamples ?? 0)) {
      const leaderWinsTies = !runnerUp || leader.first < runnerUp.first;
      const gap = leader.votes - ((runnerUp?.votes ?? 0) + remaining);
      if (gap > 0 || (gap === 0 && leaderWinsTies)) return this.stop('decided', `the remaining ${remaining} samples could not change the winner`, { remaining });
      const p = predictStop(this.options.model, this.tally, this.maxSamples);
      if (p >= this.options.threshold) {
        return this.stop('confident', `the stopping model gives P(leader is majority@${this.maxSamples}'s answer) = ${p.toFixed(3)} ≥ ${this.options.threshold}`, {
          probability: Math.round(p * 1e6) / 1e6,
          threshold: this.options.threshold,
          cap: this.maxSamples,
        });
      }
    }
    if (remaining <= 0) return this.stop('budget', `drew all ${this.maxSamples} allowed samples`, { cap: this.maxSamples });
    return 1;
  }

  protected voteRule(): VoteRule {
    return this.options.rule;
  }
}
