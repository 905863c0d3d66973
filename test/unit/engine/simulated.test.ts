// The engine against the simulated reasoner: real chains with real mistakes, a judge whose Yes/No
// log-probabilities track correctness, and streaming that can be cut off mid-token.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TreeDelta, TreeSnapshot } from '../../../src/protocol/tree';
import { answersEquivalent } from '../../../src/engine/answers';
import type { GenerationRequest, LanguageModel, ModelCapabilities } from '../../../src/engine/model/types';
import { generateProblems } from '../../../src/engine/model/sim/problems';
import { SimulatedModel } from '../../../src/engine/model/sim/simulated-model';
import { solve } from '../../../src/engine/solve';
import { applyDeltas } from '../../../src/engine/tree/apply';

const problems = generateProblems({ count: 40, seed: 5, difficulty: 'mixed' });
const first = problems[0];
assert.ok(first);

/** The simulated model behind a wrapper that can hide log-probabilities or fail some generations. */
function wrapped(options: { logprobs?: boolean; failWhen?: (request: GenerationRequest) => boolean }): LanguageModel {
  const inner = new SimulatedModel();
  return {
    label: 'wrapped simulated reasoner',
    async capabilities(signal: AbortSignal): Promise<ModelCapabilities> {
      const caps = await inner.capabilities(signal);
      return { ...caps, logprobs: options.logprobs ?? caps.logprobs };
    },
    generate(request, signal) {
      if (options.failWhen?.(request)) throw new Error('simulated outage');
      return inner.generate({ ...request, logprobs: (options.logprobs ?? true) && request.logprobs }, signal);
    },
  };
}

test('weighted best-of-N on the simulated reasoner: a scored, consistent tree within the budget', async () => {
  let start: TreeSnapshot | undefined;
  const deltas: TreeDelta[] = [];
  const result = await solve(first.problem, {
    model: new SimulatedModel(),
    strategy: 'weighted',
    samples: 6,
    seed: 11,
    tokenCap: 4000,
    onTree: (tree) => (start = tree.snapshot()),
    onDelta: (d) => deltas.push(d),
  });
  assert.ok(start);
  assert.deepEqual(applyDeltas(start, deltas), result.tree);
  assert.equal(result.verifier?.method, 'logprobs');
  assert.ok(result.usage.generatedTokens <= 4000);
  assert.ok(result.answer !== undefined);
  const steps = result.tree.nodes.filter((n) => n.kind === 'step');
  const answered = result.tree.nodes.filter((n) => n.kind === 'answer' && n.answer !== undefined);
  assert.ok(steps.length >= 6 * first.steps, 'at least one step per operation in each chain');
  for (const step of steps) {
    assert.ok(step.score !== undefined && step.score >= 0 && step.score <= 1);
    assert.match(step.verdict ?? '', /log-probabilities|neither Yes nor No/);
  }
  for (const answer of answered) assert.ok(answer.score !== undefined && /^min of \d+ step scores/.test(answer.verdict ?? ''));
  const sum = (key: 'promptTokens' | 'generatedTokens' | 'calls') => result.tree.nodes.reduce((s, n) => s + n.usage[key], 0);
  assert.deepEqual([sum('promptTokens'), sum('generatedTokens'), sum('calls')], [result.usage.promptTokens, result.usage.generatedTokens, result.usage.calls]);
  assert.equal(result.usageByPurpose.verifier.calls, steps.length);
});

