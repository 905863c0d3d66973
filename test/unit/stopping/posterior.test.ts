import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { majorityController } from '../../../src/engine/stopping/fixed';
import { PosteriorController } from '../../../src/engine/stopping/posterior';
import { drive } from './drive';

const answers = fc.array(fc.option(fc.constantFrom('a', 'b', 'c', 'd'), { nil: null, freq: 5 }), { minLength: 1, maxLength: 40 });

describe('the posterior stopping rule', () => {
  test('with threshold 1 it always agrees with majority@cap and never draws more', () => {
    fc.assert(
      fc.property(answers, (keys) => {
        const cap = keys.length;
        const full = drive(majorityController(cap), keys);
        const early = drive(new PosteriorController({ maxSamples: cap, threshold: 1, rule: 'majority' }), keys);
        assert.equal(early.answer, full.answer);
        assert.ok(early.samples <= cap);
      }),
    );
  });
  test('stops as soon as the winner is decided', () => {
    // 3 votes of 5 for 'a' after three samples: the other two cannot catch up.
    const result = drive(new PosteriorController({ maxSamples: 5, threshold: 1, rule: 'majority' }), ['a', 'a', 'a', 'b', 'b']);
    assert.equal(result.samples, 3);
    assert.equal(result.stop, 'decided');
  });
  test('stops when confident, later for a higher threshold', () => {
    const keys = ['a', 'a', 'b', 'a', 'a', 'a', 'a', 'a', 'b', 'a', 'a', 'a'];
    const loose = drive(new PosteriorController({ maxSamples: 64, threshold: 0.8, rule: 'majority' }), keys);
    const strict = drive(new PosteriorController({ maxSamples: 64, threshold: 0.99, rule: 'majority' }), keys);
    assert.equal(loose.stop, 'confident');
    assert.ok(loose.samples < strict.samples);
    assert.equal(loose.answer, 'a');
  });
  test('rejects a threshold outside (0, 1]', () => {
    assert.throws(() => new PosteriorController({ maxSamples: 4, threshold: 0, rule: 'majority' }), RangeError);
    assert.throws(() => new PosteriorController({ maxSamples: 4, threshold: 1.5, rule: 'majority' }), RangeError);
  });
});
