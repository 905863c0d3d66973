// The memo that keeps repeated tallies cheap must not change a single tally: same clusters, same order,
// same representatives, and each distinct answer is normalised once however often it is tallied.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { answersEquivalent } from '../../../src/engine/answers';
import type { Vote } from '../../../src/engine/search/tally';
import { AnswerMemo, tallyVotes } from '../../../src/engine/search/tally';

const answer = fc.constantFrom('19', '19.0', '\\frac{38}{2}', '20', ' 20 ', '2/3', '\\frac{2}{3}', '0.5', '1/2', 'x+1', '1+x', 'seven', '');
const vote = fc.record({ answer, weight: fc.double({ min: 0, max: 1, noNaN: true }) });

test('tallies with the memo equal tallies without it, vote after vote (property)', () => {
  fc.assert(
    fc.property(fc.array(vote, { maxLength: 40 }), fc.constantFrom('votes' as const, 'weight' as const), (drawn, mode) => {
      const memo = new AnswerMemo(answersEquivalent);
      const votes: Vote[] = [];
      drawn.forEach((v, i) => {
        votes.push({ answer: v.answer, weight: v.weight, nodeId: `n${i}` });
        assert.deepEqual(tallyVotes(votes, memo, mode), tallyVotes(votes, answersEquivalent, mode));
      });
    }),
  );
});

test('each distinct pair is compared once across repeated tallies', () => {
  let comparisons = 0;
  const memo = new AnswerMemo((a, b) => {
    comparisons += 1;
    return answersEquivalent(a, b);
  });
  const votes: Vote[] = ['1/2', '0.5', '3', '4', '3.0'].map((a, i) => ({ answer: a, weight: 1, nodeId: `n${i}` }));
  tallyVotes(votes, memo, 'votes');
  const once = comparisons;
  for (let i = 0; i < 10; i += 1) tallyVotes(votes, memo, 'votes');
  assert.ok(once > 0);
  assert.equal(comparisons, once);
});
