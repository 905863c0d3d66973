import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TreeDelta, TreeNode, TreeSnapshot } from '../../../src/protocol/tree';
import { TreeMirror } from '../../../src/extension/tree-mirror';

const usage = { promptTokens: 0, generatedTokens: 0, calls: 0, wallMs: 0 };

function node(id: string, parentId: string | null, kind: TreeNode['kind'], text = ''): TreeNode {
  return { id, parentId, kind, status: 'streaming', text, depth: parentId === null ? 0 : 1, usage };
}

function snapshot(): TreeSnapshot {
  return {
    runId: 'r1',
    problem: 'What is 2 + 2?',
    strategy: 'weighted',
    nodes: [node('p', null, 'problem', 'What is 2 + 2?')],
    answers: [],
    decisions: [],
    usage: { ...usage, tokenCap: 1000 },
    finished: false,
  };
}

test('applying deltas gives the state a fresh snapshot would have', () => {
  const mirror = new TreeMirror(snapshot());
  const deltas: TreeDelta[] = [
    { type: 'nodeAdded', node: node('s1', 'p', 'step', 'Two plus') },
    { type: 'textAppended', id: 's1', text: ' two is four.', thinking: 'easy' },
    { type: 'nodeUpdated', id: 's1', patch: { status: 'done', score: 0.9 } },
    { type: 'nodeAdded', node: node('a1', 's1', 'answer', '4') },
    { type: 'answersChanged', answers: [{ answer: '4', votes: 1, weight: 0.9, share: 1, nodeIds: ['a1'] }], chosenAnswer: '4', confidence: 0.97 },
    { type: 'decision', decision: { kind: 'stop', message: 'confident' } },
    { type: 'usage', usage: { promptTokens: 20, generatedTokens: 9, calls: 2, wallMs: 40, tokenCap: 1000 } },
    { type: 'finished' },
  ];
  mirror.apply(deltas);
  const s = mirror.snapshot;
  assert.deepEqual(
    s.nodes.map((n) => [n.id, n.text, n.status, n.score]),
    [
      ['p', 'What is 2 + 2?', 'streaming', undefined],
      ['s1', 'Two plus two is four.', 'done', 0.9],
      ['a1', '4', 'streaming', undefined],
    ],
  );
  assert.equal(s.nodes[1]?.thinking, 'easy');
  assert.equal(s.chosenAnswer, '4');
  assert.equal(s.confidence, 0.97);
  assert.equal(s.decisions.length, 1);
  assert.equal(s.usage.generatedTokens, 9);
  assert.equal(s.finished, true);
  assert.equal(mirror.answeredSamples, 1);
});

test('a repeated nodeAdded and deltas for unknown nodes change nothing', () => {
  const mirror = new TreeMirror(snapshot());
  mirror.apply([
    { type: 'nodeAdded', node: node('s1', 'p', 'step', 'a') },
    { type: 'nodeAdded', node: node('s1', 'p', 'step', 'b') },
    { type: 'textAppended', id: 'missing', text: 'x' },
    { type: 'nodeUpdated', id: 'missing', patch: { status: 'failed' } },
  ]);
  assert.deepEqual(mirror.snapshot.nodes.map((n) => [n.id, n.text]), [['p', 'What is 2 + 2?'], ['s1', 'a']]);
});

test('a run whose tree the engine already finished still gets the reason of the failure that ended it', () => {
  const mirror = new TreeMirror(snapshot());
  mirror.apply([{ type: 'nodeAdded', node: { ...node('s1', 'p', 'step'), status: 'failed', reason: 'HTTP 500' } }, { type: 'finished' }]);
  const closing = mirror.closingDeltas('Ollama failed while generating: HTTP 500.');
  assert.deepEqual(closing, [{ type: 'finished', error: 'Ollama failed while generating: HTTP 500.' }]);
  mirror.apply(closing);
  assert.equal(mirror.snapshot.error, 'Ollama failed while generating: HTTP 500.');
  assert.deepEqual(mirror.closingDeltas('again'), [], 'the reason is given once');
  const clean = new TreeMirror(snapshot());
  clean.apply([{ type: 'finished' }]);
  assert.deepEqual(clean.closingDeltas(undefined), [], 'a run that ended well gets no error');
});
