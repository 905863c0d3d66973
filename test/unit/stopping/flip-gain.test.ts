import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { seededRandom } from '../../../src/engine/model/replay';
import { flipGain } from '../../../src/engine/stopping/flip-gain';
import { leaderHoldsProbability } from '../../../src/engine/stopping/leader-holds';
import { PosteriorController } from '../../../src/engine/stopping/posterior';
import { drive } from './drive';

/** Monte Carlo of E[p_runner − p_leader | p_runner > p_leader] under Dirichlet(a+1, b+1, o+1). */
function marginGivenRunnerBetter(a: number, b: number, o: number, trials: number): number {
  const random = seededRandom('flip-gain-test', a, b, o);
  const gamma = (shape: number): number => {
    let sum = 0;
    for (let i = 0; i < shape; i++) sum -= Math.log(1 - random());
    return sum;
  };
  let total = 0;
  let count = 0;
  for (let t = 0; t < trials; t++) {
    const g1 = gamma(a + 1);
    const g2 = gamma(b + 1);
    const g3 = gamma(o + 1);
    const sum = g1 + g2 + g3;
    if (g2 > g1) {
      total += (g2 - g1) / sum;
      count += 1;
    }
  }
  return total / count;
}

describe('flipGain', () => {
  test('is the flip probability times the Dirichlet margin of a runner-up that is truly better', () => {
    for (const [a, b, o] of [
      [3, 1, 0],
      [2, 1, 1],
      [3, 2, 10],
      [5, 4, 1],
    ] as const) {
      const margin = marginGivenRunnerBetter(a, b, o, 200_000);
      // With holds = 0 the gain is the margin itself.
      assert.ok(Math.abs(flipGain(a, b, o, 0) - margin) < 0.004, `${a}/${b}/${o}: ${flipGain(a, b, o, 0)} vs Monte Carlo ${margin}`);
      assert.ok(Math.abs(flipGain(a, b, o, 0.75) - 0.25 * flipGain(a, b, o, 0)) < 1e-12);
    }
  });
  test('is zero once the leader cannot be overtaken', () => {
    assert.equal(flipGain(5, 1, 0, 1), 0);
  });
  test('is smaller among scattered answers than between two contenders with the same votes', () => {
    // Leader 2, runner-up 1 either alone (a two-way race) or among 9 other scattered answers.
    const contested = flipGain(2, 1, 0, leaderHoldsProbability(2, 1, 0, 37, true));
    const scattered = flipGain(2, 1, 9, leaderHoldsProbability(2, 1, 9, 28, true));
    assert.ok(scattered < contested / 2, `scattered ${scattered}, contested ${contested}`);
  });
});

describe('the posterior rule with a minimum gain', () => {
  // Every third sample goes to 'a' or 'b' in turn, every other one is an answer no other sample gives: a
  // race between two minority answers, whichever wins it is a guess.
  const scattered = Array.from({ length: 100 }, (_, i) => (i % 3 === 0 ? (i % 6 === 0 ? 'a' : 'b') : `x${i}`));

  test('stops a race between minority answers long before the leader is sure, and says what sampling on could win', () => {
    const plain = drive(new PosteriorController({ maxSamples: 100, threshold: 0.95, rule: 'majority' }), scattered);
    const gain = drive(new PosteriorController({ maxSamples: 100, threshold: 0.95, rule: 'majority', minGain: 0.02 }), scattered);
    assert.ok(plain.samples > 90, `the threshold alone waits: ${plain.samples}`);
    assert.ok(gain.samples < 60, `the gain stops it: ${gain.samples}`);
    assert.equal(gain.stop, 'confident');
    const stop = gain.decisions.at(-1);
    assert.match(stop?.message ?? '', /sampling on to 100 could win 0\.0\d+ in accuracy < 0\.02/);
    assert.ok(Number(stop?.data?.gain) < 0.02);
  });
  test('stops no later than the threshold alone would, on any answers', () => {
    for (let seed = 0; seed < 200; seed++) {
      const random = seededRandom('flip-gain-controller', seed);
      const keys = Array.from({ length: 40 }, () => {
        const u = random();
        return u < 0.1 ? null : u < 0.45 ? 'a' : u < 0.7 ? 'b' : `x${Math.floor(random() * 6)}`;
      });
      const plain = drive(new PosteriorController({ maxSamples: 40, threshold: 0.9, rule: 'majority' }), keys);
      const gain = drive(new PosteriorController({ maxSamples: 40, threshold: 0.9, rule: 'majority', minGain: 0.005 }), keys);
      assert.ok(gain.samples <= plain.samples, `seed ${seed}: ${gain.samples} > ${plain.samples}`);
    }
  });
});
