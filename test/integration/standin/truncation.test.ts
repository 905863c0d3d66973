// A prompt longer than the context, as each Ollama version handles it (src/standin/truncation.ts cites the
// sources): num_ctx capped at the trained context, chat messages dropped oldest first, then the runner's
// refusal or cut, and `truncate` / `shift` from 0.12.7.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { StandinOptions } from '../../../src/standin';
import { DEFAULT_MODELS, startStandin } from '../../../src/standin';
import type { SimRequest } from '../../../src/engine/model/sim/types';
import { postJson, scriptedBackend, wordTokenize } from './helpers';

const TINY = { ...DEFAULT_MODELS[0]!, name: 'tiny:0.1b', contextLength: 48 };
const problem = `A farmer has ${Array.from({ length: 60 }, (_, i) => `field${i}`).join(' ')} fields. How many are there?`;
const messages = [
  { role: 'system', content: 'Solve the problem step by step.' },
  { role: 'user', content: problem },
  { role: 'assistant', content: 'Step one: count.' },
];

async function withStandin(
  options: StandinOptions,
  body: (url: string, requests: SimRequest[], stats: () => { promptsCut: number }) => Promise<void>,
): Promise<void> {
  const backend = scriptedBackend();
  const standin = await startStandin({ models: [TINY], respond: backend, tokenize: wordTokenize, ...options });
  try {
    await body(standin.url, backend.requests, () => standin.stats());
  } finally {
    await standin.close();
  }
}

const chat = (url: string, extra: Record<string, unknown> = {}): Promise<Response> =>
  postJson(`${url}/api/chat`, { model: TINY.name, messages, stream: false, options: { num_ctx: 8192 }, ...extra });

describe('stand-in: prompts longer than the context', () => {
  test('num_ctx is capped at the trained context length, silently (/api/ps shows the cap)', () =>
    withStandin({}, async (url) => {
      const response = await postJson(`${url}/api/chat`, { model: TINY.name, messages: [{ role: 'user', content: 'hi' }], stream: false, options: { num_ctx: 8192 } });
      assert.equal(response.status, 200);
      const ps = (await (await fetch(`${url}/api/ps`)).json()) as { models: { context_length: number }[] };
      assert.equal(ps.models[0]?.context_length, TINY.contextLength);
    }));

  for (const version of ['0.13.0', '0.32.15']) {
    test(`${version}, truncate left on: the oldest non-system message — the problem — is dropped, and nothing says so`, () =>
      withStandin({ version }, async (url, requests) => {
        const response = await chat(url);
        assert.equal(response.status, 200);
        const seen = requests.at(-1)?.messages ?? [];
        assert.deepEqual(seen.map((m) => m.role), ['system', 'assistant']);
        assert.ok(!seen.some((m) => m.content.includes('farmer')));
      }));
  }

  test('0.13.0 (Go runner), truncate false: 400 "the input length exceeds the context length"', () =>
    withStandin({ version: '0.13.0' }, async (url) => {
      const response = await chat(url, { truncate: false });
      assert.equal(response.status, 400);
      assert.deepEqual(await response.json(), { error: 'the input length exceeds the context length' });
    }));

  test('0.32.15 (llama-server), truncate false: 400 carrying llama-server\'s exceed_context_size_error', () =>
    withStandin({}, async (url) => {
      const response = await chat(url, { truncate: false, shift: false });
      assert.equal(response.status, 400);
      const { error } = (await response.json()) as { error: string };
      const inner = (JSON.parse(error) as { error: { type: string; n_ctx: number } }).error;
      assert.equal(inner.type, 'exceed_context_size_error');
      assert.equal(inner.n_ctx, TINY.contextLength);
    }));

  test('0.32.15, truncate on but shift false, one message too long to drop: 400, the prompt is longer than the context', () =>
    withStandin({}, async (url) => {
      const response = await postJson(`${url}/api/chat`, { model: TINY.name, messages: [{ role: 'user', content: problem }], stream: false, shift: false });
      assert.equal(response.status, 400);
      assert.match(((await response.json()) as { error: string }).error, /^the prompt is longer than the context length/);
    }));

  test('0.13.0, truncate on, one message too long: cut to num_ctx tokens (num_keep kept), reported as the whole prompt', () =>
    withStandin({ version: '0.13.0' }, async (url, requests, stats) => {
      const response = await postJson(`${url}/api/chat`, { model: TINY.name, messages: [{ role: 'user', content: problem }], stream: false });
      assert.equal(response.status, 200);
      const body = (await response.json()) as { prompt_eval_count: number };
      assert.equal(body.prompt_eval_count, TINY.contextLength);
      assert.equal(stats().promptsCut, 1);
      assert.ok(!(requests.at(-1)?.messages[0]?.content ?? '').includes('field0 '), 'the start of the problem is gone');
    }));

  test('before 0.12.7 there is no truncate field: truncate false is ignored and the problem is dropped', () =>
    withStandin({ version: '0.12.6' }, async (url, requests) => {
      const response = await chat(url, { truncate: false });
      assert.equal(response.status, 200);
      assert.deepEqual(requests.at(-1)?.messages.map((m) => m.role), ['system', 'assistant']);
    }));

  test('a badly typed option is a 500, as handleScheduleError answers it', () =>
    withStandin({}, async (url) => {
      const response = await chat(url, { options: { num_ctx: 'big' } });
      assert.equal(response.status, 500);
      assert.deepEqual(await response.json(), { error: 'option "num_ctx" must be of type integer' });
    }));
});

describe('stand-in: the context filling up during generation', () => {
  const longAnswer = scriptedBackend({ answer: Array.from({ length: 60 }, (_, i) => ` w${i}`) });
  const ask = { model: TINY.name, messages: [{ role: 'user', content: 'Count.' }], stream: false };

  for (const [version, room] of [
    ['0.13.0', (prompt: number) => TINY.contextLength - prompt],
    ['0.32.15', (prompt: number) => TINY.contextLength - 1 - prompt],
  ] as const) {
    test(`${version}: with shift false generation stops at the full context with done_reason "length"; with shift on it goes on`, async () => {
      const standin = await startStandin({ models: [TINY], respond: longAnswer, tokenize: wordTokenize, version });
      try {
        const stopped = (await (await postJson(`${standin.url}/api/chat`, { ...ask, shift: false })).json()) as { done_reason: string; eval_count: number; prompt_eval_count: number };
        assert.equal(stopped.done_reason, 'length');
        assert.equal(stopped.eval_count, room(stopped.prompt_eval_count));
        const shifted = (await (await postJson(`${standin.url}/api/chat`, ask)).json()) as { done_reason: string; eval_count: number };
        assert.equal(shifted.done_reason, 'stop');
        assert.equal(shifted.eval_count, 60);
      } finally {
        await standin.close();
      }
    });
  }
});
