// DVTS (independent subtrees, each kept greedily) and lookahead search (rollouts at temperature 0 before
// scoring; k = 0 is beam search) on the simulated reasoner.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SimulatedModel } from '../../../src/engine/model/sim/simulated-model';
import { solve } from '../../../src/engine/solve';
import { assertConsistent, childrenOf, deltaRecorder, nodesOf, RecordingModel, rootOf, simProblem } from './helpers';

test('DVTS: N/M subtrees, each expanding one chain M ways per round and keeping only its best', async () => {
  const problem = simProblem(3, 4);
  const recorder = deltaRecorder();
  const result = await solve(problem.problem, { model: new SimulatedModel(), strategy: 'dvts', beamWidth: 8, expansions: 4, temperature: 1, seed: 9, ...recorder });
  const tree = result.tree;
  assertConsistent(tree, recorder.rebuilt());
  const first = childrenOf(tree, rootOf(tree).id, 'step');
  assert.equal(first.length, 8);
  assert.deepEqual([...new Set(first.map((s) => s.sample))].sort(), [0, 1], 'two subtrees');
  for (const subtree of [0, 1]) {
    const steps = nodesOf(tree, 'step').filter((s) => s.sample === subtree);
    const depths = [...new Set(steps.map((s) => s.depth))];
    for (const depth of depths) {
      const round = steps.filter((s) => s.depth === depth);
      assert.equal(round.length, 4, `subtree ${subtree}, depth ${depth}: M candidates`);
      const expanded = round.filter((s) => childrenOf(tree, s.id, 'step').length > 0);
      assert.ok(expanded.length <= 1, 'greedy: at most one chain goes on');
      if (expanded[0]) assert.equal(expanded[0].score, Math.max(...round.map((s) => s.score ?? 0)), 'the best one');
    }
    assert.ok(nodesOf(tree, 'answer').some((a) => a.sample === subtree), `subtree ${subtree} finished a chain`);
  }
  assert.ok(result.answer !== undefined);
});

test('lookahead: each candidate is scored after a k-step rollout at temperature 0, kept in the tree as pruned', async () => {
  const problem = simProblem(3, 5);
  const model = new RecordingModel(new SimulatedModel());
  const result = await solve(problem.problem, { model, strategy: 'lookahead', beamWidth: 4, expansions: 2, lookahead: 2, seed: 4 });
  const tree = result.tree;
  assertConsistent(tree);
  const rollouts = nodesOf(tree, 'step').filter((s) => /lookahead rollout/.test(s.reason ?? ''));
  assert.ok(rollouts.length > 0);
  for (const r of rollouts) assert.equal(r.status, 'pruned');
  assert.ok(model.solving().filter((r) => r.temperature === 0).length >= rollouts.length, 'rollouts are greedy');
  const candidates = nodesOf(tree, 'step').filter((s) => /lookahead rollout\)$/.test(s.verdict ?? ''));
  assert.ok(candidates.length > 0, 'candidates carry the score of the step ahead');
  assert.ok(result.answer !== undefined);
});

test('lookahead with k = 0 is beam search: the same tree', async () => {
  const problem = simProblem(2, 3);
  const options = { beamWidth: 4, expansions: 2, seed: 11, runId: 'r' } as const;
  const beam = await solve(problem.problem, { model: new SimulatedModel(), strategy: 'beam', ...options });
  const look = await solve(problem.problem, { model: new SimulatedModel(), strategy: 'lookahead', lookahead: 0, ...options });
  const shape = (nodes: typeof beam.tree.nodes) => nodes.filter((n) => n.kind !== 'decision').map((n) => [n.id, n.parentId, n.kind, n.status, n.text, n.score]);
  assert.deepEqual(shape(look.tree.nodes), shape(beam.tree.nodes));
  assert.equal(look.answer, beam.answer);
});
