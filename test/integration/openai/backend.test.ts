// The OpenAI-compatible backend (the real `openai` client) against the stand-in's OpenAI dialect over
// HTTP: streaming, logprobs, seeds, usage with cached prompt tokens, `n` in one request, cancellation
// that closes the request, server detection, and the typed errors for each failure.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OpenAIModel } from '../../../src/engine/model/openai';
import type { Generation, GenerationRequest, TokenLogprob } from '../../../src/engine/model/types';
import { solveMessages } from '../../../src/engine/prompts/solve';
import { startStandin } from '../../../src/standin';
import type { Standin } from '../../../src/standin';

const PROBLEM = 'What is (17*23)+5-9?';

function ask(seed: number, extra: Partial<GenerationRequest> = {}): GenerationRequest {
  return { messages: solveMessages(PROBLEM), temperature: 0.8, seed, maxTokens: 400, ...extra };
}

async function run(model: OpenAIModel, request: GenerationRequest, signal = new AbortController().signal): Promise<Generation> {
  let text = '';
  const logprobs: TokenLogprob[] = [];
  for await (const event of model.generate(request, signal)) {
    if (event.type === 'done') return { text, thinking: '', logprobs, usage: event.usage };
    text += event.text;
    logprobs.push(...event.logprobs);
  }
  throw new Error('no done event');
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a failure');
}

