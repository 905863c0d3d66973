// Server detection from /v1/models, per-server traits, base URL normalisation, retry-after parsing and
// key redaction: the pure parts of the OpenAI-compatible backend.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { retryAfterMs } from '../../../src/engine/model/openai/classify';
import { kindFromOwners, parseModelList, traitsOf } from '../../../src/engine/model/openai/detect';
import { displayBaseUrl, normaliseBaseUrl, serverRoot } from '../../../src/engine/model/openai/endpoint';
import { apiKeyFromEnvironment, redactKey } from '../../../src/engine/model/openai/secret';

describe('OpenAI-compatible server detection', () => {
  test('owned_by tells vLLM, SGLang, llama.cpp and Ollama apart; context lengths are read where given', () => {
    const vllm = parseModelList({ object: 'list', data: [{ id: 'Qwen/Qwen2.5-1.5B-Instruct', owned_by: 'vllm', max_model_len: 32768 }] });
    assert.equal(kindFromOwners(vllm), 'vllm');
    assert.equal(vllm[0]?.contextLength, 32768);
    assert.equal(kindFromOwners(parseModelList({ data: [{ id: 'm', owned_by: 'sglang' }] })), 'sglang');
    const llama = parseModelList({ data: [{ id: 'model.gguf', owned_by: 'llamacpp', meta: { n_ctx_train: 4096 } }] });
    assert.equal(kindFromOwners(llama), 'llama.cpp');
    assert.equal(llama[0]?.contextLength, 4096);
    assert.equal(kindFromOwners(parseModelList({ data: [{ id: 'qwen2.5:1.5b', owned_by: 'library' }] })), 'ollama');
    assert.equal(kindFromOwners(parseModelList({ data: [{ id: 'x', owned_by: 'organization_owner' }] })), 'unknown');
    assert.deepEqual(parseModelList({ data: [{ owned_by: 'vllm' }, 'junk', null] }), [], 'entries without an id are dropped');
    assert.deepEqual(parseModelList('not json'), []);
    assert.equal(traitsOf('vllm').n, true);
    assert.equal(traitsOf('llama.cpp').n, false);
    assert.equal(traitsOf('unknown').prefill, false);
  });

  test('base URLs: a bare address gets /v1, a path is kept, credentials never shown', () => {
    assert.equal(normaliseBaseUrl('127.0.0.1:8000'), 'http://127.0.0.1:8000/v1');
    assert.equal(normaliseBaseUrl('https://gpu.example.org/proxy/v1/'), 'https://gpu.example.org/proxy/v1');
    assert.equal(serverRoot('http://h:8000/v1'), 'http://h:8000');
    assert.equal(displayBaseUrl('http://user:sk-abc@h:8000/v1'), 'http://h:8000/v1');
    assert.throws(() => normaliseBaseUrl(''), /empty/);
    assert.throws(() => normaliseBaseUrl('ftp://h/v1'), /http or https/);
  });

  test('retry-after in seconds, milliseconds or as a date', () => {
    assert.equal(retryAfterMs(new Headers({ 'retry-after': '2' })), 2000);
    assert.equal(retryAfterMs(new Headers({ 'retry-after-ms': '150', 'retry-after': '9' })), 150);
    const date = retryAfterMs(new Headers({ 'retry-after': new Date(Date.now() + 5000).toUTCString() }));
    assert.ok(date !== undefined && date > 3000 && date <= 5000, String(date));
    assert.equal(retryAfterMs(new Headers()), undefined);
  });

  test('the key: from PONDER_API_KEY before OPENAI_API_KEY, and scrubbed from server text', () => {
    assert.equal(apiKeyFromEnvironment({ PONDER_API_KEY: ' a-key-1234 ', OPENAI_API_KEY: 'other' }), 'a-key-1234');
    assert.equal(apiKeyFromEnvironment({ OPENAI_API_KEY: 'sk-x1234' }), 'sk-x1234');
    assert.equal(apiKeyFromEnvironment({}), undefined);
    assert.equal(redactKey('bad key sk-x1234 (sk-x1234)', 'sk-x1234'), 'bad key [redacted] ([redacted])');
  });
});
