// Numerics for the Beta posteriors the stopping rules use: log-gamma (Lanczos), the regularised
// incomplete beta function I_x(a, b) (continued fraction, modified Lentz), and Beta-binomial
// probabilities. Written here rather than pulled from a statistics package because the engine needs
// only these few functions and they are easy to check against closed forms (see the unit tests).

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (relative error ~1e-15). */
export function logGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`logGamma needs x > 0, got ${x}`);
  if (x < 0.5) {
    // Reflection keeps the series in its accurate range: Γ(x)Γ(1−x) = π / sin(πx).
    return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  }
  const z = x - 1;
  let sum = LANCZOS[0] ?? 0;
  for (let i = 1; i < LANCZOS.length; i++) sum += (LANCZOS[i] ?? 0) / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b). */
export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

const MAX_ITERATIONS = 500;
const EPSILON = 1e-15;
const TINY = 1e-300;

/** The continued fraction of I_x(a, b) (Numerical Recipes' betacf), evaluated by modified Lentz. */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= MAX_ITERATIONS; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPSILON) return h;
  }
  // Convergence takes O(sqrt(max(a, b))) terms; 500 covers parameters far beyond any sample budget.
  throw new RangeError(`incomplete beta did not converge for a=${a}, b=${b}, x=${x}`);
}

/** The regularised incomplete beta function I_x(a, b) = P(X ≤ x) for X ~ Beta(a, b). */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (!(a > 0) || !(b > 0)) throw new RangeError(`Beta parameters must be positive, got a=${a}, b=${b}`);
  if (Number.isNaN(x)) throw new RangeError('x is NaN');
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(a * Math.log(x) + b * Math.log1p(-x) - logBeta(a, b));
  // The fraction converges fast only on one side of the mean; use the symmetry I_x(a,b) = 1 − I_{1−x}(b,a).
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/**
 * Adaptive-Consistency's Beta stopping quantity: with the two largest vote counts `leader` and
 * `runnerUp`, the posterior probability that the leader's answer is the more likely one,
 * P(p1 > p2) = ∫_{1/2}^{1} x^a (1−x)^b dx / B(a+1, b+1) = 1 − I_{1/2}(a + 1, b + 1) = I_{1/2}(b + 1, a + 1)
 * (the last form keeps tiny probabilities exact instead of subtracting from 1).
 */
export function betaLeaderProbability(leader: number, runnerUp: number): number {
  return regularizedIncompleteBeta(0.5, runnerUp + 1, leader + 1);
}

/** ln of the BetaBinomial(n, alpha, beta) probability of k successes. */
export function logBetaBinomial(k: number, n: number, alpha: number, beta: number): number {
  const logChoose = logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
  return logChoose + logBeta(k + alpha, n - k + beta) - logBeta(alpha, beta);
}

/**
 * The probabilities of 0..n successes under BetaBinomial(n, alpha, beta). Starts at the mode (computed in
 * log space) and walks outwards by the ratio of successive terms, so no term underflows before it is
 * negligible.
 */
export function betaBinomialPmf(n: number, alpha: number, beta: number): Float64Array {
  const pmf = new Float64Array(n + 1);
  const mode = Math.min(n, Math.max(0, Math.round((n * alpha) / (alpha + beta))));
  const atMode = Math.exp(logBetaBinomial(mode, n, alpha, beta));
  pmf[mode] = atMode;
  // ratio(k) = P(k+1) / P(k)
  const ratio = (k: number): number => ((n - k) / (k + 1)) * ((k + alpha) / (n - k - 1 + beta));
  let p = atMode;
  for (let k = mode; k < n; k++) {
    p *= ratio(k);
    pmf[k + 1] = p;
  }
  p = atMode;
  for (let k = mode - 1; k >= 0; k--) {
    p /= ratio(k);
    pmf[k] = p;
  }
  return pmf;
}
