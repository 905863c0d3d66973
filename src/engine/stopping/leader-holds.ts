// Ponder's posterior stopping quantity: the probability that the answer leading now would still lead if
// sampling went on to the maximum. Adaptive-Consistency's Beta rule asks whether the leader is the more
// likely answer in the long run (an infinite horizon); what a capped run needs to know is whether the
// remaining samples could still change the winner, which is less demanding near the cap and exact at it:
// when the runner-up cannot catch up even with every remaining sample, the probability is 1.
import { betaBinomialPmf, logBeta } from './beta';

/**
 * Beyond this many remaining samples the exact sum (quadratic in them) gives way to a normal
 * approximation of the remaining race, integrated over the posterior of the leader's share; the two agree
 * to about 1e-3 at this size and better beyond (see the unit tests).
 */
export const EXACT_HORIZON = 256;

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
  const value =
    remaining > EXACT_HORIZON
      ? leaderHoldsNormal(leader, runnerUp, other, remaining, leaderWinsTies)
      : 1 - flipProbability(leader, runnerUp, other, remaining, leaderWinsTies);
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

/**
 * The same probability for a long remaining race: given the leader's share p of the top two (posterior
 * Beta(leader + 1, runnerUp + 1)) and the top two's share q of all samples (at its posterior mean), the
 * runner-up's net gain over the remaining samples is about Normal(r·q·(1 − 2p), r·q·(1 − q·(1 − 2p)²)).
 * Integrated over p by Simpson's rule on ±12 standard deviations of its posterior.
 */
export function leaderHoldsNormal(leader: number, runnerUp: number, other: number, remaining: number, leaderWinsTies: boolean): number {
  const q = (leader + runnerUp + 2) / (leader + runnerUp + other + 3);
  const lead = leader - runnerUp;
  const cut = lead + (leaderWinsTies ? 0.5 : -0.5);
  const mean = (leader + 1) / (leader + runnerUp + 2);
  const sd = Math.sqrt((mean * (1 - mean)) / (leader + runnerUp + 3));
  const low = Math.max(1e-12, mean - 12 * sd);
  const high = Math.min(1 - 1e-12, mean + 12 * sd);
  const intervals = 400;
  const step = (high - low) / intervals;
  const logNorm = logBeta(leader + 1, runnerUp + 1);
  let flip = 0;
  let mass = 0;
  for (let i = 0; i <= intervals; i++) {
    const p = low + i * step;
    const weight = i === 0 || i === intervals ? 1 : i % 2 === 1 ? 4 : 2;
    const density = weight * Math.exp(leader * Math.log(p) + runnerUp * Math.log1p(-p) - logNorm);
    const drift = remaining * q * (1 - 2 * p);
    const variance = remaining * q * (1 - q * (1 - 2 * p) ** 2);
    flip += density * normalCdf((drift - cut) / Math.sqrt(Math.max(variance, 1e-12)));
    mass += density;
  }
  return mass > 0 ? Math.min(1, Math.max(0, 1 - flip / mass)) : 0;
}

/** Φ(x) through erfc (Numerical Recipes' erfcc, fractional error below 1.2e-7). */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const erfc =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? 1 - 0.5 * erfc : 0.5 * erfc;
}

// The same states recur across problems, orders and strategies of a benchmark: remember them.
const CACHE_LIMIT = 500_000;
const cache = new Map<number, number>();
const KEY_BASE = 2048;

function cacheKey(a: number, b: number, o: number, r: number, tie: boolean): number | undefined {
  if (a >= KEY_BASE || b >= KEY_BASE || o >= KEY_BASE || r >= KEY_BASE) return undefined;
  return (((a * KEY_BASE + b) * KEY_BASE + o) * KEY_BASE + r) * 2 + (tie ? 1 : 0);
}
