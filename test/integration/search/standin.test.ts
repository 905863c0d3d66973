// Every strategy over real HTTP: OllamaModel (the real `ollama` client) against the stand-in serving the
// simulated reasoner. Tree shape, the budget, prefix reuse for beam search, thinking, and cancellation
// mid-search with every request closed at the server.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TreeDelta } from '../../../src/protocol/tree';
import { OllamaModel } from '../../../src/engine/model/ollama';
import { solve } from '../../../src/engine/solve';
import type { SolveOptions } from '../../../src/engine/solve';
import { startStandin } from '../../../src/standin';
import type { Standin } from '../../../src/standin';
import { assertConsistent, childrenOf, deltaRecorder, nodesOf, rootOf, simProblem } from '../../unit/search/helpers';

const problem = simProblem(3, 4);

describe('search strategies through the stand-in', () => {
  let standin: Standin;
  let model: OllamaModel;

  before(async () => {
    standin = await startStandin({ parallel: 4 });
    model = new OllamaModel({ host: standin.url, model: 'qwen2.5:1.5b', numCtx: 4096, slots: 4 });
  });

  after(async () => {
    await model.close();
    await standin.close();
  });

  const cases: [string, Partial<SolveOptions>, (tree: Awaited<ReturnType<typeof solve>>['tree']) => void][] = [
    ['beam', { beamWidth: 4, expansions: 2 }, (tree) => {
      assert.equal(childrenOf(tree, rootOf(tree).id, 'step').length, 4);
      assert.ok(nodesOf(tree, 'step').some((s) => s.status === 'pruned'));
    }],
    ['dvts', { beamWidth: 4, expansions: 2 }, (tree) => {
      assert.deepEqual([...new Set(childrenOf(tree, rootOf(tree).id, 'step').map((s) => s.sample))].sort(), [0, 1]);
    }],
    ['lookahead', { beamWidth: 4, expansions: 2, lookahead: 1 }, (tree) => {
      assert.ok(nodesOf(tree, 'step').some((s) => /lookahead rollout/.test(s.reason ?? '')));
    }],
    ['revisions', { revisionChains: 2, revisionLength: 2 }, (tree) => {
      assert.equal(nodesOf(tree, 'revision').length, 2);
    }],
    ['adaptive', { samples: 8 }, (tree) => {
      assert.ok(tree.decisions.some((d) => d.kind === 'difficulty'));
    }],
  ];

  for (const [strategy, options, shape] of cases) {
    test(`${strategy}: solves, within the cap, with a consistent tree`, async () => {
      const recorder = deltaRecorder();
      const result = await solve(problem.problem, { model, strategy, tokenCap: 6000, seed: 3, ...options, ...recorder });
      assertConsistent(result.tree, recorder.rebuilt());
      shape(result.tree);
      assert.ok(result.answer !== undefined);
      assert.ok(result.usage.generatedTokens <= 6000);
      assert.equal(result.verifier?.method, 'logprobs');
      await standin.waitFor((s) => s.openRequests === 0);
    });
  }

  test('a thinking model: traces on the step nodes, through the real API', async () => {
    const thinker = new OllamaModel({ host: standin.url, model: 'qwen3:1.7b', client: model.client, slots: 4 });
    const result = await solve(problem.problem, { model: thinker, strategy: 'beam', beamWidth: 2, expansions: 2, think: true, seed: 2 });
    assert.ok(nodesOf(result.tree, 'step').some((s) => (s.thinking ?? '').length > 0));
    assert.ok(result.usage.generatedTokens > 0);
  });
});

describe('prefix reuse through the stand-in', () => {
  /** Beam search at Ollama's default of one slot; the prompt tokens the server evaluated, and the tree. */
  async function beamAt(cache: boolean): Promise<{ evaluated: number; tree: string }> {
    const standin = await startStandin({ parallel: 1, cache });
    const model = new OllamaModel({ host: standin.url, model: 'qwen2.5:1.5b', numCtx: 4096, slots: 1 });
    try {
      const result = await solve(problem.problem, { model, strategy: 'beam', beamWidth: 8, expansions: 4, seed: 5, runId: 'r' });
      const tree = result.tree.nodes.map((n) => `${n.id}|${n.parentId}|${n.status}|${n.text}|${n.score ?? ''}`).join('\n');
      return { evaluated: standin.stats().promptTokensEvaluated, tree };
    } finally {
      await model.close();
      await standin.close();
    }
  }

  test('beam search: the server evaluates at most a quarter of the prompt tokens a re-sending client costs, at the same tree', async () => {
    const cached = await beamAt(true);
    const resent = await beamAt(false);
    assert.equal(cached.tree, resent.tree, 'the same tree both times');
    assert.ok(cached.evaluated <= 0.25 * resent.evaluated, `${cached.evaluated} of ${resent.evaluated} prompt tokens evaluated`);
  });
});

describe('cancelling a search through the stand-in', () => {
  for (const strategy of ['beam', 'dvts', 'lookahead', 'revisions', 'adaptive'] as const) {
    test(`${strategy}: every request is closed at the server and the tree is consistent`, async () => {
      const standin = await startStandin({ parallel: 4, tokenLatencyMs: 2 });
      const model = new OllamaModel({ host: standin.url, model: 'qwen2.5:1.5b', numCtx: 4096, slots: 4 });
      try {
        const controller = new AbortController();
        const recorder = deltaRecorder();
        let steps = 0;
        const onDelta = (delta: TreeDelta): void => {
          recorder.onDelta(delta);
          if (delta.type === 'nodeAdded' && delta.node.kind === 'step' && ++steps === 10) controller.abort();
        };
        const result = await solve(
          problem.problem,
          { model, strategy, samples: 8, beamWidth: 4, expansions: 2, revisionChains: 3, revisionLength: 2, lookahead: 1, onTree: recorder.onTree, onDelta },
          controller.signal,
        );
        assert.equal(result.cancelled, true);
        assertConsistent(result.tree, recorder.rebuilt());
        const stats = await standin.waitFor((s) => s.openRequests === 0 && s.activeGenerations === 0);
        assert.ok(stats.generationsAborted > 0, 'generations in flight were stopped');
      } finally {
        await model.close();
        await standin.close();
      }
    });
  }
});
