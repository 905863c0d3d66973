// Cancelling mid-search: solve resolves with what was found, flagged cancelled, and the tree is consistent:
// nothing left streaming, the cancelled calls' nodes marked failed ("cancelled"), the deltas rebuild it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TreeDelta } from '../../../src/protocol/tree';
import { SimulatedModel } from '../../../src/engine/model/sim/simulated-model';
import { solve } from '../../../src/engine/solve';
import { assertConsistent, deltaRecorder, nodesOf, simProblem } from './helpers';

const problem = simProblem(4, 6);

for (const strategy of ['beam', 'dvts', 'lookahead', 'revisions', 'adaptive'] as const) {
  test(`${strategy}: cancelled mid-search, the partial tree is consistent`, async () => {
    const model = new SimulatedModel({ tokenLatencyMs: 1 });
    const controller = new AbortController();
    const recorder = deltaRecorder();
    let steps = 0;
    const onDelta = (delta: TreeDelta): void => {
      recorder.onDelta(delta);
      if (delta.type === 'nodeAdded' && delta.node.kind === 'step' && ++steps === 12) controller.abort();
    };
    const started = performance.now();
    const result = await solve(
      problem.problem,
      { model, strategy, samples: 8, beamWidth: 4, expansions: 2, revisionChains: 2, revisionLength: 3, onTree: recorder.onTree, onDelta },
      controller.signal,
    );
    assert.ok(performance.now() - started < 5000);
    assert.equal(result.cancelled, true);
    assert.equal(result.stopReason, 'cancelled');
    assertConsistent(result.tree, recorder.rebuilt());
    assert.ok(nodesOf(result.tree, 'step').some((s) => s.status === 'failed' && s.reason === 'cancelled'), 'the interrupted steps say so');
    assert.ok(result.tree.decisions.some((d) => d.kind === 'stop' && d.data?.stopReason === 'cancelled'));
  });
}
