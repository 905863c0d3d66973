// The read-only endpoints, with plain fetch and with the real ollama client.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Ollama } from 'ollama';
import type { Standin } from '../../../src/standin';
import { DEFAULT_VERSION, startStandin } from '../../../src/standin';
import type { Json } from './helpers';
import { postJson, scriptedBackend, wordTokenize } from './helpers';

describe('stand-in: version, tags, show, ps', () => {
  let standin: Standin;
  let ollama: Ollama;
  before(async () => {
    standin = await startStandin({ parallel: 4, respond: scriptedBackend(), tokenize: wordTokenize });
    ollama = new Ollama({ host: standin.url });
  });
  after(() => standin.close());

  test('GET / and HEAD / say Ollama is running', async () => {
    const get = await fetch(`${standin.url}/`);
    assert.equal(get.status, 200);
    assert.match(get.headers.get('content-type') ?? '', /^text\/plain/);
    assert.equal(await get.text(), 'Ollama is running');
    const head = await fetch(`${standin.url}/`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(await head.text(), '');
  });

  test('unknown paths are a text 404 and wrong methods a 405, as gin answers', async () => {
    const missing = await fetch(`${standin.url}/api/nothing`);
    assert.equal(missing.status, 404);
    assert.equal(await missing.text(), '404 page not found');
    const wrong = await fetch(`${standin.url}/api/generate`);
    assert.equal(wrong.status, 405);
    assert.equal(await wrong.text(), '405 method not allowed');
  });

  test('version is reported by fetch and by ollama.version()', async () => {
    const response = await fetch(`${standin.url}/api/version`);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    assert.deepEqual(await response.json(), { version: DEFAULT_VERSION });
    assert.deepEqual(await ollama.version(), { version: DEFAULT_VERSION });
  });

  test('tags lists the installed models with details', async () => {
    const { models } = await ollama.list();
    const names = models.map((m) => m.name).sort();
    assert.deepEqual(names, ['qwen2.5:1.5b', 'qwen3:1.7b']);
    const qwen3 = models.find((m) => m.name === 'qwen3:1.7b')!;
    assert.equal(qwen3.model, 'qwen3:1.7b');
    assert.equal(typeof qwen3.size, 'number');
    assert.match(qwen3.digest, /^[0-9a-f]{64}$/);
    assert.equal(typeof qwen3.modified_at, 'string');
    assert.equal(qwen3.details.family, 'qwen3');
    assert.equal(qwen3.details.parameter_size, '2.0B');
    assert.equal(qwen3.details.quantization_level, 'Q4_K_M');
  });

  test('show gives capabilities, template, details and model_info; names match without regard to case', async () => {
    const shown = await ollama.show({ model: 'qwen3:1.7b' });
    assert.deepEqual(shown.capabilities, ['completion', 'thinking']);
    assert.match(shown.template, /<\|im_start\|>/);
    assert.equal(shown.details.family, 'qwen3');
    const info = shown.model_info as unknown as Json;
    assert.equal(info['qwen3.context_length'], 40960);
    assert.equal(info['general.architecture'], 'qwen3');
    const plain = await ollama.show({ model: 'Qwen2.5:1.5B' });
    assert.deepEqual(plain.capabilities, ['completion']);
  });

  test('show: unknown model → 404 model not found, no model → 400', async () => {
    const response = await postJson(`${standin.url}/api/show`, { model: 'llama9' });
    assert.equal(response.status, 404);
    assert.deepEqual(await response.json(), { error: "model 'llama9:latest' not found" });
    await assert.rejects(ollama.show({ model: 'llama9' }), (err: Error & { status_code?: number }) => {
      assert.equal(err.name, 'ResponseError');
      assert.equal(err.status_code, 404);
      return true;
    });
    const missing = await postJson(`${standin.url}/api/show`, {});
    assert.equal(missing.status, 400);
    assert.deepEqual(await missing.json(), { error: 'model is required' });
  });

  test('ps lists a model once it has run, with its context length, and drops it on keep_alive 0', async () => {
    assert.deepEqual((await ollama.ps()).models, []);
    await ollama.generate({ model: 'qwen2.5:1.5b', prompt: 'hi', options: { num_ctx: 8192 } });
    const { models } = await ollama.ps();
    assert.equal(models.length, 1);
    const running = models[0]!;
    assert.equal(running.name, 'qwen2.5:1.5b');
    assert.equal((running as unknown as Json).context_length, 8192);
    assert.equal(typeof running.expires_at, 'string');
    const expires = Date.parse(running.expires_at as unknown as string);
    assert.ok(expires > Date.now() + 4 * 60_000 && expires <= Date.now() + 5 * 60_000 + 1000, 'default keep_alive is 5 minutes');

    const unload = await ollama.generate({ model: 'qwen2.5:1.5b', prompt: '', keep_alive: 0 });
    assert.equal(unload.done_reason, 'unload');
    assert.deepEqual((await ollama.ps()).models, []);
  });

  test('an empty prompt only loads the model (done_reason "load", no metrics)', async () => {
    const response = await postJson(`${standin.url}/api/generate`, { model: 'qwen3:1.7b' });
    assert.equal(response.status, 200);
    const body = (await response.json()) as Json;
    assert.equal(body.done, true);
    assert.equal(body.done_reason, 'load');
    assert.equal(body.response, '');
    for (const metric of ['total_duration', 'load_duration', 'prompt_eval_count', 'eval_count']) assert.ok(!(metric in body));
    assert.ok((await ollama.ps()).models.some((m) => m.name === 'qwen3:1.7b'));

    const chatLoad = await postJson(`${standin.url}/api/chat`, { model: 'qwen3:1.7b', messages: [], stream: false });
    const chatBody = (await chatLoad.json()) as Json;
    assert.equal(chatBody.done_reason, 'load');
    assert.deepEqual(chatBody.message, { role: 'assistant', content: '' });
  });

  test('keep_alive -1 keeps the model "forever"', async () => {
    await postJson(`${standin.url}/api/generate`, { model: 'qwen2.5:1.5b', keep_alive: -1 });
    const { models } = await ollama.ps();
    const expires = Date.parse(models.find((m) => m.name === 'qwen2.5:1.5b')!.expires_at as unknown as string);
    assert.ok(expires > Date.parse('2300-01-01'));
  });
});
