// Cancellation: when a client aborts, the stand-in closes the request at once, stops generating, clears
// its timers and frees the slot; close() ends everything still in flight.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Ollama } from 'ollama';
import type { Standin, StandinOptions } from '../../../src/standin';
import { startStandin } from '../../../src/standin';
import { lineReader, longBackend, postJson, wordTokenize } from './helpers';

const request = { model: 'qwen2.5:1.5b', prompt: 'go' };

async function withStandin(options: StandinOptions, body: (standin: Standin) => Promise<void>): Promise<void> {
  const standin = await startStandin({ parallel: 4, tokenLatencyMs: 5, respond: longBackend(2000), tokenize: wordTokenize, ...options });
  try {
    await body(standin);
  } finally {
    await standin.close();
  }
}

/** Proves generation has stopped: a 3-token request afterwards adds exactly 3 generated tokens. */
async function assertGenerationStopped(standin: Standin): Promise<void> {
  const before = standin.stats().tokensGenerated;
  const response = await postJson(`${standin.url}/api/generate`, { ...request, stream: false, options: { num_predict: 3 } });
  await response.json();
  assert.equal(standin.stats().tokensGenerated - before, 3);
}

describe('stand-in: aborting requests', () => {
  test("the ollama iterator's abort() closes the request within 200 ms and stops generation", () =>
    withStandin({}, async (standin) => {
      const ollama = new Ollama({ host: standin.url });
      const stream = await ollama.generate({ ...request, stream: true });
      let seen = 0;
      let abortedAt = 0;
      await assert.rejects(async () => {
        for await (const _ of stream) {
          seen += 1;
          if (seen === 3) {
            abortedAt = performance.now();
            stream.abort();
          }
        }
      }, (err: Error) => err.name === 'AbortError');
      await standin.waitFor((s) => s.openRequests === 0 && s.activeGenerations === 0, 200);
      assert.ok(performance.now() - abortedAt < 200, 'closed at the stand-in within 200 ms of abort()');
      assert.equal(standin.stats().generationsAborted, 1);
      await assertGenerationStopped(standin);
    }));

  test('an AbortController on fetch does the same', () =>
    withStandin({}, async (standin) => {
      const controller = new AbortController();
      const response = await postJson(`${standin.url}/api/chat`, { model: 'qwen2.5:1.5b', messages: [{ role: 'user', content: 'go' }] }, { signal: controller.signal });
      const reader = lineReader(response);
      await reader.next();
      await reader.next();
      controller.abort();
      await standin.waitFor((s) => s.openRequests === 0 && s.activeGenerations === 0, 200);
      assert.equal(standin.stats().generationsAborted, 1);
      await assertGenerationStopped(standin);
    }));

  test('ollama.abort() aborts every stream of that client', () =>
    withStandin({}, async (standin) => {
      const ollama = new Ollama({ host: standin.url });
      const streams = await Promise.all([1, 2, 3].map(() => ollama.generate({ ...request, stream: true })));
      await standin.waitFor((s) => s.activeGenerations === 3);
      ollama.abort();
      await Promise.all(streams.map((stream) => assert.rejects(async () => {
        for await (const _ of stream) {
          // aborted
        }
      })));
      await standin.waitFor((s) => s.openRequests === 0 && s.generationsAborted === 3, 200);
    }));

  test('a queued request that is aborted leaves the queue and never starts', () =>
    withStandin({ parallel: 1 }, async (standin) => {
      const running = new AbortController();
      const queued = new AbortController();
      const first = await postJson(`${standin.url}/api/generate`, request, { signal: running.signal });
      const second = postJson(`${standin.url}/api/generate`, request, { signal: queued.signal });
      await standin.waitFor((s) => s.queued === 1);
      queued.abort();
      await assert.rejects(second);
      await standin.waitFor((s) => s.queued === 0 && s.openRequests === 1, 200);
      assert.equal(standin.stats().generationsStarted, 1);
      running.abort();
      await assert.rejects(first.text());
      await standin.waitFor((s) => s.openRequests === 0, 200);
    }));

  test('an abort while the model loads closes the request at once', () =>
    withStandin({ loadLatencyMs: 60_000 }, async (standin) => {
      const controller = new AbortController();
      const pending = postJson(`${standin.url}/api/generate`, request, { signal: controller.signal });
      await standin.waitFor((s) => s.modelLoads === 1 && s.activeGenerations === 1);
      controller.abort();
      await assert.rejects(pending);
      await standin.waitFor((s) => s.openRequests === 0 && s.activeGenerations === 0, 200);
    }));

  test('an abort during prompt evaluation clears its timer', () =>
    withStandin({ promptEvalLatencyMs: 1000 }, async (standin) => {
      const controller = new AbortController();
      const pending = postJson(`${standin.url}/api/generate`, request, { signal: controller.signal });
      await standin.waitFor((s) => s.activeGenerations === 1);
      controller.abort();
      await assert.rejects(pending);
      await standin.waitFor((s) => s.openRequests === 0 && s.activeGenerations === 0, 200);
      assert.equal(standin.stats().tokensGenerated, 0);
    }));

  test('close() ends streaming, queued, stalled and loading requests and leaves nothing open', async () => {
    const standin = await startStandin({
      parallel: 1,
      tokenLatencyMs: 5,
      loadLatencyMs: 60_000,
      respond: longBackend(2000),
      tokenize: wordTokenize,
      faults: [{ kind: 'stallBeforeHeaders', model: 'qwen3:1.7b' }],
    });
    const loading = postJson(`${standin.url}/api/generate`, request);
    const queued = postJson(`${standin.url}/api/generate`, request);
    const stalled = postJson(`${standin.url}/api/generate`, { model: 'qwen3:1.7b', prompt: 'x' });
    await standin.waitFor((s) => s.openRequests === 3 && s.queued === 1);
    const settled = Promise.allSettled([loading, queued, stalled]);
    await standin.close();
    await standin.close(); // idempotent
    for (const result of await settled) assert.equal(result.status, 'rejected');
    assert.equal(standin.stats().openRequests, 0);
  });
});
