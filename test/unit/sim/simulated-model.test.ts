import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collectGeneration } from '../../../src/engine/model/collect';
import { isAbortError } from '../../../src/engine/model/errors';
import { countPromptTokens, renderChat } from '../../../src/engine/model/sim/chat-template';
import { respond } from '../../../src/engine/model/sim/reasoner';
import { SimulatedModel } from '../../../src/engine/model/sim/simulated-model';
import { countTokens } from '../../../src/engine/model/sim/tokenizer';
import type { GenerationEvent, GenerationRequest } from '../../../src/engine/model/types';
import { solveMessages } from '../../../src/engine/prompts/solve';
import { verifyMessages } from '../../../src/engine/prompts/verify';

const PROBLEM = 'What is (17 + 5) * 3 - 4?';

function request(overrides: Partial<GenerationRequest> = {}): GenerationRequest {
  return { messages: solveMessages(PROBLEM), temperature: 0.7, seed: 11, maxTokens: 500, ...overrides };
}

test('it says what it is and what it supports', async () => {
  const model = new SimulatedModel();
  assert.match(model.label, /simulated reasoner/u);
  assert.match(model.label, /demo model/u);
  const capabilities = await model.capabilities(new AbortController().signal);
  assert.equal(capabilities.logprobs, true);
  assert.equal(capabilities.thinking, true);
  assert.equal(capabilities.contextLength, 32768);
});

test('streams respond()’s tokens, then usage with the counts of what was sent and generated', async () => {
  const model = new SimulatedModel();
  const events: GenerationEvent[] = [];
  for await (const event of model.generate(request({ think: true, logprobs: true, topLogprobs: 3 }), new AbortController().signal)) events.push(event);
  const expected = respond({ messages: request().messages, temperature: 0.7, seed: 11, maxTokens: 500, think: true, topLogprobs: 3 });
  const chunks = events.filter((e) => e.type === 'chunk');
  const done = events.at(-1);
  assert.equal(chunks.length, expected.tokens.length);
  assert.ok(done?.type === 'done');
  assert.equal(done.usage.generatedTokens, expected.tokens.length);
  assert.equal(done.usage.promptTokens, countTokens(renderChat(request().messages)));
  assert.equal(done.usage.promptTokens, countPromptTokens(request().messages));
  assert.equal(done.usage.doneReason, 'stop');
  chunks.forEach((chunk, i) => {
    const token = expected.tokens[i];
    assert.ok(token);
    assert.equal(chunk.thinking, token.thinking ? token.text : '');
    assert.equal(chunk.text, token.thinking ? '' : token.text);
    assert.equal(chunk.logprobs.length, 1);
    assert.equal(chunk.logprobs[0]?.topLogprobs?.length, 3);
  });
});

test('collects into text and thinking; no log-probabilities unless asked', async () => {
  const model = new SimulatedModel();
  const generation = await collectGeneration(model.generate(request({ think: true }), new AbortController().signal));
  assert.match(generation.text, /\\boxed\{/u);
  assert.ok(generation.thinking.length > 0);
  assert.equal(generation.logprobs.length, 0);
  const scored = await collectGeneration(model.generate(request({ logprobs: true }), new AbortController().signal));
  assert.equal(scored.logprobs.length, scored.usage.generatedTokens);
  assert.ok(scored.logprobs.every((l) => l.topLogprobs === undefined));
});

test('maxTokens and stop strings reach the stream', async () => {
  const model = new SimulatedModel();
  const capped = await collectGeneration(model.generate(request({ maxTokens: 5 }), new AbortController().signal));
  assert.equal(capped.usage.generatedTokens, 5);
  assert.equal(capped.usage.doneReason, 'length');
  const step = await collectGeneration(model.generate(request({ stop: ['\n\n'], temperature: 0 }), new AbortController().signal));
  assert.equal(step.text, 'First, 17 + 5 = 22.');
  assert.equal(step.usage.doneReason, 'stop');
});

test('a verification request is answered with a scored Yes or No', async () => {
  const model = new SimulatedModel();
  const messages = verifyMessages(PROBLEM, ['First, 17 + 5 = 22.'], 0);
  const judged = await collectGeneration(model.generate(request({ messages, temperature: 0, maxTokens: 1, logprobs: true, topLogprobs: 10 }), new AbortController().signal));
  assert.match(judged.text, /^(Yes|No)$/u);
  assert.equal(judged.logprobs[0]?.topLogprobs?.length, 10);
});

test('aborting stops the stream with an AbortError and nothing more is produced', async () => {
  const model = new SimulatedModel();
  const controller = new AbortController();
  let chunks = 0;
  await assert.rejects(
    (async () => {
      for await (const event of model.generate(request({ think: true }), controller.signal)) {
        if (event.type === 'chunk') chunks++;
        if (chunks === 3) controller.abort();
      }
    })(),
    (err: unknown) => isAbortError(err),
  );
  assert.equal(chunks, 3);
});

test('an abort from elsewhere takes effect while it streams, even with no latency', async () => {
  const model = new SimulatedModel();
  const controller = new AbortController();
  let chunks = 0;
  setTimeout(() => controller.abort(), 0);
  await assert.rejects(
    (async () => {
      for await (const event of model.generate(request({ maxTokens: -1, messages: solveMessages('What is 1+2+3+4+5+6+7+8+9+10+11+12+13+14+15+16+17+18+19+20?') }), controller.signal)) {
        if (event.type === 'chunk') chunks++;
      }
    })(),
    (err: unknown) => isAbortError(err),
  );
  const total = respond({ messages: solveMessages('What is 1+2+3+4+5+6+7+8+9+10+11+12+13+14+15+16+17+18+19+20?'), temperature: 0.7, seed: 11, maxTokens: -1 }).tokens.length;
  assert.ok(chunks < total, `${chunks} of ${total} chunks before the abort`);
});

test('an already aborted signal fails at once', async () => {
  const model = new SimulatedModel();
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(collectGeneration(model.generate(request(), controller.signal)), (err: unknown) => isAbortError(err));
  await assert.rejects(model.capabilities(controller.signal), (err: unknown) => isAbortError(err));
});

test('simulated latency sets the durations and is interrupted by an abort', async () => {
  const model = new SimulatedModel({ tokenLatencyMs: 2, promptTokenLatencyMs: 0.01 });
  const generation = await collectGeneration(model.generate(request({ maxTokens: 6 }), new AbortController().signal));
  assert.equal(generation.usage.evalDurationMs, 12);
  assert.ok(Math.abs(generation.usage.promptEvalDurationMs - generation.usage.promptTokens * 0.01) < 1e-9);
  assert.equal(generation.usage.totalDurationMs, generation.usage.promptEvalDurationMs + 12);

  const slow = new SimulatedModel({ tokenLatencyMs: 60_000 });
  const controller = new AbortController();
  const pending = collectGeneration(slow.generate(request(), controller.signal));
  setTimeout(() => controller.abort(), 5);
  await assert.rejects(pending, (err: unknown) => isAbortError(err));
});

test('a bad configuration fails when the model is made', () => {
  assert.throws(() => new SimulatedModel({ judgeAccuracyOnTrap: 1.5 }), RangeError);
});
