// An older reported version also takes away what that Ollama lacked, so clients' feature detection can be
// tested: logprobs (0.12.11), think (0.9.0), think levels (0.11.0), "max" (0.22.0).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Ollama } from 'ollama';
import type { Standin } from '../../../src/standin';
import { startStandin } from '../../../src/standin';
import type { Json } from './helpers';
import { postJson, scriptedBackend, wordTokenize } from './helpers';

async function withVersion(version: string, body: (standin: Standin, ollama: Ollama) => Promise<void>): Promise<void> {
  const standin = await startStandin({ version, respond: scriptedBackend(), tokenize: wordTokenize });
  try {
    await body(standin, new Ollama({ host: standin.url }));
  } finally {
    await standin.close();
  }
}

const ask = { model: 'qwen3:1.7b', messages: [{ role: 'user', content: 'hi' }] };

describe('stand-in: imitating older versions', () => {
  test('0.12.10: /api/version says so, and logprobs are ignored (no field, no range check)', () =>
    withVersion('0.12.10', async (_standin, ollama) => {
      assert.deepEqual(await ollama.version(), { version: '0.12.10' });
      const reply = await ollama.chat({ ...ask, logprobs: true, top_logprobs: 50 });
      assert.equal(reply.logprobs, undefined);
    }));

  test('0.12.11: logprobs are there', () =>
    withVersion('0.12.11', async (_standin, ollama) => {
      const reply = await ollama.chat({ ...ask, logprobs: true });
      assert.equal(reply.logprobs?.length, 8);
    }));

  test('0.10.0: think is a bool only; a level is a JSON type error', () =>
    withVersion('0.10.0', async (standin) => {
      const response = await postJson(`${standin.url}/api/chat`, { ...ask, think: 'high' });
      assert.equal(response.status, 400);
      assert.deepEqual(await response.json(), {
        error: 'json: cannot unmarshal string into Go struct field ChatRequest.think of type bool',
      });
    }));

  test('0.13.0: "max" is not a level yet; 0.22.0 accepts it', async () => {
    await withVersion('0.13.0', async (standin) => {
      const response = await postJson(`${standin.url}/api/chat`, { ...ask, think: 'max' });
      assert.equal(response.status, 400);
      assert.deepEqual(await response.json(), { error: 'invalid think value: "max" (must be "high", "medium", "low", true, or false)' });
    });
    await withVersion('0.22.0', async (standin) => {
      const response = await postJson(`${standin.url}/api/chat`, { ...ask, think: 'max', stream: false });
      assert.equal(response.status, 200);
      assert.equal(((await response.json()) as { message: Json }).message.thinking, 'Let me add.');
    });
  });

  test('0.8.0: no think field; a thinking model thinks inline between <think> tags', () =>
    withVersion('0.8.0', async (standin) => {
      const response = await postJson(`${standin.url}/api/chat`, { ...ask, think: false, stream: false });
      const reply = (await response.json()) as { message: Json };
      assert.equal(reply.message.thinking, undefined);
      assert.equal(reply.message.content, '<think>Let me add.</think>The answer is \\boxed{4}.');
    }));
});
