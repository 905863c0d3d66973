// A model that cannot stop thinking (gpt-oss) through the stand-in: Ollama ignores `think: false` for it,
// so its trace comes before every answer. The judge asks for the lowest level with a cap and reads its
// Yes/No from the first answer token after the trace; generations get room for the trace on top of the
// step's own cap, so no step comes out empty.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { OllamaModel } from '../../../src/engine/model/ollama';
import { solve } from '../../../src/engine/solve';
import { NEUTRAL_SCORE } from '../../../src/engine/verify/yes-no';
import { DEFAULT_MODELS, GPT_OSS_LIKE, startStandin } from '../../../src/standin';
import { nodesOf, simProblem } from '../../unit/search/helpers';

const problem = simProblem(3, 4);

describe('a gpt-oss-like model (always thinks, levels only)', () => {
  test('beam search: every judged step has a non-neutral score, no step is empty, traces are kept', async () => {
    const standin = await startStandin({ parallel: 2, models: [...DEFAULT_MODELS, GPT_OSS_LIKE] });
    const model = new OllamaModel({ host: standin.url, model: GPT_OSS_LIKE.name, numCtx: 8192, slots: 2 });
    try {
      const capabilities = await model.capabilities(new AbortController().signal);
      assert.equal(capabilities.thinkingAlwaysOn, true);
      // Small caps, as a step of a small model would have: without an allowance the trace eats them.
      const result = await solve(problem.problem, { model, strategy: 'beam', beamWidth: 4, expansions: 2, maxTokensPerStep: 24, tokenCap: 40_000, seed: 5 });
      const steps = nodesOf(result.tree, 'step');
      assert.ok(steps.length >= 4);
      for (const step of steps) {
        assert.notEqual(step.text.trim(), '', `an empty step: ${JSON.stringify(step)}`);
        assert.ok((step.thinking ?? '') !== '', 'the trace is kept on the step');
      }
      const judged = steps.filter((s) => s.score !== undefined);
      assert.ok(judged.length >= 4);
      for (const step of judged) assert.notEqual(step.score, NEUTRAL_SCORE, `neutral judgement: ${step.verdict ?? ''}`);
      assert.ok(result.tree.decisions.some((d) => /thinks before it writes: each generation gets \d+ more tokens/.test(d.message)));
      assert.equal(result.verifier?.method, 'logprobs');
      assert.ok(result.answer !== undefined);
    } finally {
      await model.close();
      await standin.close();
    }
  });
});
