// A thinking budget through solve(): every strategy's generations carry `think` and the budget, the node
// holding a trace gets the generation's thinking outcome, the usage sums thinking and verifier tokens, and a
// decision in the tree says the budget and how this model's traces are ended.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SimulatedModel } from '../../../src/engine/model/sim/simulated-model';
import type { GenerationEvent, GenerationRequest, LanguageModel, ModelCapabilities } from '../../../src/engine/model/types';
import type { ForcingInfo } from '../../../src/engine/model/thinking';
import { solve } from '../../../src/engine/solve';
import { RecordingModel, simProblem } from './helpers';

/**
 * The simulated model with a backend's report of each budgeted generation: its thinking chunks as tokens,
 * ending `cut` when it would have passed the budget (a stand-in for the Ollama backend's forcing, which the
 * integration tests exercise over HTTP).
 */
class BudgetReporting implements LanguageModel {
  readonly label = 'budget-reporting simulated reasoner';
  private readonly inner = new SimulatedModel();

  async *generate(request: GenerationRequest, signal: AbortSignal): AsyncIterable<GenerationEvent> {
    let thinking = 0;
    for await (const event of this.inner.generate(request, signal)) {
      if (event.type === 'chunk') {
        if (event.thinking) thinking += 1;
        yield event;
        continue;
      }
      const budget = request.thinkingBudget;
      if (!budget) {
        yield event;
        continue;
      }
      const tokens = Math.min(thinking, budget.maxTokens);
      yield { ...event, thinkingOutcome: { tokens, budget: budget.maxTokens, ending: thinking > budget.maxTokens ? 'cut' : 'natural', extensions: 0 } };
    }
  }

  async capabilities(signal: AbortSignal): Promise<ModelCapabilities & ForcingInfo> {
    return { ...(await this.inner.capabilities(signal)), forcing: { kind: 'template', template: 'qwen3' } };
  }
}

const problem = simProblem(2, 3);

for (const strategy of ['majority', 'weighted', 'beam', 'dvts', 'lookahead', 'revisions', 'adaptive'] as const) {
  test(`${strategy}: generations carry think and the budget; nodes and usage get the outcome`, async () => {
    const model = new RecordingModel(new BudgetReporting());
    const result = await solve(problem.problem, {
      model,
      strategy,
      samples: 4,
      beamWidth: 4,
      expansions: 2,
      revisionChains: 2,
      revisionLength: 2,
      seed: 5,
      think: 'high',
      thinkBudget: 6,
    });
    const solving = model.solving();
    assert.ok(solving.length > 0);
    for (const request of solving) {
      assert.equal(request.think, 'high');
      assert.deepEqual(request.thinkingBudget, { maxTokens: 6 });
    }
    const budgeted = result.tree.nodes.filter((n) => n.thinkingBudget !== undefined);
    assert.ok(budgeted.length > 0, 'nodes with a trace carry its outcome');
    for (const node of budgeted) {
      assert.equal(node.thinkingBudget, 6);
      assert.ok((node.thinkingTokens ?? -1) >= 0 && (node.thinkingTokens ?? 99) <= 6);
      assert.ok(node.thinkingEnding === 'natural' || node.thinkingEnding === 'cut');
      assert.equal(node.thinkingExtensions, 0);
      assert.ok((node.thinking ?? '').length > 0, 'the outcome is on the node that holds the trace');
    }
    const summed = budgeted.reduce((sum, n) => sum + (n.thinkingTokens ?? 0), 0);
    assert.equal(result.usage.thinkingTokens ?? 0, summed);
    assert.equal(result.usage.verifyTokens ?? 0, result.usageByPurpose.verifier.generatedTokens);
    assert.ok(result.tree.decisions.some((d) => d.message.startsWith('thinking budget: 6 tokens per generation; forced')));
  });
}

test('the judge gets no budget: it is asked not to think', async () => {
  const model = new RecordingModel(new BudgetReporting());
  await solve(problem.problem, { model, strategy: 'weighted', samples: 2, seed: 1, thinkBudget: 6, think: true });
  const judging = model.requests.filter((r) => !model.solving().includes(r));
  assert.ok(judging.length > 0);
  assert.ok(judging.every((r) => r.thinkingBudget === undefined && r.think === false));
});

test('bad think settings are refused with what is allowed', async () => {
  const model = new SimulatedModel();
  await assert.rejects(solve('1+1', { model, thinkBudget: 0 }), /thinkBudget must be an integer ≥ 1, got 0/);
  await assert.rejects(solve('1+1', { model, think: 'max' as unknown as 'high' }), /think must be true, false, "low", "medium" or "high", got "max"/);
});

test('a budget for a model that does not think is said to have no effect, and no request carries it', async () => {
  const inner = new SimulatedModel();
  const model = new RecordingModel({
    label: 'a model that does not think',
    generate: (request, signal) => inner.generate(request, signal),
    capabilities: async (signal) => ({ ...(await inner.capabilities(signal)), thinking: false }),
  });
  const result = await solve(problem.problem, { model, strategy: 'majority', samples: 2, seed: 1, thinkBudget: 32 });
  assert.ok(model.requests.every((r) => r.thinkingBudget === undefined));
  const warning = result.tree.decisions.find((d) => d.kind === 'warning');
  assert.equal(warning?.message, 'the thinking budget of 32 tokens has no effect: this model does not report that it thinks');
});
