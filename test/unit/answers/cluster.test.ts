import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clusterAnswers } from '../../../src/engine/answers/cluster';

test('equivalent answers share a cluster; votes and weights add up', () => {
  const clusters = clusterAnswers([
    { answer: '\\frac{1}{2}', weight: 0.5, id: 'a' },
    { answer: '2', weight: 0.9, id: 'b' },
    { answer: '0.5', weight: 0.25, id: 'c' },
    { answer: '1/2', weight: 0.5, id: 'd' },
  ]);
  assert.equal(clusters.length, 2);
  const [half, two] = clusters;
  assert.equal(half?.key, '1/2');
  assert.equal(half?.votes, 3);
  assert.equal(half?.weight, 1.25);
  assert.deepEqual(half?.members.map((m) => [m.id, m.index]), [['a', 0], ['c', 2], ['d', 3]]);
  assert.equal(two?.votes, 1);
  assert.equal(two?.weight, 0.9);
});

test('answers with different keys still join when equivalent', () => {
  const clusters = clusterAnswers([{ answer: '2\\sqrt{3}' }, { answer: '\\sqrt{12}' }, { answer: '3\\sqrt{2}' }]);
  assert.deepEqual(clusters.map((c) => c.votes), [2, 1]);
});

test('order: weight, then votes, then first seen', () => {
  const byWeight = clusterAnswers([{ answer: '1', weight: 1 }, { answer: '1', weight: 1 }, { answer: '2', weight: 3 }]);
  assert.deepEqual(byWeight.map((c) => c.representative), ['2', '1']);
  const byVotes = clusterAnswers([{ answer: '1', weight: 1 }, { answer: '2', weight: 0.5 }, { answer: '2', weight: 0.5 }]);
  assert.deepEqual(byVotes.map((c) => c.representative), ['2', '1'], 'equal weight: more votes first');
  const byFirst = clusterAnswers([{ answer: '7' }, { answer: '3' }, { answer: '3' }, { answer: '7' }]);
  assert.deepEqual(byFirst.map((c) => c.representative), ['7', '3'], 'a full tie: first seen first');
});

test('unweighted votes weigh 1 each', () => {
  const [only] = clusterAnswers([{ answer: '5' }, { answer: '5.0' }]);
  assert.equal(only?.weight, 2);
  assert.equal(only?.votes, 2);
});

test('the representative is the most frequent written form, the earliest on a tie', () => {
  const [cluster] = clusterAnswers([{ answer: '0.5' }, { answer: '\\frac12' }, { answer: '\\frac12' }]);
  assert.equal(cluster?.representative, '\\frac12');
  const [tie] = clusterAnswers([{ answer: ' 0.5' }, { answer: '1/2' }]);
  assert.equal(tie?.representative, '0.5');
});

test('an empty list gives no clusters; bad weights are refused', () => {
  assert.deepEqual(clusterAnswers([]), []);
  assert.throws(() => clusterAnswers([{ answer: '1', weight: Number.NaN }]), RangeError);
  assert.throws(() => clusterAnswers([{ answer: '1', weight: -1 }]), RangeError);
});

test('a custom equivalence can join more', () => {
  const clusters = clusterAnswers([{ answer: '1' }, { answer: '2' }, { answer: '3' }], { equivalent: () => true });
  assert.equal(clusters.length, 1);
  assert.equal(clusters[0]?.votes, 3);
});
