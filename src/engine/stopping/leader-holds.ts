// Ponder's posterior stopping quantity: the probability that the answer leading now would still lead if
// sampling went on to the maximum. Adaptive-Consistency's Beta rule asks whether the leader is the more
// likely answer in the long run (an infinite horizon); what a capped run needs to know is whether the
// remaining samples could still change the winner, which is less demanding near the cap and exact at it:
// when the runner-up cannot catch up even with every remaining sample, the probability is 1.
import { betaBinomialPmf } from './beta';

/**
 * Model: each further sample goes to the leader, the runner-up or elsewhere (another answer or none) with
 * probabilities drawn from the posterior Dirichlet(leader + 1, runnerUp + 1, other + 1) of the counts so
 * far. Then m, the number of further samples that go to either of the two, is BetaBinomial(remaining,
 * leader + runnerUp + 2, other + 1), and given m the runner-up's share is BetaBinomial(m, runnerUp + 1,
 * leader + 1). Answers beyond the top two are not modelled as contenders (as in Adaptive-Consistency).
 *
 * @param leader votes of the leading answer (> 0)
 * @param runnerUp votes of the second answer (0 when there is none)
 * @param other samples so far that voted for neither (other answers and samples without an answer)
 * @param remaining samples still allowed
 * @param leaderWinsTies whether a final tie goes to the leader (it appeared first)
 */
export function leaderHoldsProbability(
  leader: number,
  runnerUp: number,
  other: number,
  remaining: number,
  leaderWinsTies: boolean,
): number {
  if (leader <= 0) return 0;
  if (remaining <= 0) return 1;
  const gapAfterAll = leader - (runnerUp + remaining);
  if (gapAfterAll > 0 || (gapAfterAll === 0 && leaderWinsTies)) return 1;
  const key = cacheKey(leader, runnerUp, other, remaining, leaderWinsTies);
  const cached = key === undefined ? undefined : cache.get(key);
  if (cached !== undefined) return cached;
  const value = 1 - flipProbability(leader, runnerUp, other, remaining, leaderWinsTies);
  if (key !== undefined) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, value);
  }
  return value;
}

function flipProbability(leader: number, runnerUp: number, other: number, remaining: number, leaderWinsTies: boolean): number {
  const lead = leader - runnerUp;
  const toTopTwo = betaBinomialPmf(remaining, leader + runnerUp + 2, other + 1);
  let flip = 0;
  for (let m = Math.max(lead, 0); m <= remaining; m++) {
    const pm = toTopTwo[m] ?? 0;
    if (pm < 1e-16) continue;
    // The runner-up takes y of the m: it ends ahead when 2y > m + lead (level when equal).
    const runnerShare = betaBinomialPmf(m, runnerUp + 1, leader + 1);
    const needed = m + lead;
    let tail = 0;
    for (let y = Math.floor(needed / 2); y <= m; y++) {
      if (2 * y > needed || (2 * y === needed && !leaderWinsTies)) tail += runnerShare[y] ?? 0;
    }
    flip += pm * tail;
  }
  return Math.min(1, Math.max(0, flip));
}

// The same states recur across problems, orders and strategies of a benchmark: remember them.
const CACHE_LIMIT = 500_000;
const cache = new Map<number, number>();
const KEY_BASE = 2048;

function cacheKey(a: number, b: number, o: number, r: number, tie: boolean): number | undefined {
  if (a >= KEY_BASE || b >= KEY_BASE || o >= KEY_BASE || r >= KEY_BASE) return undefined;
  return (((a * KEY_BASE + b) * KEY_BASE + o) * KEY_BASE + r) * 2 + (tie ? 1 : 0);
}
