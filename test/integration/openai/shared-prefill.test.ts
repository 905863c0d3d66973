// Best-of-N on a server that takes `n`: the chains of a wave come from one request (one prefill), and the
// samples, their seeds, the answers and the tree are those of one request per sample. Measured on the
// stand-in's OpenAI dialect (vLLM's seeding: sample i of a request seeded s is seeded s + i) with its
// prefix cache off, so every evaluated prompt token shows in its counters.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OpenAIModel } from '../../../src/engine/model/openai';
import type { LanguageModel } from '../../../src/engine/model/types';
import { solve } from '../../../src/engine/solve';
import type { SolveResult } from '../../../src/engine/solve';
import { startStandin } from '../../../src/standin';
import type { Standin } from '../../../src/standin';

const PROBLEM = 'Zoe has 42 stamps. She gets 4 boxes of 16 stamps. She buys 60 more stamps. How many stamps does Zoe have now?';

/** The same model without generateStreams: one request per sample, as before. */
function oneRequestEach(model: OpenAIModel): LanguageModel {
  return { label: model.label, generate: (r, s) => model.generate(r, s), capabilities: (s, m) => model.capabilities(s, m) };
}

/** What each sample produced: its seed-ordered chain texts and answers. */
function samples(result: SolveResult): string[] {
  return result.tree.nodes
    .filter((n) => n.kind === 'answer')
    .sort((a, b) => (a.sample ?? 0) - (b.sample ?? 0))
    .map((n) => `${n.sample}: ${n.answer ?? ''}`);
}

function chainTexts(result: SolveResult): string[] {
  return result.tree.nodes.filter((n) => n.kind === 'step').map((n) => `${n.sample}/${n.depth}: ${n.text}`).sort();
}

describe('samples of one prompt in one request where the server takes n', () => {
  let standin: Standin;
  let model: OpenAIModel;
  before(async () => {
    standin = await startStandin({ dialect: 'openai', parallel: 8, cache: false });
    model = new OpenAIModel({ baseUrl: `${standin.url}/v1`, model: 'qwen2.5:1.5b', slots: 8 });
  });
  after(async () => {
    await model.close();
    await standin.close();
  });

  test('cancelling a solve mid-wave closes the shared request', async () => {
    const slow = await startStandin({ dialect: 'openai', parallel: 8, tokenLatencyMs: 20 });
    const slowModel = new OpenAIModel({ baseUrl: `${slow.url}/v1`, model: 'qwen2.5:1.5b', slots: 8 });
    try {
      const controller = new AbortController();
      const pending = solve(PROBLEM, { model: slowModel, strategy: 'majority', samples: 8, parallelism: 4, seed: 1 }, controller.signal);
      await slow.waitFor((s) => s.tokensGenerated >= 8, 10_000);
      assert.equal(slow.stats().generationsStarted, 2, 'the capability probe, then one request for the first wave');
      controller.abort();
      const result = await pending;
      assert.equal(result.cancelled, true);
      await slow.waitFor((s) => s.openRequests === 0 && s.generationsAborted >= 1, 5000);
      assert.equal(slow.stats().generationsStarted, 2, 'no second wave was started');
    } finally {
      await slowModel.close();
      await slow.close();
    }
  });

  for (const strategy of ['majority', 'weighted']) {
    test(`${strategy}: the same samples and answers, the prompt evaluated once per wave`, async () => {
      const options = { strategy, samples: 8, parallelism: 4, seed: 5 };
      await model.capabilities(new AbortController().signal);
      const before = standin.stats();
      const separate = await solve(PROBLEM, { ...options, model: oneRequestEach(model) }, new AbortController().signal);
      const middle = standin.stats();
      const shared = await solve(PROBLEM, { ...options, model }, new AbortController().signal);
      const end = standin.stats();

      assert.deepEqual(samples(shared), samples(separate));
      assert.deepEqual(chainTexts(shared), chainTexts(separate));
      assert.equal(shared.answer, separate.answer);
      assert.equal(shared.confidence, separate.confidence);
      assert.equal(shared.usageByPurpose.generator.generatedTokens, separate.usageByPurpose.generator.generatedTokens);

      const generatorCalls = (r: SolveResult): number => r.usageByPurpose.generator.calls;
      assert.equal(generatorCalls(shared), 8);
      assert.equal(generatorCalls(separate), 8);
      // Two waves of four: two requests for the chains, where one request each sent eight.
      const chainRequests = (from: typeof before, to: typeof before, verifierCalls: number): number => to.generationsStarted - from.generationsStarted - verifierCalls;
      assert.equal(chainRequests(before, middle, separate.usageByPurpose.verifier.calls), 8);
      assert.equal(chainRequests(middle, end, shared.usageByPurpose.verifier.calls), 2);
      // The generator's prompt tokens: evaluated once per wave instead of once per sample.
      const promptPerSample = (r: SolveResult): number => r.usageByPurpose.generator.promptTokens / 8;
      assert.equal(promptPerSample(shared) * 4, promptPerSample(separate));
    });
  }
});
