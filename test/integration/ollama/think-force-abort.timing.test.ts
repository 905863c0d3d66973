// Cancelling a forced generation closes whichever request is open at the stand-in within 200 ms: the chat
// request while the model thinks, the raw request while it answers after the forced close, and a solve
// whose thinking runs under the trace allowance alone (no budget set).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OllamaModel } from '../../../src/engine/model/ollama';
import type { GenerationRequest } from '../../../src/engine/model/types';
import type { SimRequest, SimToken } from '../../../src/engine/model/sim/types';
import { solve } from '../../../src/engine/solve';
import { startStandin } from '../../../src/standin';
import type { Standin } from '../../../src/standin';
import { within } from './helpers';

const LONG = 3000;

function token(text: string, thinking: boolean): SimToken {
  return { text, logprob: -0.1, top: [], thinking };
}

/** A long trace when asked to think; a long answer when answering from a trace it was given. */
function longWinded(request: SimRequest): { tokens: SimToken[]; doneReason: 'stop' } {
  const trace = request.think ? Array.from({ length: LONG }, (_, i) => token(`w${i} `, true)) : [];
  const answer = Array.from({ length: request.priorThinking === undefined ? 3 : LONG }, (_, i) => token(`a${i} `, false));
  return { tokens: [...trace, ...answer], doneReason: 'stop' };
}

const ask = (budget: number): GenerationRequest => ({
  messages: [{ role: 'user', content: 'Think at length.' }],
  temperature: 0,
  maxTokens: 2 * LONG + budget,
  think: true,
  thinkingBudget: { maxTokens: budget },
});

describe('cancelling a forced generation', () => {
  let standin: Standin;
  let model: OllamaModel;
  before(async () => {
    standin = await startStandin({ parallel: 1, tokenLatencyMs: 2, respond: longWinded });
    model = new OllamaModel({ host: standin.url, model: 'qwen3:1.7b' });
  });
  after(async () => {
    await model.close();
    await standin.close();
  });

  /** Runs a generation, counting thinking and text chunks; settles with how it ended. */
  function start(request: GenerationRequest, signal: AbortSignal): { thinking: () => number; text: () => number; done: Promise<unknown> } {
    let thinking = 0;
    let text = 0;
    const done = (async () => {
      for await (const event of model.generate(request, signal)) {
        if (event.type !== 'chunk') continue;
        if (event.thinking) thinking++;
        if (event.text) text++;
      }
    })().then(
      () => 'completed',
      (err: unknown) => err,
    );
    return { thinking: () => thinking, text: () => text, done };
  }

  test('while the model thinks (the chat request): closed at the stand-in within 200 ms', async () => {
    const controller = new AbortController();
    const run = start(ask(LONG), controller.signal);
    await within(5000, () => run.thinking() >= 5, 'the trace is streaming');
    controller.abort();
    const closedIn = await within(1000, () => standin.stats().openRequests === 0, 'request closed at the stand-in');
    assert.ok(closedIn <= 200, `closed after ${closedIn.toFixed(1)} ms`);
    assert.equal(((await run.done) as Error).name, 'AbortError');
    assert.equal(standin.stats().activeGenerations, 0);
  });

  test('while it answers after the forced close (the raw request): closed at the stand-in within 200 ms', async () => {
    const { generationsStarted: started, tokensGenerated: tokensBefore } = standin.stats();
    const controller = new AbortController();
    const run = start(ask(16), controller.signal);
    await within(5000, () => run.text() >= 5, 'the answer is streaming');
    assert.equal(standin.stats().generationsStarted - started, 2, 'the answer comes from the second request');
    controller.abort();
    const closedIn = await within(1000, () => standin.stats().openRequests === 0, 'request closed at the stand-in');
    assert.ok(closedIn <= 200, `closed after ${closedIn.toFixed(1)} ms`);
    assert.equal(((await run.done) as Error).name, 'AbortError');
    assert.ok(standin.stats().tokensGenerated - tokensBefore < 16 + LONG, 'the answer stopped early');
  });

  test('a solve with no budget, cancelled while the model thinks toward its allowance: closed within 200 ms', async () => {
    const { tokensGenerated: before } = standin.stats();
    const controller = new AbortController();
    const solving = solve('Think at length.', { model, strategy: 'majority', samples: 1, think: true }, controller.signal);
    await within(5000, () => standin.stats().tokensGenerated - before >= 5, 'the trace is streaming');
    controller.abort();
    const closedIn = await within(1000, () => standin.stats().openRequests === 0, 'request closed at the stand-in');
    assert.ok(closedIn <= 200, `closed after ${closedIn.toFixed(1)} ms`);
    const result = await solving;
    assert.equal(result.cancelled, true);
    assert.ok(standin.stats().tokensGenerated - before < LONG, 'the trace stopped early');
  });
});
