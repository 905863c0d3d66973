// Ollama's loop guard: a model that repeats one token more than 30 times in a row has its 200 response
// ended with no `done` (llm/llama_server.go, v0.33.0-rc2). Ponder says what happened, marks that chain and
// goes on with the others.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RepetitionAbortError, StreamEndedError } from '../../../src/engine/model/errors';
import { OllamaModel } from '../../../src/engine/model/ollama';
import type { SimRequest } from '../../../src/engine/model/sim/types';
import { solve } from '../../../src/engine/solve';
import type { RespondFn } from '../../../src/standin';
import { simulatedRespond, startStandin } from '../../../src/standin';
import { nodesOf, simProblem } from '../../unit/search/helpers';
import { ask, run, scriptedRespond } from './helpers';

const looping = scriptedRespond(['Then', ...Array.from({ length: 45 }, () => ' the')]);

describe('a model caught repeating one token', () => {
  test('the stand-in ends the stream after 30 repeats; the adapter reports a RepetitionAbortError naming the token', async () => {
    const standin = await startStandin({ respond: looping });
    const model = new OllamaModel({ host: standin.url, model: 'qwen2.5:1.5b' });
    try {
      const chunks: string[] = [];
      const error = await run(model, ask('go')).then(
        () => undefined,
        (err: unknown) => err,
      );
      assert.ok(error instanceof RepetitionAbortError, String(error));
      assert.equal(error.repeated, 'the');
      assert.match(error.message, /repeating "the" over and over/);
      assert.match(error.message, /the other chains go on/);
      assert.equal(standin.stats().repetitionAborts, 1);
      // The first "the" and 30 repeats were sent; the 32nd was not.
      const raw = await fetch(`${standin.url}/api/generate`, { method: 'POST', body: JSON.stringify({ model: 'qwen2.5:1.5b', prompt: 'go' }) });
      const lines = (await raw.text()).split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as { response: string; done: boolean });
      for (const line of lines) chunks.push(line.response);
      assert.equal(raw.status, 200);
      assert.equal(chunks.filter((c) => c === ' the').length, 31);
      assert.ok(lines.every((l) => !l.done));
    } finally {
      await model.close();
      await standin.close();
    }
  });

  test('a short run of repeats is not mistaken for the guard: a stream that ends early is still "stopped"', async () => {
    const standin = await startStandin({ respond: scriptedRespond(Array.from({ length: 10 }, () => ' the')), faults: [{ kind: 'endWithoutDone' }] });
    const model = new OllamaModel({ host: standin.url, model: 'qwen2.5:1.5b' });
    try {
      const error = await run(model, ask('go')).then(
        () => undefined,
        (err: unknown) => err,
      );
      assert.ok(error instanceof StreamEndedError, `expected a StreamEndedError, got ${String(error)}`);
      assert.ok(!(error instanceof RepetitionAbortError));
      assert.match(error.message, /stopped before it was complete/);
    } finally {
      await model.close();
      await standin.close();
    }
  });

  test('in a search, the looping chain is marked with the reason and the others answer', async () => {
    const sim = simulatedRespond();
    let generations = 0;
    const respond: RespondFn = (request: SimRequest) => {
      const isJudgement = request.messages.some((m) => /Is step \d+ correct/.test(m.content));
      if (!isJudgement && generations++ === 0) return looping(request);
      return sim(request);
    };
    const standin = await startStandin({ respond, parallel: 2 });
    const model = new OllamaModel({ host: standin.url, model: 'qwen2.5:1.5b', slots: 2 });
    try {
      const problem = simProblem(2, 3);
      const result = await solve(problem.problem, { model, strategy: 'majority', samples: 4, seed: 1, parallelism: 2 });
      assert.ok(result.answer !== undefined);
      assert.equal(result.samples.failed, 1);
      const failed = nodesOf(result.tree, 'step').concat(nodesOf(result.tree, 'answer')).filter((n) => /repeating/.test(n.reason ?? ''));
      assert.equal(failed.length, 1);
      assert.ok(result.tree.decisions.some((d) => /1 of 4 samples failed/.test(d.message)));
    } finally {
      await model.close();
      await standin.close();
    }
  });
});
