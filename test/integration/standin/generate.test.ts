// POST /api/generate: streaming and non-streaming, metrics, raw mode, context, over fetch and ollama-js.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Ollama } from 'ollama';
import type { Standin } from '../../../src/standin';
import { renderChatPrompt, startStandin } from '../../../src/standin';
import type { Json } from './helpers';
import { postJson, readNdjson, scriptedBackend, wordTokenize } from './helpers';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

describe('stand-in: /api/generate', () => {
  let standin: Standin;
  let ollama: Ollama;
  const backend = scriptedBackend();
  before(async () => {
    standin = await startStandin({ parallel: 4, respond: backend, tokenize: wordTokenize });
    ollama = new Ollama({ host: standin.url });
  });
  after(() => standin.close());

  test('streams by default: NDJSON, one object per token, then a final chunk with metrics', async () => {
    const response = await postJson(`${standin.url}/api/generate`, { model: 'qwen2.5:1.5b', prompt: 'What is 2+2?' });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/x-ndjson');
    const { lines, text } = await readNdjson(response);
    assert.ok(text.endsWith('\n'));
    const pieces = lines.slice(0, -1);
    assert.deepEqual(
      pieces.map((l) => l.response),
      ['The', ' answer', ' is', ' \\boxed{4}', '.'],
    );
    for (const piece of pieces) {
      assert.deepEqual(Object.keys(piece), ['model', 'created_at', 'response', 'done']);
      assert.equal(piece.model, 'qwen2.5:1.5b');
      assert.equal(piece.done, false);
      assert.match(piece.created_at as string, RFC3339);
    }
    const final = lines.at(-1)!;
    assert.equal(final.done, true);
    assert.equal(final.done_reason, 'stop');
    assert.equal(final.response, '');
    assert.equal(final.eval_count, 5);
    const prompt = renderChatPrompt([{ role: 'user', content: 'What is 2+2?' }]);
    assert.equal(final.prompt_eval_count, wordTokenize(prompt).length);
    for (const metric of ['total_duration', 'load_duration', 'prompt_eval_duration', 'eval_duration']) {
      assert.ok(Number.isInteger(final[metric]) && (final[metric] as number) > 0, `${metric} is a positive integer (ns)`);
    }
    assert.ok((final.total_duration as number) >= (final.eval_duration as number));
    assert.ok(Array.isArray(final.context) && (final.context as unknown[]).every(Number.isInteger));
  });

  test('num_predict caps the generation with done_reason "length"', async () => {
    const response = await postJson(`${standin.url}/api/generate`, {
      model: 'qwen2.5:1.5b',
      prompt: 'count',
      options: { num_predict: 2 },
    });
    const { lines } = await readNdjson(response);
    assert.equal(lines.length, 3);
    assert.equal(lines.at(-1)!.done_reason, 'length');
    assert.equal(lines.at(-1)!.eval_count, 2);
  });

  test('stream:false gives one application/json object with the whole response', async () => {
    const response = await postJson(`${standin.url}/api/generate`, { model: 'qwen2.5:1.5b', prompt: 'x', stream: false });
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    const body = (await response.json()) as Json;
    assert.equal(body.response, 'The answer is \\boxed{4}.');
    assert.equal(body.done, true);
    assert.equal(body.done_reason, 'stop');
    assert.equal(body.eval_count, 5);
    assert.ok(!('logprobs' in body));
  });

  test('the ollama client: stream and non-stream (it sends stream:false when omitted)', async () => {
    const whole = await ollama.generate({ model: 'qwen2.5:1.5b', prompt: 'x' });
    assert.equal(whole.response, 'The answer is \\boxed{4}.');
    assert.equal(typeof whole.created_at, 'string'); // typed Date, a string at runtime
    const stream = await ollama.generate({ model: 'qwen2.5:1.5b', prompt: 'x', stream: true });
    let text = '';
    let last: Json | undefined;
    for await (const part of stream) {
      text += part.response;
      last = part as unknown as Json;
    }
    assert.equal(text, 'The answer is \\boxed{4}.');
    assert.equal(last?.done, true);
  });

  test('system goes into the rendered prompt; options reach the backend', async () => {
    backend.requests.length = 0;
    await ollama.generate({
      model: 'qwen2.5:1.5b',
      prompt: 'Q',
      system: 'S',
      options: { temperature: 0.3, seed: 7, stop: ['\n\n'], unknown_option: 1 } as never,
    });
    const request = backend.requests[0]!;
    assert.deepEqual(request.messages, [
      { role: 'system', content: 'S' },
      { role: 'user', content: 'Q' },
    ]);
    assert.equal(request.temperature, 0.3);
    assert.equal(request.seed, 7);
    assert.deepEqual(request.stop, ['\n\n']);
    assert.equal(request.maxTokens, -1);
    backend.requests.length = 0;
    await ollama.generate({ model: 'qwen2.5:1.5b', prompt: 'Q' });
    assert.equal(backend.requests[0]!.temperature, 0.8, "Ollama's default temperature");
    assert.equal(backend.requests[0]!.seed, undefined, 'no seed: a fresh one per request');
  });

  test('raw mode: the prompt is used as is, no context is returned, and template/system/context are refused', async () => {
    backend.requests.length = 0;
    const prompt = renderChatPrompt([
      { role: 'user', content: 'Solve it' },
      { role: 'assistant', content: 'Step 1.\n\n' },
    ]);
    const body = (await (await postJson(`${standin.url}/api/generate`, { model: 'qwen2.5:1.5b', prompt, raw: true, stream: false })).json()) as Json;
    assert.ok(!('context' in body));
    assert.equal(body.prompt_eval_count, wordTokenize(prompt).length, 'the whole prompt, cached or not');
    assert.deepEqual(backend.requests[0]!.messages, [
      { role: 'user', content: 'Solve it' },
      { role: 'assistant', content: 'Step 1.\n\n' },
    ]);
    for (const extra of [{ system: 's' }, { template: '{{ .Prompt }}' }, { context: [1, 2] }]) {
      const refused = await postJson(`${standin.url}/api/generate`, { model: 'qwen2.5:1.5b', prompt: 'p', raw: true, ...extra });
      assert.equal(refused.status, 400);
      assert.deepEqual(await refused.json(), { error: 'raw mode does not support template, system, or context' });
    }
  });

  test('a returned context continues the conversation (deprecated field)', async () => {
    const first = (await (await postJson(`${standin.url}/api/generate`, { model: 'qwen2.5:1.5b', prompt: 'one', stream: false })).json()) as Json;
    backend.requests.length = 0;
    const second = (await (
      await postJson(`${standin.url}/api/generate`, { model: 'qwen2.5:1.5b', prompt: 'two', context: first.context, stream: false })
    ).json()) as Json;
    assert.equal(second.done, true);
    const messages = backend.requests[0]!.messages;
    assert.deepEqual(
      messages.map((m) => m.content),
      ['one', 'The answer is \\boxed{4}.', 'two'],
    );
  });

  test('a thinking model: chunks carry `thinking` with an empty `response`, and think:false turns it off', async () => {
    const { lines } = await readNdjson(await postJson(`${standin.url}/api/generate`, { model: 'qwen3:1.7b', prompt: 'x' }));
    const thinkingChunks = lines.filter((l) => 'thinking' in l);
    assert.equal(thinkingChunks.map((l) => l.thinking).join(''), 'Let me add.');
    for (const chunk of thinkingChunks) {
      assert.equal(chunk.response, '');
      assert.deepEqual(Object.keys(chunk), ['model', 'created_at', 'response', 'thinking', 'done']);
    }
    const off = (await (await postJson(`${standin.url}/api/generate`, { model: 'qwen3:1.7b', prompt: 'x', think: false, stream: false })).json()) as Json;
    assert.ok(!('thinking' in off));
    assert.equal(off.response, 'The answer is \\boxed{4}.');
    const refused = await postJson(`${standin.url}/api/generate`, { model: 'qwen2.5:1.5b', prompt: 'x', think: 'low' });
    assert.equal(refused.status, 400);
    assert.deepEqual(await refused.json(), { error: '"qwen2.5:1.5b" does not support thinking' });
  });

  test('a model without the insert capability refuses suffix', async () => {
    const response = await postJson(`${standin.url}/api/generate`, { model: 'qwen2.5:1.5b', prompt: 'def f(', suffix: ')' });
    assert.equal(response.status, 400);
    assert.deepEqual(await response.json(), { error: 'registry.ollama.ai/library/qwen2.5:1.5b does not support insert' });
  });

  test('a legacy template override is substituted', async () => {
    const body = (await (
      await postJson(`${standin.url}/api/generate`, {
        model: 'qwen2.5:1.5b',
        prompt: 'P',
        system: 'S',
        template: '[{{ .System }}] {{ .Prompt }} => {{ .Response }}',
        stream: false,
      })
    ).json()) as Json;
    assert.equal(body.prompt_eval_count, wordTokenize('[S] P => ').length);
  });
});
