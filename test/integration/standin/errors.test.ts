// Error statuses and bodies before streaming starts: `{"error": "..."}` as Ollama sends them, and how the
// ollama client surfaces them (ResponseError with status_code).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Ollama } from 'ollama';
import type { Standin } from '../../../src/standin';
import { startStandin } from '../../../src/standin';
import type { Json } from './helpers';
import { longBackend, postJson, wordTokenize } from './helpers';

async function expectError(response: Response, status: number, message: string | RegExp): Promise<void> {
  assert.equal(response.status, status);
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
  const body = (await response.json()) as Json;
  assert.deepEqual(Object.keys(body), ['error']);
  if (typeof message === 'string') assert.equal(body.error, message);
  else assert.match(body.error as string, message);
}

describe('stand-in: errors', () => {
  let standin: Standin;
  before(async () => {
    standin = await startStandin({ parallel: 1, maxQueue: 1, tokenLatencyMs: 5, respond: longBackend(400), tokenize: wordTokenize });
  });
  after(() => standin.close());
  const generate = (body: unknown): Promise<Response> => postJson(`${standin.url}/api/generate`, body);
  const chat = (body: unknown): Promise<Response> => postJson(`${standin.url}/api/chat`, body);

  test('400: missing body, malformed JSON, a body that is not an object', async () => {
    await expectError(await generate(''), 400, 'missing request body');
    await expectError(await generate('{"model": "qwen2.5:1.5b", "prompt":'), 400, 'unexpected EOF');
    await expectError(await chat('{model}'), 400, /^invalid character/);
    await expectError(await generate('[1]'), 400, 'json: cannot unmarshal array into Go value of type api.GenerateRequest');
  });

  test('400: a field of the wrong type, as Go reports it', async () => {
    await expectError(
      await generate({ model: 'qwen2.5:1.5b', prompt: 'x', stream: 'yes' }),
      400,
      'json: cannot unmarshal string into Go struct field GenerateRequest.stream of type bool',
    );
    await expectError(
      await chat({ model: 'qwen2.5:1.5b', messages: [{ role: 'user', content: 5 }] }),
      400,
      'json: cannot unmarshal number into Go struct field ChatRequest.messages.content of type string',
    );
    await expectError(
      await generate({ model: 'qwen2.5:1.5b', prompt: 'x', top_logprobs: 1.5 }),
      400,
      'json: cannot unmarshal number 1.5 into Go struct field GenerateRequest.top_logprobs of type int',
    );
    await expectError(await generate({ model: 'qwen2.5:1.5b', prompt: 'x', keep_alive: 'soon' }), 400, 'time: invalid duration "soon"');
  });

  test('500: an option of the wrong type (modelOptions fails inside scheduleRunner); unknown options are ignored', async () => {
    await expectError(
      await generate({ model: 'qwen2.5:1.5b', prompt: 'x', options: { top_k: 'many' } }),
      500,
      'option "top_k" must be of type integer',
    );
    await expectError(
      await chat({ model: 'qwen2.5:1.5b', messages: [{ role: 'user', content: 'x' }], options: { temperature: '0.5' } }),
      500,
      'option "temperature" must be of type float32',
    );
    await expectError(
      await generate({ model: 'qwen2.5:1.5b', prompt: 'x', options: { stop: '\n' } }),
      500,
      'option "stop" must be of type array',
    );
    const ok = await generate({ model: 'qwen2.5:1.5b', prompt: 'x', stream: false, options: { num_predict: 1, no_such_option: true } });
    assert.equal(ok.status, 200);
  });

  test('missing model: chat says 400 "model is required", generate keeps its 404 (as Ollama does)', async () => {
    await expectError(await chat({ messages: [] }), 400, 'model is required');
    await expectError(await generate({ prompt: 'x' }), 404, "model '' not found");
    await expectError(await generate({ model: 'bad name!', prompt: 'x' }), 400, 'invalid model name');
  });

  test("404: model 'x' not found", async () => {
    await expectError(await generate({ model: 'llama9:70b', prompt: 'x' }), 404, "model 'llama9:70b' not found");
    await expectError(await chat({ model: 'llama9', messages: [] }), 404, "model 'llama9' not found");
  });

  test('the ollama client raises ResponseError with the status code and the message', async () => {
    const ollama = new Ollama({ host: standin.url });
    await assert.rejects(ollama.generate({ model: 'llama9', prompt: 'x' }), (err: Error & { status_code?: number; error?: string }) => {
      assert.equal(err.name, 'ResponseError');
      assert.equal(err.status_code, 404);
      assert.equal(err.error, "model 'llama9' not found");
      return true;
    });
    await assert.rejects(
      ollama.chat({ model: 'qwen2.5:1.5b', messages: [{ role: 'user', content: 'x' }], think: true, stream: true }),
      (err: Error & { status_code?: number }) => err.name === 'ResponseError' && err.status_code === 400,
    );
  });

  // server/sched.go getRunner (v0.13.0, v0.33.0-rc2): only requests that need a load or reload go through
  // the pending channel of OLLAMA_MAX_QUEUE places; the scheduler's loop holds one more outside it.
  test('503 when the load queue is full: three requests wait for a reload, the third of them is refused at once', async () => {
    const controller = new AbortController();
    const body = { model: 'qwen2.5:1.5b', prompt: 'x' };
    const reload = { ...body, options: { num_ctx: 8192 } };
    const running = await postJson(`${standin.url}/api/generate`, body, { signal: controller.signal });
    const first = postJson(`${standin.url}/api/generate`, reload, { signal: controller.signal });
    const second = postJson(`${standin.url}/api/generate`, reload, { signal: controller.signal });
    await standin.waitFor((s) => s.queued === 2);
    await expectError(await generate(reload), 503, 'server busy, please try again.  maximum pending requests exceeded');
    assert.equal(standin.stats().rejectedQueueFull, 1);
    controller.abort();
    await assert.rejects(running.text());
    await assert.rejects(first);
    await assert.rejects(second);
    await standin.waitFor((s) => s.openRequests === 0 && s.queued === 0 && s.activeGenerations === 0);
  });
});

describe('stand-in: waiting for a slot is not the load queue', () => {
  test('--parallel 1 --max-queue 1: three concurrent generations for a loaded model all answer 200', async () => {
    const standin = await startStandin({ parallel: 1, maxQueue: 1, tokenLatencyMs: 2, respond: longBackend(10), tokenize: wordTokenize });
    try {
      const body = { model: 'qwen2.5:1.5b', prompt: 'x', stream: false };
      assert.equal((await postJson(`${standin.url}/api/generate`, body)).status, 200); // loads the model
      const responses = await Promise.all([1, 2, 3].map(() => postJson(`${standin.url}/api/generate`, body)));
      assert.deepEqual(responses.map((r) => r.status), [200, 200, 200]);
      for (const response of responses) assert.equal(((await response.json()) as { done: boolean }).done, true);
      assert.equal(standin.stats().rejectedQueueFull, 0);
    } finally {
      await standin.close();
    }
  });
});
