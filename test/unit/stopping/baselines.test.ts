import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BetaRuleController } from '../../../src/engine/stopping/beta-rule';
import { EscController } from '../../../src/engine/stopping/esc';
import { majorityController, weightedController } from '../../../src/engine/stopping/fixed';
import { VoteTally } from '../../../src/engine/stopping/tally';
import { drive } from './drive';

describe('majority and weighted best-of-N', () => {
  test('majority draws every allowed sample in one batch; ties go to the answer seen first', () => {
    const result = drive(majorityController(6), ['7', '9', '9', '7', null, '3']);
    assert.deepEqual(result.batches, [6]);
    assert.equal(result.answer, '7');
    assert.equal(result.samples, 6);
    assert.equal(result.tokens, 60);
    assert.equal(result.stop, 'budget');
  });
  test('samples without an answer do not vote, and no answer at all gives null', () => {
    assert.equal(drive(majorityController(3), [null, '5', null]).answer, '5');
    assert.equal(drive(majorityController(2), [null, null]).answer, null);
  });
  test('weighted best-of-N sums verifier scores per answer', () => {
    // '1' has two votes but little weight; '2' one confident vote.
    const result = drive(weightedController(3), ['1', '1', '2'], [0.2, 0.3, 0.9]);
    assert.equal(result.answer, '2');
    assert.equal(drive(majorityController(3), ['1', '1', '2'], [0.2, 0.3, 0.9]).answer, '1');
  });
  test('without scores the weighted vote is the majority vote', () => {
    assert.equal(drive(weightedController(3), ['4', '8', '8']).answer, '8');
  });
  test('the tally tracks leader and runner-up', () => {
    const tally = new VoteTally();
    for (const key of ['a', 'b', 'b', null, 'c', 'a', 'b']) tally.add(key, null, 1);
    const [leader, runnerUp] = tally.topTwo();
    assert.equal(leader?.key, 'b');
    assert.equal(leader?.votes, 3);
    assert.equal(runnerUp?.key, 'a');
    assert.equal(tally.samples, 7);
    assert.equal(tally.answered, 6);
  });
});

describe('ESC (early-stopping self-consistency)', () => {
  test('stops after the first window whose answers are all the same', () => {
    const result = drive(new EscController(16, 4), ['5', '5', '5', '5', '6', '6', '6', '6']);
    assert.deepEqual(result.batches, [4]);
    assert.equal(result.answer, '5');
    assert.equal(result.samples, 4);
    assert.equal(result.stop, 'window');
  });
  test('samples in windows of w and checks each window on its own', () => {
    const keys = ['1', '2', '3', '3', '4', '4', '4', '4', '9', '9'];
    const result = drive(new EscController(16, 4), keys);
    assert.deepEqual(result.batches, [4, 4]);
    assert.equal(result.answer, '4');
    assert.equal(result.samples, 8);
    // w = 2: the second window ('3', '3') is unanimous.
    const two = drive(new EscController(16, 2), keys);
    assert.deepEqual(two.batches, [2, 2]);
    assert.equal(two.answer, '3');
  });
  test('a window with a missing answer is not unanimous', () => {
    const result = drive(new EscController(4, 2), [null, null, '1', '2']);
    assert.equal(result.stop, 'budget');
    assert.equal(result.samples, 4);
  });
  test('without a unanimous window it takes the majority of everything at the maximum, the last window cut to fit', () => {
    const result = drive(new EscController(10, 4), ['1', '2', '1', '3', '2', '1', '4', '5', '6', '7']);
    assert.deepEqual(result.batches, [4, 4, 2]);
    assert.equal(result.answer, '1');
    assert.equal(result.samples, 10);
    assert.equal(result.stop, 'budget');
  });
  test('with w = 2, 4 and 8 the window sets the batch size', () => {
    const keys = Array.from({ length: 32 }, (_, i) => String(i % 3));
    for (const w of [2, 4, 8]) {
      const result = drive(new EscController(32, w), keys);
      assert.ok(result.batches.every((b) => b === w));
      assert.equal(result.samples, 32);
    }
  });
});

describe('the Beta stopping rule (Adaptive-Consistency)', () => {
  test('stops after four unanimous votes at 0.95', () => {
    const result = drive(new BetaRuleController(40), ['x', 'x', 'x', 'x', 'x', 'x']);
    assert.equal(result.samples, 4);
    assert.equal(result.stop, 'confident');
    assert.ok(result.batches.every((b) => b === 1));
  });
  test('needs a larger lead when the runner-up has votes: (6, 1) passes, (5, 1) does not', () => {
    const keys = ['a', 'b', 'a', 'a', 'a', 'a', 'a', 'b', 'b'];
    const result = drive(new BetaRuleController(40), keys);
    assert.equal(result.samples, 7); // a:6, b:1 → 0.9648
    assert.equal(result.answer, 'a');
  });
  test('never draws more than the maximum', () => {
    const result = drive(new BetaRuleController(5), ['a', 'b', 'c', 'd', 'e']);
    assert.equal(result.samples, 5);
    assert.equal(result.stop, 'budget');
  });
  test('records why it stopped', () => {
    const result = drive(new BetaRuleController(40, 0.9), ['q', 'q', 'q', 'q']);
    const stop = result.decisions.find((d) => d.kind === 'stop');
    assert.ok(stop?.message.includes('P(leader is the majority)'));
    assert.equal(stop?.data?.reason, 'confident');
  });
});
