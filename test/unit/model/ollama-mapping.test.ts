import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ChatResponse } from 'ollama';
import { capabilitiesFrom, contextLengthOf, versionAtLeast } from '../../../src/engine/model/ollama/capabilities';
import { modelDetailsFrom, modelSummaryFrom, pullProgressFrom } from '../../../src/engine/model/ollama/catalog';
import { displayEndpoint, endpointProblem, normaliseEndpoint } from '../../../src/engine/model/ollama/endpoint';
import { chunkEvent, toChatRequest, usageOf } from '../../../src/engine/model/ollama/mapping';

const chunk = (fields: Record<string, unknown>): ChatResponse => fields as unknown as ChatResponse;

test('addresses are normalised the way the ollama client reads them', () => {
  assert.equal(normaliseEndpoint(undefined), 'http://127.0.0.1:11434');
  assert.equal(normaliseEndpoint('localhost'), 'http://localhost:11434');
  assert.equal(normaliseEndpoint(':8080'), 'http://127.0.0.1:8080');
  assert.equal(normaliseEndpoint('http://example.com'), 'http://example.com:80');
  assert.equal(normaliseEndpoint('https://example.com/'), 'https://example.com:443');
  assert.equal(normaliseEndpoint('http://127.0.0.1:11434/'), 'http://127.0.0.1:11434');
  assert.equal(displayEndpoint('http://user:secret@host:1234'), 'http://host:1234');
});

test('every address the client reads is accepted; a malformed one or another scheme is explained, never thrown', () => {
  for (const host of ['localhost', ':8080', '127.0.0.1:11434', 'http://[::1]:11434', 'https://ollama.example.com/', 'http://user:secret@host:1234']) {
    assert.equal(endpointProblem(host), undefined, host);
  }
  assert.match(endpointProblem('http://[::1') ?? '', /^is "http:\/\/\[::1", which is not an address such as http:\/\/127\.0\.0\.1:11434/);
  assert.match(endpointProblem('ftp://example.com') ?? '', /not an http:\/\/ or https:\/\/ address/);
  assert.match(endpointProblem('http://') ?? '', /not an address/);
  assert.match(endpointProblem('127.0.0.1:99999') ?? '', /not an address/);
});

test('version gates: logprobs from 0.12.11, think levels from 0.11, dev builds have everything', () => {
  assert.equal(versionAtLeast('0.12.11', '0.12.11'), true);
  assert.equal(versionAtLeast('0.12.10', '0.12.11'), false);
  assert.equal(versionAtLeast('0.13.0', '0.12.11'), true);
  assert.equal(versionAtLeast('0.9.6', '0.11.0'), false);
  assert.equal(versionAtLeast('0.12.11-rc1', '0.12.11'), true);
  assert.equal(versionAtLeast('0.0.0', '0.12.11'), true);
  assert.equal(versionAtLeast('garbage', '0.1.0'), false);
});

test('capabilities combine the version with the model\'s own list and context length', () => {
  const show = {
    capabilities: ['completion', 'thinking'],
    model_info: { 'general.architecture': 'qwen3', 'qwen3.context_length': 40960, 'other.context_length': 5 },
  };
  const fresh = capabilitiesFrom('0.12.11', show);
  assert.deepEqual(
    { logprobs: fresh.logprobs, thinking: fresh.thinking, thinkLevels: fresh.thinkLevels, contextLength: fresh.contextLength },
    { logprobs: true, thinking: true, thinkLevels: true, contextLength: 40960 },
  );
  const old = capabilitiesFrom('0.10.1', { capabilities: ['completion'] });
  assert.equal(old.logprobs, false);
  assert.equal(old.thinking, false);
  assert.equal(old.thinkLevels, false);
  assert.equal(old.contextLength, undefined);
  assert.equal(contextLengthOf({ 'llama.context_length': 8192 }), 8192);
});

test('a generation request becomes a streamed chat request with one constant num_ctx', () => {
  const chat = toChatRequest(
    {
      messages: [
        { role: 'user', content: 'What is 2+2?' },
        { role: 'assistant', content: 'Step 1:' },
      ],
      temperature: 0.7,
      topP: 0.9,
      seed: 42,
      maxTokens: 256,
      stop: ['\n\n'],
      think: false,
      logprobs: true,
      topLogprobs: 5,
    },
    { model: 'qwen2.5:1.5b', numCtx: 4096, keepAlive: '30m' },
  );
  assert.deepEqual(chat, {
    model: 'qwen2.5:1.5b',
    messages: [
      { role: 'user', content: 'What is 2+2?' },
      { role: 'assistant', content: 'Step 1:' },
    ],
    stream: true,
    options: { num_ctx: 4096, temperature: 0.7, num_predict: 256, top_p: 0.9, seed: 42, stop: ['\n\n'] },
    think: false,
    logprobs: true,
    top_logprobs: 5,
    keep_alive: '30m',
  });
  const minimal = toChatRequest({ model: 'judge', messages: [], temperature: 0, maxTokens: 1 }, { model: 'm', numCtx: 4096 });
  assert.deepEqual(minimal, {
    model: 'judge',
    messages: [],
    stream: true,
    options: { num_ctx: 4096, temperature: 0, num_predict: 1 },
  });
});

