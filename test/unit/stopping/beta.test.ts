import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { betaBinomialPmf, betaLeaderProbability, logBetaBinomial, logGamma, regularizedIncompleteBeta } from '../../../src/engine/stopping/beta';

const close = (actual: number, expected: number, tolerance: number, what = ''): void => {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what} expected ${expected}, got ${actual} (tolerance ${tolerance})`);
};

/** Exact I_x(a, b) for whole a, b: P(Binomial(a + b − 1, x) ≥ a). */
function binomialTail(x: number, a: number, b: number): number {
  const n = a + b - 1;
  let sum = 0;
  for (let j = a; j <= n; j++) sum += Math.exp(logGamma(n + 1) - logGamma(j + 1) - logGamma(n - j + 1) + j * Math.log(x) + (n - j) * Math.log1p(-x));
  return sum;
}

describe('logGamma', () => {
  test('matches factorials and known values', () => {
    close(logGamma(1), 0, 1e-14);
    close(logGamma(2), 0, 1e-14);
    close(logGamma(11), Math.log(3628800), 1e-12);
    close(logGamma(0.5), 0.5 * Math.log(Math.PI), 1e-13);
    close(logGamma(100.5), 361.43554046777757, 1e-10); // scipy.special.gammaln
    close(logGamma(1e-3), 6.907178885383853, 1e-10);
  });
  test('refuses non-positive arguments', () => {
    assert.throws(() => logGamma(0), RangeError);
  });
});

describe('regularizedIncompleteBeta', () => {
  test('agrees with scipy.special.betainc on non-integer parameters', () => {
    close(regularizedIncompleteBeta(0.3, 2.5, 3.7), 0.31900317528430866, 1e-12);
    close(regularizedIncompleteBeta(0.2, 0.5, 0.5), 0.2951672353008665, 1e-12);
    close(regularizedIncompleteBeta(0.9, 0.1, 2), 0.9994144507882765, 1e-12);
    close(regularizedIncompleteBeta(0.5, 30, 28), 0.3956832138895903, 1e-12);
    close(regularizedIncompleteBeta(0.5, 100, 95), 0.35985604690023165, 1e-11);
  });
  test('closed forms: I_x(a, 1) = x^a and I_x(1, b) = 1 − (1 − x)^b', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 0.999, noNaN: true }), fc.double({ min: 0.05, max: 60, noNaN: true }), (x, a) => {
        close(regularizedIncompleteBeta(x, a, 1), x ** a, 1e-11);
        close(regularizedIncompleteBeta(x, 1, a), 1 - (1 - x) ** a, 1e-11);
      }),
    );
  });
  test('whole parameters agree with the binomial tail, and the symmetry I_x(a,b) = 1 − I_{1−x}(b,a) holds', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 0.99, noNaN: true }), fc.integer({ min: 1, max: 80 }), fc.integer({ min: 1, max: 80 }), (x, a, b) => {
        const value = regularizedIncompleteBeta(x, a, b);
        close(value, binomialTail(x, a, b), 1e-10, `I_${x}(${a}, ${b})`);
        close(value, 1 - regularizedIncompleteBeta(1 - x, b, a), 1e-12);
      }),
    );
  });
  test('is 0 and 1 at the ends and ½ at x = ½ when a = b', () => {
    assert.equal(regularizedIncompleteBeta(0, 2, 3), 0);
    assert.equal(regularizedIncompleteBeta(1, 2, 3), 1);
    for (const a of [0.5, 1, 7, 250]) close(regularizedIncompleteBeta(0.5, a, a), 0.5, 1e-12);
  });
});

describe('betaLeaderProbability (Adaptive-Consistency)', () => {
  test('matches the paper code\'s integral ∫_{½}^{1} x^a (1−x)^b dx / B(a+1, b+1) (values from scipy quad)', () => {
    close(betaLeaderProbability(3, 0), 0.9375, 1e-12);
    close(betaLeaderProbability(6, 1), 0.96484375, 1e-12);
    close(betaLeaderProbability(10, 4), 0.9407653808593747, 1e-12);
    close(betaLeaderProbability(25, 20), 0.7693044089316178, 1e-12);
    close(betaLeaderProbability(2, 2), 0.5, 1e-12);
    close(betaLeaderProbability(0, 0), 0.5, 1e-12);
  });
  test('four unanimous votes are the first to pass the paper\'s 0.95', () => {
    assert.ok(betaLeaderProbability(3, 0) < 0.95);
    assert.ok(betaLeaderProbability(4, 0) > 0.95);
  });
  test('grows with the leader\'s votes and falls with the runner-up\'s (strictly, away from the limits of a double)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 300 }), (a, b) => {
        const p = betaLeaderProbability(a, b);
        const strict = p > 1e-12 && p < 1 - 1e-12;
        assert.ok(strict ? betaLeaderProbability(a + 1, b) > p : betaLeaderProbability(a + 1, b) >= p);
        assert.ok(strict ? betaLeaderProbability(a, b + 1) < p : betaLeaderProbability(a, b + 1) <= p);
      }),
    );
  });
  test('keeps tiny probabilities exact (no subtraction from 1)', () => {
    close(betaLeaderProbability(0, 53) / 2 ** -54, 1, 1e-9);
  });
});

describe('betaBinomialPmf', () => {
  test('sums to 1 and matches the direct formula', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.double({ min: 0.2, max: 400, noNaN: true }), fc.double({ min: 0.2, max: 400, noNaN: true }), (n, alpha, beta) => {
        const pmf = betaBinomialPmf(n, alpha, beta);
        close(pmf.reduce((s, p) => s + p, 0), 1, 1e-9);
        const k = Math.floor(n / 3);
        close(pmf[k] ?? 0, Math.exp(logBetaBinomial(k, n, alpha, beta)), 1e-9 * Math.max(1, pmf[k] ?? 0));
      }),
    );
  });
  test('does not underflow far from the mode', () => {
    const pmf = betaBinomialPmf(1000, 900, 2);
    close(pmf.reduce((s, p) => s + p, 0), 1, 1e-9);
    assert.ok((pmf[1000] ?? 0) > 0.1);
  });
  test('with alpha = beta = 1 every count is equally likely', () => {
    const pmf = betaBinomialPmf(9, 1, 1);
    for (const p of pmf) close(p, 0.1, 1e-12);
  });
});
