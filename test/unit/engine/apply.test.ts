// Applying every delta a tree emits to its first snapshot gives its last snapshot, for random sequences
// of operations, also after the deltas went through JSON (as they do on the wire).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { NodeStatus, TreeDelta, TreeSnapshot } from '../../../src/protocol/tree';
import { applyDelta, applyDeltas, TreeDeltaError } from '../../../src/engine/tree/apply';
import { ReasoningTree } from '../../../src/engine/tree/tree';

const status = fc.constantFrom<NodeStatus>('streaming', 'done', 'pruned', 'failed', 'chosen');
const kind = fc.constantFrom('step', 'answer', 'verification', 'revision', 'decision' as const);
const text = fc.string({ maxLength: 6 });
const usage = fc.record({ promptTokens: fc.nat(50), generatedTokens: fc.nat(50), calls: fc.nat(3), wallMs: fc.nat(100) });

// Operations refer to nodes by index modulo the nodes that exist when they run.
const operation = fc.oneof(
  fc.record({ op: fc.constant('add' as const), parent: fc.nat(), kind, status, text, score: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }), sample: fc.option(fc.nat(8), { nil: undefined }) }),
  fc.record({ op: fc.constant('append' as const), node: fc.nat(), text, thinking: fc.option(text, { nil: undefined }) }),
  fc.record({ op: fc.constant('update' as const), node: fc.nat(), status: fc.option(status, { nil: undefined }), score: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }), verdict: fc.option(text, { nil: undefined }), reason: fc.option(text, { nil: undefined }), usage: fc.option(usage, { nil: undefined }) }),
  fc.record({ op: fc.constant('answers' as const), answers: fc.array(fc.record({ answer: text, votes: fc.nat(5), weight: fc.double({ min: 0, max: 5, noNaN: true }), share: fc.double({ min: 0, max: 1, noNaN: true }), nodeIds: fc.array(fc.constantFrom('n0', 'n1'), { maxLength: 2 }) }), { maxLength: 3 }), chosen: fc.option(text, { nil: undefined }), confidence: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }) }),
  fc.record({ op: fc.constant('decide' as const), kind: fc.constantFrom('difficulty', 'strategy', 'stop', 'warning' as const), message: text, data: fc.option(fc.dictionary(fc.constantFrom('a', 'b'), fc.oneof(fc.integer(), text, fc.boolean())), { nil: undefined }) }),
  fc.record({ op: fc.constant('usage' as const), usage }),
);

type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never;

function run(tree: ReasoningTree, ops: readonly Operation[]): void {
  const ids = () => tree.snapshot().nodes.map((n) => n.id);
  for (const op of ops) {
    const all = ids();
    const pick = (i: number) => all[i % all.length] as string;
    switch (op.op) {
      case 'add':
        tree.add({ parentId: pick(op.parent), kind: op.kind, status: op.status, text: op.text, score: op.score, sample: op.sample });
        break;
      case 'append':
        tree.appendText(pick(op.node), op.text, op.thinking);
        break;
      case 'update':
        tree.update(pick(op.node), { status: op.status, score: op.score, verdict: op.verdict, reason: op.reason, usage: op.usage });
        break;
      case 'answers':
        tree.setAnswers(op.answers, op.chosen, op.confidence);
        break;
      case 'decide':
        tree.decide({ kind: op.kind, message: op.message, ...(op.data ? { data: op.data } : {}) });
        break;
      case 'usage':
        tree.setUsage({ ...op.usage, tokenCap: 100 });
        break;
    }
  }
}

test('applying every delta to the first snapshot gives the final snapshot (also through JSON)', () => {
  fc.assert(
    fc.property(fc.array(operation, { maxLength: 40 }), fc.boolean(), (ops, finish) => {
      const tree = new ReasoningTree({ runId: 'p', problem: 'p?', strategy: 's', tokenCap: 100 });
      const first = tree.snapshot();
      const deltas: TreeDelta[] = [];
      tree.subscribe((d) => deltas.push(d));
      run(tree, ops);
      if (finish) tree.finish();
      const expected = tree.snapshot();
      assert.deepEqual(applyDeltas(first, deltas), expected);
      const wire = JSON.parse(JSON.stringify(deltas)) as TreeDelta[];
      const fromWire = applyDeltas(JSON.parse(JSON.stringify(first)) as TreeSnapshot, wire);
      assert.deepEqual(fromWire, JSON.parse(JSON.stringify(expected)));
    }),
    { numRuns: 300 },
  );
});

test('applyDelta does not mutate its input and shares unchanged nodes', () => {
  const tree = new ReasoningTree({ runId: 'p', problem: 'p?', strategy: 's', tokenCap: 10 });
  tree.add({ parentId: 'n0', kind: 'step', text: 'a' });
  tree.add({ parentId: 'n0', kind: 'step', text: 'b' });
  const before = tree.snapshot();
  const frozen = JSON.stringify(before);
  const after = applyDelta(before, { type: 'textAppended', id: 'n2', text: '!' });
  assert.equal(JSON.stringify(before), frozen);
  assert.equal(after.nodes[1], before.nodes[1]);
  assert.notEqual(after.nodes[2], before.nodes[2]);
  assert.equal(after.nodes[2]?.text, 'b!');
});

test('a delta that does not fit the snapshot is an error the receiver can recover from', () => {
  const snapshot = new ReasoningTree({ runId: 'p', problem: 'p?', strategy: 's', tokenCap: 10 }).snapshot();
  assert.throws(() => applyDelta(snapshot, { type: 'textAppended', id: 'n5', text: 'x' }), TreeDeltaError);
  const root = snapshot.nodes[0];
  assert.ok(root);
  assert.throws(() => applyDelta(snapshot, { type: 'nodeAdded', node: root }), TreeDeltaError);
  assert.throws(() => applyDelta(snapshot, { type: 'nodeAdded', node: { ...root, id: 'n1', parentId: 'n4' } }), TreeDeltaError);
});
