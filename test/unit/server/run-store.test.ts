import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SolveResultParams } from '../../../src/protocol/lsp';
import type { TreeSnapshot } from '../../../src/protocol/tree';
import { RunStore } from '../../../src/server/run-store';

const tree = (runId: string, nodes: number): TreeSnapshot => ({
  runId,
  problem: 'p',
  strategy: 's',
  nodes: Array.from({ length: nodes }, (_, i) => ({ id: `${i}`, parentId: null, kind: 'step', status: 'done', text: '', depth: 0, usage: { promptTokens: 0, generatedTokens: 0, calls: 0, wallMs: 0 } })),
  answers: [],
  decisions: [],
  usage: { promptTokens: 0, generatedTokens: 0, calls: 0, wallMs: 0, tokenCap: 0 },
  finished: true,
});
const result = (runId: string): SolveResultParams => ({ runId, answer: '1', confidence: 1, strategy: 's', usage: tree(runId, 0).usage, stopReason: 'done', cancelled: false });

test('keeps the newest runs, evicts the oldest trees beyond the node limit, lists newest first', () => {
  const dropped: string[] = [];
  const store = new RunStore({ maxRuns: 3, maxTreeNodes: 25 }, (id) => dropped.push(id));
  for (const id of ['a', 'b', 'c', 'd']) {
    store.start({ runId: id, problem: id, startedAt: 0 });
    store.finish(id, tree(id, 10), result(id), undefined);
  }
  assert.deepEqual(dropped, ['a']);
  assert.deepEqual(store.list().map((r) => r.runId), ['d', 'c', 'b']);
  assert.equal(store.snapshot('a'), null);
  assert.equal(store.snapshot('b'), null, 'tree evicted beyond 25 nodes');
  assert.equal(store.get('b')?.result?.answer, '1', 'its summary stays');
  assert.equal(store.snapshot('d')?.runId, 'd');
});

test('a running run is never dropped and answers with its live tree', () => {
  const store = new RunStore({ maxRuns: 1, maxTreeNodes: 100 });
  store.start({ runId: 'live', problem: 'p', startedAt: 0, live: () => tree('live', 1) });
  store.start({ runId: 'next', problem: 'p', startedAt: 0, live: () => tree('next', 2) });
  assert.equal(store.snapshot('live')?.nodes.length, 1);
  assert.deepEqual(store.list().map((r) => [r.runId, r.finished]), [['next', false], ['live', false]]);
});
