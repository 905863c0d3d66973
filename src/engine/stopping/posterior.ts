// Ponder's posterior stopping rule: keep sampling one at a time until the probability that the leading
// answer would still lead at the cap reaches the threshold (see leader-holds.ts), or the cap is reached.
// With a threshold of 1 it stops only when the remaining samples cannot change the winner, so it always
// agrees with majority@cap while drawing fewer samples.
import type { VoteRule } from './controller-base';
import { ControllerBase } from './controller-base';
import { flipGain } from './flip-gain';
import { leaderHoldsProbability } from './leader-holds';
import type { VoteTally } from './tally';

export interface PosteriorOptions {
  readonly maxSamples: number;
  /** Stop once P(leader holds to maxSamples) ≥ this, in (0, 1]. */
  readonly threshold: number;
  /** How the final answer is chosen. */
  readonly rule: VoteRule;
  /** Draw at least this many samples before the rule may stop (early leads among scattered answers are unreliable). */
  readonly minSamples?: number;
  /** Also stop once what sampling on could still win in accuracy (flip-gain.ts) is below this. */
  readonly minGain?: number;
  /** The reason given when the cap is reached without confidence (adaptive's hopeless bins). */
  readonly capReason?: 'budget' | 'hopeless';
  readonly capMessage?: string;
}

export class PosteriorController extends ControllerBase {
  constructor(
    private readonly options: PosteriorOptions,
    tally?: VoteTally,
  ) {
    super(options.maxSamples, tally);
    if (!(options.threshold > 0 && options.threshold <= 1)) {
      throw new RangeError(`the stopping threshold must be in (0, 1], got ${options.threshold}`);
    }
  }

  next(): number {
    if (this.stopReason) return 0;
    const remaining = this.maxSamples - this.tally.samples;
    const [leader, runnerUp] = this.tally.topTwo();
    if (leader && remaining > 0 && this.tally.samples >= (this.options.minSamples ?? 0)) {
      const runnerVotes = runnerUp?.votes ?? 0;
      const other = this.tally.samples - leader.votes - runnerVotes;
      const leaderWinsTies = !runnerUp || leader.first < runnerUp.first;
      const gap = leader.votes - (runnerVotes + remaining);
      if (gap > 0 || (gap === 0 && leaderWinsTies)) {
        return this.stop('decided', `the remaining ${remaining} samples could not change the winner`, { remaining });
      }
      const holds = leaderHoldsProbability(leader.votes, runnerVotes, other, remaining, leaderWinsTies);
      if (holds >= this.options.threshold) {
        return this.stop(
          'confident',
          `P(leader still leads at ${this.maxSamples} samples) = ${holds.toFixed(3)} ≥ ${this.options.threshold}`,
          { probability: Math.round(holds * 1e6) / 1e6, threshold: this.options.threshold, cap: this.maxSamples },
        );
      }
      const minGain = this.options.minGain;
      if (minGain !== undefined && minGain > 0) {
        const gain = flipGain(leader.votes, runnerVotes, other, holds);
        if (gain < minGain) {
          return this.stop(
            'confident',
            `sampling on to ${this.maxSamples} could win ${gain.toFixed(4)} in accuracy < ${minGain} (P(leader still leads) = ${holds.toFixed(3)})`,
            { gain: Math.round(gain * 1e6) / 1e6, minGain, probability: Math.round(holds * 1e6) / 1e6, cap: this.maxSamples },
          );
        }
      }
    }
    if (remaining <= 0) {
      const reason = this.options.capReason ?? 'budget';
      this.stop(reason, this.options.capMessage ?? `drew all ${this.maxSamples} allowed samples`, { cap: this.maxSamples });
      return 0;
    }
    return 1;
  }

  protected voteRule(): VoteRule {
    return this.options.rule;
  }
}