test('chunks carry text, thinking and logprobs with their alternatives; empty chunks are skipped', () => {
  assert.deepEqual(
    chunkEvent(
      chunk({
        message: { role: 'assistant', content: ' 4', thinking: '' },
        done: false,
        logprobs: [{ token: ' 4', logprob: -0.1, bytes: [32, 52], top_logprobs: [{ token: ' 4', logprob: -0.1 }, { token: ' 5', logprob: -2.5 }] }],
      }),
    ),
    {
      type: 'chunk',
      text: ' 4',
      thinking: '',
      logprobs: [{ token: ' 4', logprob: -0.1, topLogprobs: [{ token: ' 4', logprob: -0.1 }, { token: ' 5', logprob: -2.5 }] }],
    },
  );
  assert.deepEqual(chunkEvent(chunk({ message: { role: 'assistant', content: '', thinking: 'hmm' }, done: false })), {
    type: 'chunk',
    text: '',
    thinking: 'hmm',
    logprobs: [],
  });
  assert.equal(chunkEvent(chunk({ message: { role: 'assistant', content: '' }, done: true })), undefined);
  // The final chunk may carry the last piece of text.
  assert.equal(
    (chunkEvent(chunk({ message: { role: 'assistant', content: '!' }, done: true })) as { text: string }).text,
    '!',
  );
});

test('usage converts nanoseconds to milliseconds and treats absent metrics as zero', () => {
  assert.deepEqual(
    usageOf(
      chunk({
        done: true,
        done_reason: 'length',
        total_duration: 5_000_000,
        load_duration: 1_000_000,
        prompt_eval_count: 12,
        prompt_eval_duration: 2_500_000,
        eval_count: 30,
        eval_duration: 1_500_000,
      }),
    ),
    { promptTokens: 12, generatedTokens: 30, totalDurationMs: 5, loadDurationMs: 1, promptEvalDurationMs: 2.5, evalDurationMs: 1.5, doneReason: 'length' },
  );
  assert.deepEqual(usageOf(chunk({ done: true })), {
    promptTokens: 0,
    generatedTokens: 0,
    totalDurationMs: 0,
    loadDurationMs: 0,
    promptEvalDurationMs: 0,
    evalDurationMs: 0,
    doneReason: 'stop',
  });
});

test('model list, details and pull progress become plain objects', () => {
  assert.deepEqual(
    modelSummaryFrom({
      name: 'qwen3:1.7b',
      model: 'qwen3:1.7b',
      size: 1359293444,
      modified_at: '2025-01-01T00:00:00Z',
      details: { family: 'qwen3', parameter_size: '2.0B', quantization_level: 'Q4_K_M' },
    }),
    { name: 'qwen3:1.7b', size: 1359293444, family: 'qwen3', parameterSize: '2.0B', quantization: 'Q4_K_M', modifiedAt: '2025-01-01T00:00:00Z' },
  );
  assert.deepEqual(
    modelDetailsFrom('qwen3:1.7b', {
      details: { family: 'qwen3', parameter_size: '2.0B', quantization_level: 'Q4_K_M' },
      capabilities: ['completion', 'thinking'],
      model_info: { 'general.architecture': 'qwen3', 'qwen3.context_length': 40960 },
    }),
    {
      name: 'qwen3:1.7b',
      family: 'qwen3',
      parameterSize: '2.0B',
      quantization: 'Q4_K_M',
      capabilities: ['completion', 'thinking'],
      thinking: true,
      contextLength: 40960,
    },
  );
  assert.deepEqual(pullProgressFrom({ status: 'pulling manifest' }), { status: 'pulling manifest' });
  assert.deepEqual(pullProgressFrom({ status: 'pulling abc', digest: 'sha256:abc', total: 10, completed: 4 }), {
    status: 'pulling abc',
    digest: 'sha256:abc',
    total: 10,
    completed: 4,
  });
});