describe('OpenAI backend against the stand-in (openai dialect)', () => {
  let standin: Standin;
  let model: OpenAIModel;

  before(async () => {
    standin = await startStandin({ dialect: 'openai', parallel: 4 });
    model = new OpenAIModel({ baseUrl: `${standin.url}/v1`, model: 'qwen2.5:1.5b', slots: 4, retry: { baseDelayMs: 5, maxDelayMs: 20 } });
  });
  after(async () => {
    await model.close();
    await standin.close();
  });

  test('streams a chain with per-token logprobs and top alternatives; usage from the final chunk', async () => {
    const result = await run(model, ask(1, { logprobs: true, topLogprobs: 3 }));
    assert.match(result.text, /\\boxed\{/);
    assert.ok(result.logprobs.length > 5);
    assert.equal(result.logprobs.map((l) => l.token).join(''), result.text);
    assert.ok(result.logprobs.every((l) => (l.topLogprobs?.length ?? 0) <= 3 && l.logprob <= 0));
    assert.equal(result.usage.generatedTokens, result.logprobs.length);
    assert.ok(result.usage.promptTokens > 0);
    assert.equal(result.usage.doneReason, 'stop');
  });

  test('the same seed gives the same chain; max_tokens caps it with doneReason length', async () => {
    const a = await run(model, ask(7));
    const b = await run(model, ask(7));
    assert.equal(a.text, b.text);
    const capped = await run(model, ask(7, { maxTokens: 5 }));
    assert.equal(capped.usage.generatedTokens, 5);
    assert.equal(capped.usage.doneReason, 'length');
  });

  test('a repeated prompt is served from the prefix cache: cached tokens are not counted as evaluated', async () => {
    const first = await run(model, ask(11, { maxTokens: 3 }));
    const before = standin.stats().promptTokensCached;
    const again = await run(model, ask(11, { maxTokens: 3 }));
    const cached = standin.stats().promptTokensCached - before;
    assert.ok(cached > 0, 'the stand-in served a cached prefix');
    assert.ok(again.usage.promptTokens < first.usage.promptTokens + cached);
  });

  test('n samples of one prompt come from one request whose prompt is evaluated once, and equal n seeded requests', async () => {
    const requestsBefore = standin.stats().totalRequests;
    const evalBefore = standin.stats().promptTokensEvaluated;
    const many = await model.generateMany(ask(100), 4, new AbortController().signal);
    assert.equal(standin.stats().totalRequests - requestsBefore, 1);
    assert.equal(many.length, 4);
    const promptCharged = many.reduce((sum, g) => sum + g.usage.promptTokens, 0);
    assert.equal(promptCharged, standin.stats().promptTokensEvaluated - evalBefore);
    assert.ok(many.slice(1).every((g) => g.usage.promptTokens === 0));
    for (let i = 0; i < 4; i++) assert.equal(many[i]?.text, (await run(model, ask(100 + i))).text);
  });

  test('detects vLLM from /v1/models and probes log-probabilities', async () => {
    const caps = await model.capabilities(new AbortController().signal);
    assert.equal(caps.server, 'vllm');
    assert.equal(caps.logprobs, true);
    assert.equal(caps.traits.n, true);
    assert.equal(caps.contextLength, 32768);
    const listed = await model.listModels(new AbortController().signal);
    assert.ok(listed.some((m) => m.id === 'qwen2.5:1.5b'));
  });

  test('aborting mid-stream closes the request at the server and stops generation', async () => {
    const slow = await startStandin({ dialect: 'openai', tokenLatencyMs: 20 });
    const slowModel = new OpenAIModel({ baseUrl: slow.url, model: 'qwen2.5:1.5b' });
    try {
      const controller = new AbortController();
      let chunks = 0;
      let settled = false;
      const ended = (async () => {
        for await (const event of slowModel.generate(ask(3), controller.signal)) if ((event).type === 'chunk') chunks++;
      })()
        .catch((err: unknown) => err)
        .finally(() => (settled = true));
      while (chunks < 3 && !settled) await new Promise((r) => setTimeout(r, 2));
      controller.abort();
      const err = (await ended) as Error;
      assert.equal(err?.name, 'AbortError', String(err));
      const stats = await slow.waitFor((s) => s.openRequests === 0 && s.activeGenerations === 0);
      assert.equal(stats.generationsAborted, 1);
      assert.equal(stats.generationsCompleted, 0);
    } finally {
      await slowModel.close();
      await slow.close();
    }
  });

  test('an unknown model is a ModelNotFoundError naming the model and /v1/models', async () => {
    const other = new OpenAIModel({ baseUrl: `${standin.url}/v1`, model: 'no-such-model' });
    try {
      const err = await failure(run(other, ask(1)));
      assert.equal((err as { kind?: string }).kind, 'model-not-found');
      assert.match(err.message, /"no-such-model" is not served at http:\/\/127\.0\.0\.1:\d+\/v1/);
      assert.match(err.message, /\/v1\/models/);
    } finally {
      await other.close();
    }
  });

  test('a prompt beyond the context length is a bad request with the server\'s explanation', async () => {
    const err = await failure(run(model, ask(1, { maxTokens: 40000 })));
    assert.equal((err as { kind?: string }).kind, 'bad-request');
    assert.match(err.message, /maximum context length is 32768 tokens/);
  });

  test('503 before any token is retried; a mid-stream error event is a stream error; a cut stream is stream-ended', async () => {
    await standin.setFaults([{ kind: 'queueFull', times: 2 }]);
    const ok = await run(model, ask(5));
    assert.match(ok.text, /\\boxed\{/);
    await standin.setFaults([{ kind: 'error500During', times: 1, message: 'CUDA error: an illegal memory access' }]);
    const midStream = await failure(run(model, ask(5)));
    assert.equal((midStream as { kind?: string }).kind, 'stream-error');
    assert.match(midStream.message, /CUDA error: an illegal memory access/);
    await standin.setFaults([{ kind: 'endWithoutDone', times: 1 }]);
    const cut = await failure(run(model, ask(5)));
    assert.equal((cut as { kind?: string }).kind, 'stream-ended');
    await standin.setFaults([{ kind: 'dropMidStream', times: 1 }]);
    const dropped = await failure(run(model, ask(5)));
    assert.equal((dropped as { kind?: string }).kind, 'stream-ended');
    await standin.setFaults([]);
  });

  test('the stream is SSE ending in data: [DONE], with a usage chunk whose choices are empty', async () => {
    const response = await fetch(`${standin.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'qwen2.5:1.5b', messages: solveMessages(PROBLEM), stream: true, n: 2, seed: 1, max_tokens: 4, logprobs: true, top_logprobs: 2, stream_options: { include_usage: true } }),
    });
    assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
    const events = (await response.text()).split('\n\n').filter((e) => e !== '').map((e) => e.replace(/^data: /, ''));
    assert.equal(events.at(-1), '[DONE]');
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e) as { object: string; choices: { index: number; finish_reason: string | null; logprobs: { content: { top_logprobs: unknown[] }[] } | null }[]; usage?: { prompt_tokens: number; completion_tokens: number } });
    assert.ok(chunks.every((c) => c.object === 'chat.completion.chunk'));
    const usage = chunks.at(-1);
    assert.deepEqual(usage?.choices, []);
    assert.equal(usage?.usage?.completion_tokens, 8);
    assert.deepEqual(new Set(chunks.flatMap((c) => c.choices.map((ch) => ch.index))), new Set([0, 1]));
    assert.equal(chunks.flatMap((c) => c.choices).filter((ch) => ch.finish_reason === 'length').length, 2);
    assert.ok(chunks.flatMap((c) => c.choices).some((ch) => ch.logprobs?.content[0]?.top_logprobs.length === 2));
  });
});

describe('OpenAI backend: API keys and a server that is not there', () => {
  test('a wrong key is an auth error that never contains the key; the right key works', async () => {
    const key = 'sk-planted-0123456789abcdef';
    const standin = await startStandin({ dialect: 'openai', apiKey: key });
    const wrong = new OpenAIModel({ baseUrl: standin.url, model: 'qwen2.5:1.5b', apiKey: 'sk-wrong-key-9876543210' });
    const right = new OpenAIModel({ baseUrl: standin.url, model: 'qwen2.5:1.5b', apiKey: key });
    try {
      const err = await failure(run(wrong, ask(1)));
      assert.equal((err as { kind?: string }).kind, 'auth-failed');
      assert.doesNotMatch(`${err.message} ${String(err.stack)}`, /sk-wrong-key|sk-planted/);
      assert.match((await run(right, ask(1))).text, /\\boxed\{/);
    } finally {
      await wrong.close();
      await right.close();
      await standin.close();
    }
  });

  test('nothing listening is ServerNotRunningError with how to start a server', async () => {
    const standin = await startStandin({ dialect: 'openai' });
    const url = standin.url;
    await standin.close();
    const model = new OpenAIModel({ baseUrl: url, model: 'qwen2.5:1.5b' });
    try {
      const err = await failure(run(model, ask(1)));
      assert.equal((err as { kind?: string }).kind, 'server-not-running');
      assert.match(err.message, /vllm serve/);
    } finally {
      await model.close();
    }
  });
});
