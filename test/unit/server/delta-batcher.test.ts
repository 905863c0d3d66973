import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TreeDelta } from '../../../src/protocol/tree';
import { DeltaBatcher } from '../../../src/server/delta-batcher';

const decision: TreeDelta = { type: 'decision', decision: { kind: 'strategy', message: 'x' } };
const node = (id: string): TreeDelta => ({
  type: 'nodeAdded',
  node: { id, parentId: 'p', kind: 'step', status: 'streaming', text: '', depth: 1, usage: { promptTokens: 0, generatedTokens: 0, calls: 0, wallMs: 0 } },
});
const text: TreeDelta = { type: 'textAppended', id: 'a', text: 'x' };

test('the first node goes out at once, later batches at most every interval, nothing is lost', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  let clock = 0;
  const sent: { at: number; deltas: TreeDelta[] }[] = [];
  const batcher = new DeltaBatcher((deltas) => sent.push({ at: clock, deltas }), () => clock, 50);
  batcher.push(decision);
  clock = 10;
  t.mock.timers.tick(10);
  assert.equal(sent.length, 0, 'opening decisions wait for the first node');
  batcher.push(node('a'));
  t.mock.timers.tick(0);
  assert.deepEqual(sent.map((s) => s.deltas.length), [2]);
  for (let i = 0; i < 100; i += 1) {
    clock += 1;
    t.mock.timers.tick(1);
    batcher.push(text);
  }
  batcher.flush();
  const total = sent.reduce((n, s) => n + s.deltas.length, 0);
  assert.equal(total, 102);
  for (let i = 1; i < sent.length - 1; i += 1) assert.ok((sent[i]?.at ?? 0) - (sent[i - 1]?.at ?? 0) >= 50);
  assert.ok(sent.length <= 4, `${sent.length} batches in 100 ms`);
});

test('within a batch only the newest answer tally travels; applying the batch gives the same tree', () => {
  const sent: TreeDelta[][] = [];
  const batcher = new DeltaBatcher((deltas) => sent.push(deltas), () => 0, 50);
  const tally = (votes: number, chosen?: string): TreeDelta => ({
    type: 'answersChanged',
    answers: [{ answer: '19', votes, weight: 0, share: 1, nodeIds: Array.from({ length: votes }, (_, i) => `n${i}`) }],
    ...(chosen === undefined ? {} : { chosenAnswer: chosen }),
  });
  batcher.push(node('a'));
  batcher.push(tally(1, '19'));
  batcher.push(text);
  batcher.push(tally(2));
  batcher.push(decision);
  batcher.flush();
  const deltas = sent.flat();
  assert.deepEqual(deltas.map((d) => d.type), ['nodeAdded', 'textAppended', 'answersChanged', 'decision']);
  const last = deltas.find((d) => d.type === 'answersChanged');
  assert.ok(last?.type === 'answersChanged');
  assert.equal(last.answers[0]?.votes, 2);
  assert.equal(last.chosenAnswer, undefined, 'the newer tally withdrew the choice, as it would have applied in order');
});
