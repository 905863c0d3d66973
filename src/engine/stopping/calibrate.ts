// Difficulty cuts calibrated to a model. Snell et al. bin questions by quintiles of the model's own
// difficulty, so each bin holds a fifth of the questions whatever the model's strength. The built-in cuts
// are fixed points of the probe's estimate; these put the cuts at the quintiles of estimates observed on a
// development set, so that the bins, and the policy's per-bin choices, fit the model at hand.
import type { Policy } from './policy';

/**
 * Four increasing cuts in (0, 1) at the 20th, 40th, 60th and 80th percentiles of `difficulties`: each cut
 * lies halfway between the estimate at its percentile and the next larger estimate seen, so a problem whose
 * estimate is at the percentile falls below it. Where estimates tie (a four-sample probe without scores has
 * five possible values) a cut that would repeat the one before moves up to the next distinct value, so tied
 * values are spread one per bin from the easiest, and the hardest bins may come out empty.
 */
export function quintileCuts(difficulties: readonly number[]): Policy['difficulty']['cuts'] {
  const sorted = difficulties.filter((d) => Number.isFinite(d)).sort((a, b) => a - b);
  if (sorted.length === 0) throw new RangeError('quintile cuts need at least one difficulty estimate');
  const distinct = [...new Set(sorted)];
  const cuts: number[] = [];
  let previous = -1;
  for (const q of [0.2, 0.4, 0.6, 0.8]) {
    const atPercentile = sorted[Math.ceil(q * sorted.length) - 1] ?? 0;
    const k = Math.max(distinct.indexOf(atPercentile), previous + 1);
    previous = k;
    const here = distinct[k];
    const next = distinct[k + 1];
    const floor = cuts.at(-1) ?? 0;
    // Past the largest estimate, the remaining cuts share what is left of (floor, 1).
    const cut = here !== undefined && next !== undefined ? (here + next) / 2 : floor + (1 - floor) / 2;
    cuts.push(Math.max(cut, floor + Number.EPSILON * 4));
  }
  return cuts as unknown as Policy['difficulty']['cuts'];
}
