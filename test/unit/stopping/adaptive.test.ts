import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { AdaptiveController } from '../../../src/engine/stopping/adaptive';
import { createController } from '../../../src/engine/stopping/create';
import type { Policy, PolicyBin } from '../../../src/engine/stopping/policy';
import { DEFAULT_POLICY } from '../../../src/engine/stopping/policy';
import { UnsupportedStrategyError } from '../../../src/engine/stopping/types';
import { drive } from './drive';

const uniform = (bin: PolicyBin, probe = 4): Policy => ({ ...DEFAULT_POLICY, probe: { samples: probe }, bins: [bin, bin, bin, bin, bin] });

const binArb: fc.Arbitrary<PolicyBin> = fc.record({
  strategy: fc.constantFrom('posterior', 'majority', 'weighted', 'esc', 'beta'),
  params: fc.record({ window: fc.integer({ min: 1, max: 9 }), vote: fc.constantFrom('auto', 'majority', 'weighted') }),
  budgetShare: fc.double({ min: 0, max: 1, noNaN: true }),
  stopThreshold: fc.double({ min: 0.05, max: 1, noNaN: true }),
});
const policyArb: fc.Arbitrary<Policy> = fc.record({
  probe: fc.integer({ min: 1, max: 12 }),
  bins: fc.tuple(binArb, binArb, binArb, binArb, binArb),
  maxSamples: fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined }),
}).map(({ probe, bins, maxSamples }) => ({
  ...DEFAULT_POLICY,
  probe: { samples: probe },
  bins: bins.map((b) => (maxSamples === undefined ? b : { ...b, maxSamples })) as unknown as Policy['bins'],
}));

