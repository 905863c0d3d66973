import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TreeDelta } from '../../../src/protocol/tree';
import { applyDeltas } from '../../../src/engine/tree/apply';
import { ReasoningTree, TreeStateError } from '../../../src/engine/tree/tree';

const init = { runId: 'r1', problem: 'What is 2+3?', strategy: 'majority', tokenCap: 100 };

test('node ids are n0 (the problem), n1, n2 … in creation order', () => {
  const tree = new ReasoningTree(init);
  assert.equal(tree.rootId, 'n0');
  const a = tree.add({ parentId: tree.rootId, kind: 'step', text: 'a' });
  const b = tree.add({ parentId: a, kind: 'answer', text: '5', answer: '5' });
  assert.deepEqual([a, b], ['n1', 'n2']);
  assert.equal(tree.get(b)?.depth, 2);
  assert.deepEqual(tree.childrenOf('n0'), ['n1']);
});

test('streamed text travels as appended pieces, not as the whole text again', () => {
  const tree = new ReasoningTree(init);
  const deltas: TreeDelta[] = [];
  tree.subscribe((d) => deltas.push(d));
  const id = tree.add({ parentId: tree.rootId, kind: 'step', status: 'streaming' });
  tree.appendText(id, 'First ');
  tree.appendText(id, 'step', 'hmm');
  assert.deepEqual(deltas.slice(1), [
    { type: 'textAppended', id, text: 'First ' },
    { type: 'textAppended', id, text: 'step', thinking: 'hmm' },
  ]);
  assert.equal(tree.get(id)?.text, 'First step');
  assert.equal(tree.get(id)?.thinking, 'hmm');
});

test('a disposed listener receives nothing more, and a throwing listener cannot break the tree', () => {
  const errors: unknown[] = [];
  const tree = new ReasoningTree({ ...init, onListenerError: (e) => errors.push(e) });
  const seen: string[] = [];
  const subscription = tree.subscribe((d) => seen.push(d.type));
  tree.subscribe(() => {
    throw new Error('listener bug');
  });
  tree.add({ parentId: tree.rootId, kind: 'step' });
  subscription.dispose();
  tree.add({ parentId: tree.rootId, kind: 'step' });
  assert.deepEqual(seen, ['nodeAdded']);
  assert.equal(errors.length, 2);
  assert.equal(tree.snapshot().nodes.length, 3);
});

test('updates skip undefined fields, and a finished tree refuses changes', () => {
  const tree = new ReasoningTree(init);
  const deltas: TreeDelta[] = [];
  const start = tree.snapshot();
  tree.subscribe((d) => deltas.push(d));
  const id = tree.add({ parentId: tree.rootId, kind: 'step', status: 'streaming', score: 0.4 });
  tree.update(id, { status: 'done', score: undefined, reason: undefined });
  assert.deepEqual(deltas.at(-1), { type: 'nodeUpdated', id, patch: { status: 'done' } });
  assert.equal(tree.get(id)?.score, 0.4);
  tree.finish();
  assert.throws(() => tree.add({ parentId: tree.rootId, kind: 'step' }), TreeStateError);
  assert.throws(() => tree.update('n9', { status: 'done' }), TreeStateError);
  assert.deepEqual(applyDeltas(start, deltas), tree.snapshot());
});

test('an unknown parent is an error', () => {
  const tree = new ReasoningTree(init);
  assert.throws(() => tree.add({ parentId: 'n7', kind: 'step' }), TreeStateError);
});

test('snapshots and deltas are copies: changing them does not change the tree', () => {
  const tree = new ReasoningTree(init);
  const deltas: TreeDelta[] = [];
  tree.subscribe((d) => deltas.push(d));
  tree.add({ parentId: tree.rootId, kind: 'answer', text: '5' });
  tree.setAnswers([{ answer: '5', votes: 1, weight: 0, share: 1, nodeIds: ['n1'] }], '5', 1);
  const snapshot = tree.snapshot();
  (snapshot.nodes[1] as { text: string }).text = 'changed';
  (deltas[0] as { node: { text: string } }).node.text = 'changed too';
  snapshot.answers[0]?.nodeIds.push('n99');
  assert.equal(tree.get('n1')?.text, '5');
  assert.deepEqual(tree.snapshot().answers[0]?.nodeIds, ['n1']);
});
