import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { seededRandom } from '../../../src/engine/model/replay';
import { betaLeaderProbability } from '../../../src/engine/stopping/beta';
import { EXACT_HORIZON, leaderHoldsNormal, leaderHoldsProbability } from '../../../src/engine/stopping/leader-holds';

/** Monte Carlo of the same model: draw shares from Dirichlet(a+1, b+1, o+1), then the remaining samples. */
function simulate(a: number, b: number, o: number, remaining: number, leaderWinsTies: boolean, trials: number): number {
  const random = seededRandom('leader-holds-test', a, b, o, remaining);
  const gamma = (shape: number): number => {
    // Whole shapes only (all the test needs): a sum of exponentials.
    let sum = 0;
    for (let i = 0; i < shape; i++) sum -= Math.log(1 - random());
    return sum;
  };
  let holds = 0;
  for (let t = 0; t < trials; t++) {
    const g1 = gamma(a + 1);
    const g2 = gamma(b + 1);
    const g3 = gamma(o + 1);
    const p1 = g1 / (g1 + g2 + g3);
    const p2 = g2 / (g1 + g2 + g3);
    let x = a;
    let y = b;
    for (let i = 0; i < remaining; i++) {
      const u = random();
      if (u < p1) x += 1;
      else if (u < p1 + p2) y += 1;
    }
    if (x > y || (x === y && leaderWinsTies)) holds += 1;
  }
  return holds / trials;
}

describe('leaderHoldsProbability', () => {
  test('is exactly 1 when the remaining samples cannot change the winner', () => {
    assert.equal(leaderHoldsProbability(5, 1, 0, 3, true), 1);
    assert.equal(leaderHoldsProbability(5, 1, 0, 4, true), 1); // a tie at the end goes to the leader
    assert.ok(leaderHoldsProbability(5, 1, 0, 4, false) < 1); // … unless the runner-up appeared first
    assert.equal(leaderHoldsProbability(3, 2, 7, 0, false), 1);
  });
  test('is 0 without a leader', () => {
    assert.equal(leaderHoldsProbability(0, 0, 4, 10, true), 0);
  });
  test('agrees with a Monte Carlo simulation of its model', () => {
    for (const [a, b, o, r, tie] of [
      [3, 1, 0, 12, true],
      [4, 2, 3, 30, false],
      [2, 1, 5, 20, true],
      [6, 0, 2, 60, true],
    ] as const) {
      const exact = leaderHoldsProbability(a, b, o, r, tie);
      const simulated = simulate(a, b, o, r, tie, 20000);
      assert.ok(Math.abs(exact - simulated) < 0.015, `(${a}, ${b}, ${o}, ${r}): ${exact} vs simulated ${simulated}`);
    }
  });
  test('the normal approximation used for long races agrees with the exact sum', () => {
    for (const [a, b, o, r, tie] of [
      [3, 0, 1, 300, true],
      [4, 2, 3, 300, false],
      [10, 5, 20, EXACT_HORIZON, true],
      [30, 20, 50, 300, true],
      [2, 1, 5, 500, false],
      [50, 40, 100, 400, true],
      [40, 35, 10, 260, false],
    ] as const) {
      const exact = leaderHoldsProbability(a, b, o, Math.min(r, EXACT_HORIZON), tie);
      const normal = leaderHoldsNormal(a, b, o, Math.min(r, EXACT_HORIZON), tie);
      assert.ok(Math.abs(exact - normal) < 2e-3, `(${a}, ${b}, ${o}, ${r}): exact ${exact}, normal ${normal}`);
    }
  });
  test('tends to the Beta rule\'s P(p1 > p2) as the horizon grows', () => {
    for (const [a, b, o] of [
      [4, 0, 0],
      [6, 3, 2],
      [10, 4, 6],
    ] as const) {
      const far = leaderHoldsProbability(a, b, o, 1500, true);
      assert.ok(Math.abs(far - betaLeaderProbability(a, b)) < 0.01, `(${a}, ${b}, ${o}): ${far} vs ${betaLeaderProbability(a, b)}`);
    }
  });
  // (Not monotone in the remaining samples: parity matters, e.g. a level race with one sample left can be
  // lost, with two left it can end level and the leader keeps it.)
  test('rises with the leader\'s votes and falls with the runner-up\'s', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 1, max: 60 }), (a, b0, o, r) => {
        const b = Math.min(a, b0);
        const p = leaderHoldsProbability(a, b, o, r, true);
        assert.ok(p >= 0 && p <= 1);
        assert.ok(leaderHoldsProbability(a + 1, b, o, r, true) >= p - 1e-9);
        if (b + 1 <= a) assert.ok(leaderHoldsProbability(a, b + 1, o, r, true) <= p + 1e-9);
      }),
    );
  });
});
