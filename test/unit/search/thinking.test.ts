// Thinking models: with `think` on, each step's hidden trace is kept on its node, its tokens are charged
// to the budget, and the verifier does not see it unless asked to.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SimulatedModel } from '../../../src/engine/model/sim/simulated-model';
import { isVerificationPrompt } from '../../../src/engine/prompts/verify';
import { solve } from '../../../src/engine/solve';
import { nodesOf, RecordingModel, simProblem } from './helpers';

const problem = simProblem(2, 3);
const verification = (model: RecordingModel) => model.requests.filter((r) => isVerificationPrompt(r.messages[1]?.content ?? ''));

for (const strategy of ['beam', 'weighted', 'revisions', 'adaptive'] as const) {
  test(`${strategy}: the trace is on the nodes, counted in the budget, and hidden from the verifier`, async () => {
    const thinking = new RecordingModel(new SimulatedModel());
    const plain = new RecordingModel(new SimulatedModel());
    const options = { strategy, samples: 4, beamWidth: 4, expansions: 2, revisionChains: 2, revisionLength: 2, seed: 8 } as const;
    const on = await solve(problem.problem, { model: thinking, think: true, ...options });
    const off = await solve(problem.problem, { model: plain, think: false, ...options });
    const traced = nodesOf(on.tree, 'step').filter((s) => (s.thinking ?? '').length > 0);
    assert.ok(traced.length > 0, 'steps carry traces');
    assert.ok(nodesOf(off.tree, 'step').every((s) => s.thinking === undefined));
    assert.ok(thinking.solving().every((r) => r.think === true));
    const generatorTokens = (result: typeof on) => result.usageByPurpose.generator.generatedTokens;
    assert.ok(generatorTokens(on) > generatorTokens(off), 'the trace costs tokens');
    const nodeTokens = on.tree.nodes.reduce((sum, n) => sum + n.usage.generatedTokens, 0);
    assert.equal(nodeTokens, on.usage.generatedTokens, 'every token, trace included, is on some node');
    const trace = traced[0]?.thinking ?? '';
    for (const request of verification(thinking)) assert.ok(!request.messages[1]?.content.includes(trace.slice(0, 40)), 'the verifier does not see it');
    assert.ok(verification(thinking).every((r) => r.think === false), 'and the judge is asked not to think');
  });
}

test('verifierSeesThinking shows each step’s trace to the verifier', async () => {
  const model = new RecordingModel(new SimulatedModel());
  const result = await solve(problem.problem, { model, strategy: 'beam', beamWidth: 2, expansions: 2, think: true, verifierSeesThinking: true, seed: 1 });
  const trace = nodesOf(result.tree, 'step').find((s) => s.thinking)?.thinking ?? '';
  assert.ok(trace.length > 0);
  assert.ok(verification(model).some((r) => r.messages[1]?.content.includes(`(thinking) ${trace.trim().slice(0, 30)}`)));
});
