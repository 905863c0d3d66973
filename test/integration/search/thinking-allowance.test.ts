// Thinking models whose traces outrun the trace allowance of a generation (no thinking budget set), through
// the stand-in over HTTP. The stand-in's simulated reasoner is configured to think far longer than usual
// (thinkBaseTokens), as a real model does on a problem it finds hard. Where Ponder can render the model's
// template the trace is forced closed at the allowance and the model answers from it; where it cannot (a
// gpt-oss level) the generation is stopped there and failed with the reason: never an empty step or chain
// that search takes for a finished one.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { OllamaModel } from '../../../src/engine/model/ollama';
import { GENERATION_THINKING_TOKENS } from '../../../src/engine/model/thinking';
import { solve } from '../../../src/engine/solve';
import { DEFAULT_MODELS, GPT_OSS_LIKE, startStandin } from '../../../src/standin';
import { nodesOf, simProblem } from '../../unit/search/helpers';

const problem = simProblem(2, 3);

describe('traces longer than the trace allowance', () => {
  test('qwen3 (forced): every trace is cut at the allowance and the chain answers from it, in chains and in steps (beam, DVTS)', async () => {
    // Every trace this configuration wants is longer than the allowance.
    const standin = await startStandin({ parallel: 2, simConfig: { thinkBaseTokens: 3 * GENERATION_THINKING_TOKENS } });
    const model = new OllamaModel({ host: standin.url, model: 'qwen3:1.7b', slots: 2 });
    try {
      for (const strategy of ['majority', 'beam', 'dvts'] as const) {
        // A cap with room for every call's whole allowance (with less, the ledger's shortfall comes out of it).
        const options = { model, strategy, samples: 2, beamWidth: 2, expansions: 1, maxTokensPerStep: 64, tokenCap: 100_000, seed: 3 };
        const result = await solve(problem.problem, options);
        const traced = result.tree.nodes.filter((n) => n.thinkingTokens !== undefined);
        assert.ok(traced.length >= 2, `${strategy}: traces are counted`);
        for (const node of traced) {
          assert.deepEqual(
            [node.thinkingTokens, node.thinkingBudget, node.thinkingEnding, node.thinkingLimit],
            [GENERATION_THINKING_TOKENS, GENERATION_THINKING_TOKENS, 'cut', 'allowance'],
            `${strategy}: node ${node.id}`,
          );
        }
        for (const step of nodesOf(result.tree, 'step')) assert.notEqual(step.text.trim(), '', `${strategy}: an empty step`);
        assert.equal(result.tree.nodes.filter((n) => n.status === 'failed').length, 0, `${strategy}: nothing failed`);
        assert.ok(result.answer !== undefined, `${strategy}: an answer`);
        assert.ok(
          result.tree.decisions.some((d) => /each generation gets 4096 more tokens for its trace; forced: at the allowance/.test(d.message)),
          `${strategy}: the tree says what happens at the allowance`,
        );
      }
      // Revisions: the first chains think (and are cut); the revisions, which this simulated model writes
      // after a short look at the attempt, end within the allowance. No step is empty either way.
      const revised = await solve(problem.problem, { model, strategy: 'revisions', revisionChains: 2, revisionLength: 2, tokenCap: 100_000, seed: 3 });
      const traced = revised.tree.nodes.filter((n) => n.thinkingTokens !== undefined);
      assert.ok(traced.some((n) => n.thinkingEnding === 'cut' && n.thinkingLimit === 'allowance'));
      assert.ok(traced.every((n) => (n.thinkingTokens ?? 0) <= GENERATION_THINKING_TOKENS));
      for (const step of [...nodesOf(revised.tree, 'step'), ...nodesOf(revised.tree, 'revision')]) assert.notEqual(step.text.trim(), '', 'revisions: an empty step');
    } finally {
      await model.close();
      await standin.close();
    }
  });

  test('gpt-oss (levels only, cannot be forced): a trace that reaches the allowance fails its generation, with the reason', async () => {
    // About a third of the traces this configuration wants run past the allowance at the lowest level.
    const standin = await startStandin({ parallel: 2, models: [...DEFAULT_MODELS, GPT_OSS_LIKE], simConfig: { thinkBaseTokens: 3500 } });
    const model = new OllamaModel({ host: standin.url, model: GPT_OSS_LIKE.name, slots: 2 });
    try {
      const result = await solve(problem.problem, { model, strategy: 'majority', samples: 8, seed: 3 });
      const stopped = result.tree.nodes.filter((n) => n.thinkingEnding === 'stopped');
      assert.ok(stopped.length >= 1, 'some traces reached the allowance');
      for (const node of stopped) {
        assert.equal(node.status, 'failed');
        assert.equal(node.thinkingLimit, 'allowance');
        assert.match(node.reason ?? '', /reached the 4096-token trace allowance of one generation .* cannot be made to answer from a cut trace \(level "low"/);
      }
      // The chains whose traces fitted answered; no chain passed for finished without text.
      const answers = nodesOf(result.tree, 'answer');
      assert.equal(answers.length, 8 - stopped.length);
      assert.ok(answers.every((a) => a.status !== 'failed'), 'every chain that was not stopped answered');
      assert.equal(result.samples.failed, stopped.length);
      assert.ok(result.answer !== undefined);
      assert.ok(result.tree.decisions.some((d) => /takes only thinking levels: if its trace reaches the allowance it is stopped there and the generation fails/.test(d.message)));
    } finally {
      await model.close();
      await standin.close();
    }
  });
});
