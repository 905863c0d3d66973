// POST /api/chat: chunk shapes, prefill, thinking, log-probabilities.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Ollama } from 'ollama';
import { solveMessages } from '../../../src/engine/prompts/solve';
import type { Standin } from '../../../src/standin';
import { renderChatPrompt, startStandin } from '../../../src/standin';
import type { Json } from './helpers';
import { postJson, readNdjson, scriptedBackend, wordTokenize } from './helpers';

describe('stand-in: /api/chat', () => {
  let standin: Standin;
  let ollama: Ollama;
  const backend = scriptedBackend();
  before(async () => {
    standin = await startStandin({ parallel: 4, respond: backend, tokenize: wordTokenize });
    ollama = new Ollama({ host: standin.url });
  });
  after(() => standin.close());

  test('streamed chunks carry message.role/content; the final chunk has metrics and no context', async () => {
    const response = await postJson(`${standin.url}/api/chat`, {
      model: 'qwen2.5:1.5b',
      messages: [{ role: 'user', content: 'What is 2+2?' }],
    });
    assert.equal(response.headers.get('content-type'), 'application/x-ndjson');
    const { lines } = await readNdjson(response);
    const pieces = lines.slice(0, -1);
    assert.equal(pieces.map((l) => (l.message as Json).content).join(''), 'The answer is \\boxed{4}.');
    for (const piece of pieces) {
      assert.deepEqual(Object.keys(piece), ['model', 'created_at', 'message', 'done']);
      assert.deepEqual(Object.keys(piece.message as Json), ['role', 'content']);
      assert.equal((piece.message as Json).role, 'assistant');
      assert.equal(typeof piece.created_at, 'string');
    }
    const final = lines.at(-1)!;
    assert.equal(final.done, true);
    assert.equal(final.done_reason, 'stop');
    assert.deepEqual(final.message, { role: 'assistant', content: '' });
    assert.ok(!('context' in final));
    assert.equal(final.eval_count, 5);
  });

  test('a trailing assistant message is a prefill: rendered open and passed on for continuation', async () => {
    backend.requests.length = 0;
    const messages = [
      { role: 'SYSTEM', content: 'Be brief.' },
      { role: 'user', content: 'Solve.' },
      { role: 'assistant', content: 'Step 1.\n\n' },
    ];
    const cachedBefore = standin.stats().promptTokensCached;
    const reply = await ollama.chat({ model: 'qwen2.5:1.5b', messages });
    const cached = standin.stats().promptTokensCached - cachedBefore;
    assert.deepEqual(backend.requests[0]!.messages, [
      { role: 'system', content: 'Be brief.' }, // roles are lower-cased, as Ollama does
      { role: 'user', content: 'Solve.' },
      { role: 'assistant', content: 'Step 1.\n\n' },
    ]);
    const prompt = renderChatPrompt(messages.map((m) => ({ ...m, role: m.role.toLowerCase() })));
    assert.ok(prompt.endsWith('<|im_start|>assistant\nStep 1.\n\n'));
    assert.equal(reply.prompt_eval_count + cached, wordTokenize(prompt).length);
  });

  test('a thinking model thinks by default; thinking arrives in message.thinking', async () => {
    const stream = await ollama.chat({ model: 'qwen3:1.7b', messages: [{ role: 'user', content: 'hi' }], stream: true });
    let thinking = '';
    let content = '';
    for await (const part of stream) {
      thinking += part.message.thinking ?? '';
      content += part.message.content;
    }
    assert.equal(thinking, 'Let me add.');
    assert.equal(content, 'The answer is \\boxed{4}.');
    assert.equal(backend.requests.at(-1)!.think, true);
  });

  test('think:false turns thinking off; levels are accepted; non-streamed thinking is concatenated', async () => {
    const off = await ollama.chat({ model: 'qwen3:1.7b', messages: [{ role: 'user', content: 'hi' }], think: false });
    assert.equal(off.message.thinking, undefined);
    assert.equal(backend.requests.at(-1)!.think, false);
    const high = await ollama.chat({ model: 'qwen3:1.7b', messages: [{ role: 'user', content: 'hi' }], think: 'high' });
    assert.equal(high.message.thinking, 'Let me add.');
    assert.equal(high.message.content, 'The answer is \\boxed{4}.');
    assert.equal(high.eval_count, 8, 'thinking tokens count as generated');
  });

  test('think on a model without the capability → 400 "<model>" does not support thinking', async () => {
    const response = await postJson(`${standin.url}/api/chat`, {
      model: 'qwen2.5:1.5b',
      messages: [{ role: 'user', content: 'hi' }],
      think: true,
    });
    assert.equal(response.status, 400);
    assert.deepEqual(await response.json(), { error: '"qwen2.5:1.5b" does not support thinking' });
    const allowed = await postJson(`${standin.url}/api/chat`, {
      model: 'qwen2.5:1.5b',
      messages: [{ role: 'user', content: 'hi' }],
      think: false,
      stream: false,
    });
    assert.equal(allowed.status, 200);
    const bad = await postJson(`${standin.url}/api/chat`, { model: 'qwen3:1.7b', messages: [], think: 'extreme' });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as Json).error as string, /invalid think value: "extreme"/);
  });

  test('logprobs: one entry per token with token, logprob, bytes and top_logprobs', async () => {
    const response = await postJson(`${standin.url}/api/chat`, {
      model: 'qwen2.5:1.5b',
      messages: [{ role: 'user', content: 'hi' }],
      logprobs: true,
      top_logprobs: 2,
    });
    const { lines } = await readNdjson(response);
    const pieces = lines.slice(0, -1);
    for (const piece of pieces) {
      const logprobs = piece.logprobs as Json[];
      assert.equal(logprobs.length, 1);
      const entry = logprobs[0]!;
      assert.equal(entry.token, (piece.message as Json).content);
      assert.equal(typeof entry.logprob, 'number');
      assert.deepEqual(entry.bytes, [...Buffer.from(entry.token as string, 'utf8')]);
      const top = entry.top_logprobs as Json[];
      assert.equal(top.length, 2);
      assert.deepEqual(Object.keys(top[0]!), ['token', 'logprob', 'bytes']);
    }
    assert.ok(!('logprobs' in lines.at(-1)!), 'the final chunk carries no token');
  });

  test('logprobs without top_logprobs omit the alternatives; stream:false accumulates every entry', async () => {
    const reply = (await (
      await postJson(`${standin.url}/api/chat`, {
        model: 'qwen3:1.7b',
        messages: [{ role: 'user', content: 'hi' }],
        logprobs: true,
        stream: false,
      })
    ).json()) as Json;
    const logprobs = reply.logprobs as Json[];
    assert.equal(logprobs.length, 8, 'thinking tokens have log-probabilities too');
    assert.ok(logprobs.every((entry) => !('top_logprobs' in entry)));
    assert.equal(logprobs.map((e) => e.token).join(''), 'Let me add.The answer is \\boxed{4}.');
  });

  test('top_logprobs outside 0..20 → 400', async () => {
    for (const top of [-1, 21]) {
      const response = await postJson(`${standin.url}/api/chat`, {
        model: 'qwen2.5:1.5b',
        messages: [{ role: 'user', content: 'hi' }],
        logprobs: true,
        top_logprobs: top,
      });
      assert.equal(response.status, 400);
      assert.deepEqual(await response.json(), { error: 'top_logprobs must be between 0 and 20' });
    }
  });

  test('the ollama client passes logprobs through', async () => {
    const reply = await ollama.chat({
      model: 'qwen2.5:1.5b',
      messages: [{ role: 'user', content: 'hi' }],
      logprobs: true,
      top_logprobs: 3,
    });
    assert.equal(reply.logprobs?.length, 5);
    assert.equal(reply.logprobs?.[0]?.top_logprobs?.length, 3);
  });

  test('tools on a model without the tools capability → 400', async () => {
    const response = await postJson(`${standin.url}/api/chat`, {
      model: 'qwen2.5:1.5b',
      messages: [{ role: 'user', content: 'hi' }],
      tools: [{ type: 'function', function: { name: 'f' } }],
    });
    assert.equal(response.status, 400);
    assert.deepEqual(await response.json(), { error: 'registry.ollama.ai/library/qwen2.5:1.5b does not support tools' });
  });
});

describe('stand-in: /api/chat with the simulated reasoner', () => {
  let standin: Standin;
  before(async () => {
    standin = await startStandin({ parallel: 4 });
  });
  after(() => standin.close());

  test('an arithmetic problem gets a boxed answer, streamed token by token', async () => {
    const ollama = new Ollama({ host: standin.url });
    const stream = await ollama.chat({
      model: 'qwen2.5:1.5b',
      messages: solveMessages('What is 17 + 25?'),
      options: { seed: 1 },
      stream: true,
    });
    let content = '';
    let chunks = 0;
    for await (const part of stream) {
      content += part.message.content;
      chunks += 1;
    }
    assert.match(content, /\\boxed\{/);
    assert.ok(chunks > 5);
  });
});