describe('Ponder adaptive (outcome level)', () => {
  test('never draws more than the maximum, whatever the policy and the answers (property)', () => {
    fc.assert(
      fc.property(
        policyArb,
        fc.integer({ min: 1, max: 64 }),
        fc.array(fc.option(fc.constantFrom('1', '2', '3', '4', '5', '6'), { nil: null, freq: 4 }), { minLength: 64, maxLength: 64 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 64, maxLength: 64 }),
        (policy, maxSamples, keys, scores) => {
          const result = drive(new AdaptiveController({ maxSamples, policy }), keys, scores);
          assert.ok(result.samples <= maxSamples, `${result.samples} > ${maxSamples}`);
          assert.equal(result.batches.reduce((a, b) => a + b, 0), result.samples);
          assert.ok(result.bin !== undefined && result.bin >= 1 && result.bin <= 5);
        },
      ),
      { numRuns: 300 },
    );
  });
  test('records its difficulty estimate, its bin\'s strategy and why it stopped', () => {
    const result = drive(new AdaptiveController({ maxSamples: 32 }), Array.from({ length: 32 }, () => '42'));
    assert.deepEqual(
      result.decisions.map((d) => d.kind),
      ['difficulty', 'strategy', 'stop'],
    );
    assert.equal(result.bin, 1);
    assert.equal(result.difficulty, 0);
    assert.equal(result.answer, '42');
    assert.equal(result.samples, 4); // a unanimous probe of 4 is enough at 0.9
    assert.match(result.decisions[0]?.message ?? '', /bin 1 of 5/);
    // The built-in minimum gain is said in words, not as a parameter name.
    assert.equal(
      result.decisions[1]?.message,
      'bin 1: posterior (vote=auto), up to 32 of 32 samples, stop at confidence 0.9 or once sampling on could win less than 0.5 points of accuracy',
    );
    assert.equal(result.decisions[2]?.data?.reason, 'confident');
  });
  test('bins by agreement in the probe: unanimous → 1, two of four → 3, none → 4, no answers → 5', () => {
    const run = (probe: (string | null)[]): number | undefined =>
      drive(new AdaptiveController({ maxSamples: 64 }), [...probe, ...Array.from({ length: 60 }, (_, i) => String(i % 7))]).bin;
    assert.equal(run(['a', 'a', 'a', 'a']), 1);
    assert.equal(run(['a', 'a', 'a', 'b']), 2);
    assert.equal(run(['a', 'b', 'a', 'c']), 3);
    assert.equal(run(['a', 'b', 'c', 'd']), 4);
    assert.equal(run([null, null, null, null]), 5);
  });
  test('verifier scores count in the difficulty: agreement on answers the verifier rejects is harder', () => {
    const keys = Array.from({ length: 16 }, () => '9');
    const confident = drive(new AdaptiveController({ maxSamples: 16 }), keys, Array.from({ length: 16 }, () => 0.95));
    const doubtful = drive(new AdaptiveController({ maxSamples: 16 }), keys, Array.from({ length: 16 }, () => 0.05));
    assert.ok((doubtful.difficulty ?? 0) > (confident.difficulty ?? 1));
    assert.ok((doubtful.bin ?? 0) > (confident.bin ?? 5));
  });
  test('stops hopeless problems at its bin\'s share of what the probe left', () => {
    const policy = uniform({ strategy: 'posterior', params: {}, budgetShare: 0.25, stopThreshold: 0.99 });
    const keys = Array.from({ length: 100 }, (_, i) => String(i)); // never two alike
    const result = drive(new AdaptiveController({ maxSamples: 100, policy }), keys);
    assert.equal(result.samples, 28); // the probe's 4 and a quarter of the 96 it left
    assert.equal(result.stop, 'hopeless');
    assert.match(result.decisions.at(-1)?.message ?? '', /unlikely to help/);
  });
  test('at a small maximum a bin given a quarter still samples past a probe that found no answer', () => {
    // A quarter of the whole maximum (⌈2.5⌉ = 3) is less than the probe of 4: such a bin used to stop there,
    // with no answer, on a problem the next samples answer. Its share is of what the probe left.
    const quarter = { ...DEFAULT_POLICY.bins[4], budgetShare: 0.25 };
    const policy: Policy = { ...DEFAULT_POLICY, bins: [...DEFAULT_POLICY.bins.slice(0, 4), quarter] as unknown as Policy['bins'] };
    const keys = [null, null, null, null, '7', '7', '7', '7', '7', '7'];
    const result = drive(new AdaptiveController({ maxSamples: 10, policy }), keys);
    assert.equal(result.bin, 5);
    assert.equal(result.answer, '7');
    // Its cap is the probe's 4 and ⌈a quarter of the 6 it left⌉; the first answer is already decided at 5
    // (one sample more could at most tie it, and a tie goes to the answer seen first).
    assert.match(result.decisions[1]?.message ?? '', /up to 6 of 10 samples/);
    assert.equal(result.samples, 5);
  });
  test('the built-in gives a probe that found no answer the whole maximum, not a share of it', () => {
    const keys = [null, null, null, null, '7', '7', '7', '7', '7', '7'];
    const result = drive(new AdaptiveController({ maxSamples: 10 }), keys);
    assert.equal(result.bin, 5);
    assert.equal(result.answer, '7');
    assert.match(result.decisions[1]?.message ?? '', /up to 10 of 10 samples/);
    assert.ok(result.samples > 5, `${result.samples}`);
  });
  test('the built-in does not settle a leader that emerges from a probe with no agreement at 0.8', () => {
    // No two probe answers agree (bin 4); "a" leads early, "b" wins by the maximum. At 0.8 the bin stopped
    // on "a" after 6 samples (P = 0.86); on recorded AQuA samples such early leaders were right less often
    // than the final majority, so the bin asks 0.95 like bins 2–3 and samples on to "b".
    const keys = 'a b c d a a e a f b g b b h b b i b b b j b b k b b l b b b'.split(' ');
    const result = drive(new AdaptiveController({ maxSamples: 30, policy: { ...DEFAULT_POLICY, consistencyPrior: false } }), keys);
    assert.equal(result.bin, 4);
    assert.equal(result.answer, 'b');
    assert.equal(result.stop, 'confident');
    assert.ok(result.samples > 6 && result.samples < 30, `${result.samples}`);
  });
  test('posterior bins can require a share of the maximum before the rule may stop (params.minShare)', () => {
    const keys = Array.from({ length: 40 }, () => 'same');
    const quick = drive(new AdaptiveController({ maxSamples: 40, policy: uniform({ strategy: 'posterior', params: {}, budgetShare: 1, stopThreshold: 0.9 }) }), keys);
    const patient = drive(new AdaptiveController({ maxSamples: 40, policy: uniform({ strategy: 'posterior', params: { minShare: 0.25 }, budgetShare: 1, stopThreshold: 0.9 }) }), keys);
    assert.equal(quick.samples, 4);
    assert.equal(patient.samples, 10);
  });
  test('the probe is at most half the maximum; with a maximum of 1 it is the one sample', () => {
    assert.equal(drive(new AdaptiveController({ maxSamples: 1 }), ['x']).samples, 1);
    const four = drive(new AdaptiveController({ maxSamples: 4 }), ['x', 'y', 'z', 'w']);
    assert.equal(four.decisions[0]?.data?.probeSamples, 2);
  });
  test('a policy naming a step-level strategy is refused with a clear error', () => {
    const policy = uniform({ strategy: 'beam', params: { width: 4 }, budgetShare: 1, stopThreshold: 0.9 });
    assert.throws(
      () => new AdaptiveController({ maxSamples: 8, policy }),
      (error: unknown) => error instanceof UnsupportedStrategyError && error.strategy === 'beam' && /step-level generation/.test(error.message),
    );
  });
  test('createController builds every outcome strategy and refuses step-level ones', () => {
    for (const strategy of ['majority', 'weighted', 'esc', 'beta', 'posterior', 'adaptive']) {
      const result = drive(createController({ strategy }, 8), Array.from({ length: 8 }, () => 'k'));
      assert.ok(result.samples >= 1 && result.samples <= 8, strategy);
      assert.equal(result.answer, 'k');
    }
    assert.throws(() => createController({ strategy: 'dvts' }, 8), UnsupportedStrategyError);
  });
  test('adaptive with vote=majority ignores scores in its answer', () => {
    const keys = ['1', '1', '2', '1', '2', '1', '2', '1'];
    const scores = [0.1, 0.1, 0.9, 0.1, 0.9, 0.1, 0.9, 0.1];
    const policy = uniform({ strategy: 'posterior', params: { vote: 'auto' }, budgetShare: 1, stopThreshold: 1 });
    assert.equal(drive(createController({ strategy: 'adaptive', policy }, 8), keys, scores).answer, '2');
    assert.equal(drive(createController({ strategy: 'adaptive', params: { vote: 'majority' }, policy }, 8), keys, scores).answer, '1');
  });
});
