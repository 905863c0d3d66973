// Cancelling an OpenAI-compatible generation while the model reasons closes the request at the server
// within 200 ms (the stand-in's OpenAI dialect streaming a long trace as vLLM's reasoning parser does).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OpenAIModel } from '../../../src/engine/model/openai';
import type { SimRequest, SimToken } from '../../../src/engine/model/sim/types';
import { startStandin } from '../../../src/standin';
import type { Standin } from '../../../src/standin';
import { within } from '../ollama/helpers';

const LONG = 3000;

function token(text: string, thinking: boolean): SimToken {
  return { text, logprob: -0.1, top: [], thinking };
}

/** A long trace when the model thinks, then a short answer. */
function longTrace(request: SimRequest): { tokens: SimToken[]; doneReason: 'stop' } {
  const trace = request.think ? Array.from({ length: LONG }, (_, i) => token(`w${i} `, true)) : [];
  return { tokens: [...trace, token('done', false)], doneReason: 'stop' };
}

describe('cancelling while an OpenAI-compatible model reasons', () => {
  let standin: Standin;
  let model: OpenAIModel;
  before(async () => {
    standin = await startStandin({ dialect: 'openai', parallel: 1, tokenLatencyMs: 2, respond: longTrace });
    model = new OpenAIModel({ baseUrl: `${standin.url}/v1`, model: 'qwen3:1.7b' });
  });
  after(async () => {
    await model.close();
    await standin.close();
  });

  for (const budget of [undefined, LONG] as const) {
    test(`${budget === undefined ? 'without' : 'with'} a thinking budget: the request is closed within 200 ms`, async () => {
      const { generationsAborted } = standin.stats();
      const controller = new AbortController();
      let thinking = 0;
      const done = (async () => {
        const request = { messages: [{ role: 'user' as const, content: 'Think at length.' }], temperature: 0, maxTokens: 2 * LONG, think: true, ...(budget === undefined ? {} : { thinkingBudget: { maxTokens: budget } }) };
        for await (const event of model.generate(request, controller.signal)) if (event.type === 'chunk' && event.thinking) thinking++;
      })().then(
        () => 'completed',
        (err: unknown) => err,
      );
      await within(5000, () => thinking >= 5, 'the trace is streaming');
      controller.abort();
      const closedIn = await within(1000, () => standin.stats().openRequests === 0, 'request closed at the stand-in');
      assert.ok(closedIn <= 200, `closed after ${closedIn.toFixed(1)} ms`);
      assert.equal(((await done) as Error).name, 'AbortError');
      assert.equal(standin.stats().generationsAborted, generationsAborted + 1);
      assert.equal(standin.stats().activeGenerations, 0);
    });
  }
});
