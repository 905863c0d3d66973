// How consistent a model's samples are, learned across the problems of one run, without any labels.
//
// The posterior rule (leader-holds.ts) starts every problem from a uniform prior, so even a model that
// gives the same answer forty times out of forty on nearly every problem is asked for a probe of several
// samples before the rule may stop. A run has more evidence than one problem: the samples already drawn
// for the problems before. This module pools them (empirical Bayes). Each problem's answers are modelled
// as a Chinese-restaurant process (Pólya urn) with concentration θ: a further sample starts a new answer
// with probability θ / (n + θ) and joins answer j with probability n_j / (n + θ). Small θ: a consistent
// model; large θ: a scattered one. θ varies between problems, so the run learns a distribution over θ (a
// fixed log-spaced grid, weights by EM over the finished problems), and each problem's own samples update
// it further. The likelihood of a problem's answer sequence under the urn depends on θ only through the
// number of distinct answers K and of samples n (θ^K Γ(θ) / Γ(θ + n)), and it is valid whatever rule
// decided when sampling stopped (the stopping rule looks only at the data, so it leaves θ's likelihood
// unchanged). Nothing here reads whether an answer was right.
import { betaBinomialPmf, logGamma } from './beta';

/** Concentrations the run's distribution over θ is placed on: 0.02 … 50, log-spaced. */
export const THETA_GRID: readonly number[] = Array.from({ length: 13 }, (_, i) => Math.exp(Math.log(0.02) + (i * Math.log(50 / 0.02)) / 12));

/** Problems a run must have finished before its prior may shorten a probe. */
export const MIN_PRIOR_PROBLEMS = 10;

/**
 * The least probability that an answer still leads at the maximum for the prior alone to settle a problem
 * (bin 1's threshold where that is higher). Settling on one sample is the boldest stop there is, so it takes
 * the strictest threshold of the built-in policy (its bins 2 and 3), not bin 1's 0.9: the bins' thresholds
 * are applied to the posterior rule's estimate from a uniform prior, which errs far towards sampling more,
 * while the run's prior is close to calibrated (on the recorded sets its estimate for one sample is within a
 * few points of how often the first answer did lead), so 0.9 there would let about one settled answer in
 * ten change — the whole gain of voting on a model right nine times in ten whose mistakes scatter.
 */
export const PRIOR_SETTLE_THRESHOLD = 0.95;

/**
 * One problem in this many that the prior could settle on its first sample draws a second one before it may
 * settle. A problem settled on one sample teaches the prior nothing (one answer says nothing about θ), so
 * without these the prior would keep, for the rest of the run, whatever it believed when it began to settle
 * problems — an estimate from the first few problems. Which problems are audited depends only on how many
 * the prior has seen, never on their answers, so its likelihood stays valid.
 */
export const PRIOR_AUDIT_EVERY = 4;

/** EM sweeps after each finished problem (warm-started from the previous weights, so a few suffice). */
const EM_SWEEPS = 2;

export class ConsistencyPrior {
  /** Weights of THETA_GRID; uniform until problems are recorded. */
  private weights: number[] = THETA_GRID.map(() => 1 / THETA_GRID.length);
  /** Per finished problem: its likelihood at each grid point, scaled so the largest is 1. */
  private readonly likelihoods: Float64Array[] = [];

  /** Problems recorded so far. */
  get problems(): number {
    return this.likelihoods.length;
  }

  /**
   * Learns from one finished problem: `distinct` answers among `samples` (a sample without an answer
   * counts as an answer of its own, since it agrees with nothing).
   */
  record(distinct: number, samples: number): void {
    if (!(samples >= 1) || !(distinct >= 1) || distinct > samples) return;
    const logs = THETA_GRID.map((theta) => logUrnLikelihood(distinct, samples, theta));
    const top = Math.max(...logs);
    this.likelihoods.push(Float64Array.from(logs, (x) => Math.exp(x - top)));
    for (let sweep = 0; sweep < EM_SWEEPS; sweep++) this.emSweep();
  }

  /** Whether the problem starting now is one the prior audits (see PRIOR_AUDIT_EVERY). */
  auditsNext(): boolean {
    return this.likelihoods.length % PRIOR_AUDIT_EVERY === PRIOR_AUDIT_EVERY - 1;
  }

  /** The run's expected share of a new answer at a problem's second sample, θ/(1+θ): for people to read. */
  meanNewAnswerRate(): number {
    return THETA_GRID.reduce((sum, theta, g) => sum + (this.weights[g] ?? 0) * (theta / (1 + theta)), 0);
  }

  /**
   * P(the answer every sample so far gave would still lead after `remaining` more), for a problem whose
   * `samples` all agree, under the run's distribution over θ updated by this problem's own samples. New
   * answers are lumped into one contender (which overstates it: the estimate errs towards sampling more).
   * The leader wins ties (it was seen first).
   */
  unanimousHolds(samples: number, remaining: number): number {
    if (samples < 1) return 0;
    if (remaining <= 0 || remaining < samples) return 1;
    const posterior = THETA_GRID.map((theta, g) => Math.log(this.weights[g] ?? 0) + logUrnLikelihood(1, samples, theta));
    const top = Math.max(...posterior);
    let mass = 0;
    let holds = 0;
    THETA_GRID.forEach((theta, g) => {
      const w = Math.exp((posterior[g] ?? -Infinity) - top);
      mass += w;
      holds += w * (1 - contenderOvertakes(samples, remaining, theta));
    });
    return mass > 0 ? holds / mass : 0;
  }

  private emSweep(): void {
    const next = THETA_GRID.map(() => 1e-3);
    for (const likelihood of this.likelihoods) {
      let total = 0;
      for (let g = 0; g < THETA_GRID.length; g++) total += (this.weights[g] ?? 0) * (likelihood[g] ?? 0);
      if (!(total > 0)) continue;
      for (let g = 0; g < THETA_GRID.length; g++) next[g] = (next[g] ?? 0) + ((this.weights[g] ?? 0) * (likelihood[g] ?? 0)) / total;
    }
    const sum = next.reduce((a, b) => a + b, 0);
    this.weights = next.map((x) => x / sum);
  }
}

/** log P(an answer sequence with `distinct` answers in `samples`) under the urn, up to terms free of θ. */
export function logUrnLikelihood(distinct: number, samples: number, theta: number): number {
  return distinct * Math.log(theta) + logGamma(theta) - logGamma(theta + samples);
}

/**
 * With `leader` samples for one answer and urn weight θ for everything else, P(the rest end ahead of the
 * leader after `remaining` more): the rest take y ~ BetaBinomial(remaining, θ, leader) of them and overtake
 * when leader + remaining − y < y.
 */
function contenderOvertakes(leader: number, remaining: number, theta: number): number {
  const pmf = betaBinomialPmf(remaining, theta, leader);
  let tail = 0;
  for (let y = 0; y <= remaining; y++) if (2 * y > leader + remaining) tail += pmf[y] ?? 0;
  return Math.min(1, Math.max(0, tail));
}
