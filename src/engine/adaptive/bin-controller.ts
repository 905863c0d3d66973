// The stopping controller of an outcome-level policy bin, continuing the probe's tally, as the stopping
// module's AdaptiveController builds it for recorded samples (stopping/adaptive.ts): the same strategies,
// parameters, caps and stopping thresholds, so a policy means the same live and in `ponder bench`.
import { BetaRuleController } from '../stopping/beta-rule';
import type { ControllerBase, VoteRule } from '../stopping/controller-base';
import { EscController } from '../stopping/esc';
import { FixedVoteController } from '../stopping/fixed';
import type { PolicyBin } from '../stopping/policy';
import { PosteriorController } from '../stopping/posterior';
import type { VoteTally } from '../stopping/tally';

export interface BinControllerSpec {
  readonly entry: PolicyBin;
  readonly bin: number;
  /** Samples this bin may draw in all, the probe's included. */
  readonly cap: number;
  /** The user's maximum. */
  readonly maxSamples: number;
  /** Confidence the stopping rule needs (the bin's, or the user's target). */
  readonly threshold: number;
}

export function binController(spec: BinControllerSpec, tally: VoteTally): ControllerBase {
  const { entry, bin, cap, maxSamples, threshold } = spec;
  const rule = voteRule(entry, tally);
  switch (entry.strategy) {
    case 'posterior':
      return new PosteriorController(
        {
          maxSamples: cap,
          threshold,
          rule,
          ...(cap < maxSamples
            ? { capReason: 'hopeless' as const, capMessage: `bin ${bin} allows ${cap} of ${maxSamples} samples: with this little agreement, more samples are unlikely to help` }
            : {}),
        },
        tally,
      );
    case 'majority':
    case 'weighted':
      return new FixedVoteController(cap, entry.strategy, tally);
    case 'esc':
      return new EscController(cap, positiveInteger(entry.params.window, 4), rule, tally);
    case 'beta':
      return new BetaRuleController(cap, Math.min(threshold, 0.999999), rule, tally);
    default:
      throw new RangeError(`"${entry.strategy}" is not an outcome-level strategy`);
  }
}

/** `vote`: "majority", "weighted", or "auto" (weighted when the samples carry verifier scores). */
export function voteRule(entry: PolicyBin, tally: VoteTally): VoteRule {
  const vote = entry.params.vote;
  if (vote === 'majority' || vote === 'weighted') return vote;
  if (entry.strategy === 'weighted') return 'weighted';
  if (entry.strategy === 'majority') return 'majority';
  return tally.scored > 0 ? 'weighted' : 'majority';
}

function positiveInteger(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : fallback;
}
