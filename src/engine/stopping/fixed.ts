// Fixed-N baselines: majority vote (self-consistency) and verifier-weighted best-of-N. Both draw every
// allowed sample in one batch.
import type { VoteRule } from './controller-base';
import { ControllerBase } from './controller-base';
import type { VoteTally } from './tally';

export class FixedVoteController extends ControllerBase {
  constructor(
    maxSamples: number,
    private readonly rule: VoteRule,
    tally?: VoteTally,
  ) {
    super(maxSamples, tally);
  }

  next(): number {
    if (this.stopReason) return 0;
    if (this.atMaximum()) return 0;
    return this.maxSamples - this.tally.samples;
  }

  protected voteRule(): VoteRule {
    return this.rule;
  }
}

export function majorityController(maxSamples: number, tally?: VoteTally): FixedVoteController {
  return new FixedVoteController(maxSamples, 'majority', tally);
}

export function weightedController(maxSamples: number, tally?: VoteTally): FixedVoteController {
  return new FixedVoteController(maxSamples, 'weighted', tally);
}