test('the judge tracks correctness: right chains score higher (min over steps) than wrong ones of the same problem', async () => {
  const model = new SimulatedModel();
  let wins = 0;
  let pairs = 0;
  for (const [index, problem] of problems.slice(0, 24).entries()) {
    const result = await solve(problem.problem, { model, strategy: 'weighted', samples: 8, aggregation: 'min', seed: index * 100, parallelism: 8 });
    const chains = result.tree.nodes
      .filter((n) => n.kind === 'answer' && n.answer !== undefined && n.score !== undefined)
      .map((n) => ({ right: answersEquivalent(n.answer ?? '', problem.gold), score: n.score ?? 0 }));
    for (const r of chains.filter((c) => c.right)) {
      for (const w of chains.filter((c) => !c.right)) {
        pairs += 1;
        wins += r.score > w.score ? 1 : r.score === w.score ? 0.5 : 0;
      }
    }
  }
  assert.ok(pairs >= 20, `enough right/wrong pairs to compare (${pairs})`);
  assert.ok(wins / pairs > 0.6, `pairwise ranking ${(wins / pairs).toFixed(3)} is better than chance`);
});

test('majority vote on the simulated reasoner: more samples do not lose accuracy on these problems', async () => {
  const model = new SimulatedModel();
  const accuracy = async (samples: number) => {
    let right = 0;
    for (const [index, problem] of problems.entries()) {
      const result = await solve(problem.problem, { model, strategy: 'majority', samples, seed: index * 100, parallelism: 8 });
      if (result.answer !== undefined && answersEquivalent(result.answer, problem.gold)) right += 1;
      assert.ok(result.confidence > 0 && result.confidence <= 1);
    }
    return right / problems.length;
  };
  const one = await accuracy(1);
  const eight = await accuracy(8);
  assert.ok(one < 1, 'the simulated reasoner makes mistakes');
  assert.ok(eight >= one, `N=8 accuracy ${eight} vs N=1 ${one}`);
});

test('cancelling a slow run mid-stream returns the partial result with cancelled steps', async () => {
  const model = new SimulatedModel({ tokenLatencyMs: 2 });
  const controller = new AbortController();
  const deltas: TreeDelta[] = [];
  const running = solve(first.problem, { model, strategy: 'weighted', samples: 4, parallelism: 4, onDelta: (d) => deltas.push(d) }, controller.signal);
  while (!deltas.some((d) => d.type === 'textAppended')) await new Promise((resolve) => setTimeout(resolve, 5));
  controller.abort();
  const result = await running;
  assert.equal(result.cancelled, true);
  assert.equal(result.stopReason, 'cancelled');
  assert.equal(result.tree.finished, true);
  assert.ok(!result.tree.nodes.some((n) => n.status === 'streaming'));
  assert.ok(result.tree.nodes.some((n) => n.status === 'failed' && n.reason === 'cancelled'));
  assert.ok(result.usage.generatedTokens > 0, 'tokens streamed before the abort are charged');
});

test('without log-probabilities the sampled judge scores the steps, and the result says so', async () => {
  const result = await solve(first.problem, { model: wrapped({ logprobs: false }), strategy: 'weighted', samples: 2, seed: 3, verifierSamples: 4 });
  assert.equal(result.verifier?.method, 'sampled');
  const steps = result.tree.nodes.filter((n) => n.kind === 'step');
  assert.ok(steps.every((s) => /of 4 sampled judgements Yes/.test(s.verdict ?? '')));
  assert.equal(result.usageByPurpose.verifier.calls, steps.length * 4);
});

test('chains whose calls fail are shown failed and the others decide', async () => {
  const model = wrapped({ failWhen: (r) => r.seed !== undefined && r.seed % 3 === 0 && r.temperature > 0 && r.logprobs !== true });
  const result = await solve(first.problem, { model, strategy: 'majority', samples: 6, seed: 0, parallelism: 2 });
  assert.equal(result.samples.failed, 2);
  assert.ok(result.answer !== undefined);
  assert.equal(result.tree.nodes.filter((n) => n.status === 'failed' && /simulated outage/.test(n.reason ?? '')).length, 2);
});

test('a tight token cap stops sampling early and is never exceeded', async () => {
  const result = await solve(first.problem, { model: new SimulatedModel(), strategy: 'weighted', samples: 16, tokenCap: 300, maxTokensPerSample: 200 });
  assert.ok(result.usage.generatedTokens <= 300);
  assert.equal(result.stopReason, 'budget');
  assert.ok(result.samples.notStarted > 0);
});
