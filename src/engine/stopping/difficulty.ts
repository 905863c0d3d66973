// The adaptive mode's difficulty estimate from its probe: how much the probe's answers agree and, when a
// verifier scored them, how good it thinks they are (Snell et al. bin questions by the verifier's mean
// score; agreement is the signal every model has). 0 is easiest, 1 hardest; the policy's cuts map it to
// five bins.
import type { Policy } from './policy';
import type { VoteTally } from './tally';

export interface DifficultyEstimate {
  /** In [0, 1]. */
  readonly difficulty: number;
  /** 1 (easiest) … 5 (hardest). */
  readonly bin: number;
  /** Votes of the leading answer over probe samples (samples without an answer count against it). */
  readonly agreement: number;
  /** Mean verifier score over the probe, when there were scores. */
  readonly meanScore?: number;
  readonly probeSamples: number;
}

export function estimateDifficulty(tally: VoteTally, policy: Policy): DifficultyEstimate {
  const probeSamples = tally.samples;
  const leader = tally.topTwo()[0];
  const agreement = probeSamples === 0 ? 0 : (leader?.votes ?? 0) / probeSamples;
  const meanScore = tally.scored > 0 ? clamp01(tally.scoreSum / tally.scored) : undefined;
  const w = policy.difficulty.scoreWeight;
  const difficulty = meanScore === undefined ? 1 - agreement : (1 - w) * (1 - agreement) + w * (1 - meanScore);
  return { difficulty, bin: binOf(difficulty, policy), agreement, ...(meanScore === undefined ? {} : { meanScore }), probeSamples };
}

export function binOf(difficulty: number, policy: Policy): number {
  let bin = 1;
  for (const cut of policy.difficulty.cuts) if (difficulty > cut + 1e-12) bin += 1;
  return bin;
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}
