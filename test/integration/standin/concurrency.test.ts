// Parallel slots and the queue: at most `parallel` generations at once, the rest wait with no response
// headers sent, and throughput really scales with the slots (tokens are paced by timers).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Ollama } from 'ollama';
import type { Standin, StandinOptions } from '../../../src/standin';
import { startStandin } from '../../../src/standin';
import { isSettled, lineReader, longBackend, postJson, readNdjson, wordTokenize } from './helpers';

async function withStandin(options: StandinOptions, body: (standin: Standin) => Promise<void>): Promise<void> {
  const standin = await startStandin({ tokenize: wordTokenize, ...options });
  try {
    await body(standin);
  } finally {
    await standin.close();
  }
}

const request = { model: 'qwen2.5:1.5b', prompt: 'go' };

describe('stand-in: parallel slots and the queue', () => {
  test('requests beyond the slots wait with no headers until a slot frees', () =>
    withStandin({ parallel: 2, tokenLatencyMs: 2, respond: longBackend(30) }, async (standin) => {
      const first = await postJson(`${standin.url}/api/generate`, request);
      const second = await postJson(`${standin.url}/api/generate`, request);
      const third = postJson(`${standin.url}/api/generate`, request);
      await standin.waitFor((s) => s.activeGenerations === 2 && s.queued === 1);
      const reader = lineReader(first);
      assert.equal((await reader.next())?.done, false);
      assert.equal(await isSettled(third), false, 'a queued request has received no headers');
      assert.equal(standin.stats().openRequests, 3);

      let line;
      do line = await reader.next();
      while (line && line.done !== true);
      const thirdResponse = await third; // headers arrive once the first generation has freed its slot
      assert.equal(thirdResponse.status, 200);
      const rest = await Promise.all([readNdjson(second), readNdjson(thirdResponse)]);
      for (const { lines } of rest) assert.equal(lines.at(-1)?.done, true);
      assert.equal(standin.stats().peakActiveGenerations, 2);
      assert.equal(standin.stats().generationsCompleted, 3);
    }));

  test('a slot is per model: two models each get their own parallel slots', () =>
    withStandin({ parallel: 1, tokenLatencyMs: 2, respond: longBackend(20) }, async (standin) => {
      const a = postJson(`${standin.url}/api/generate`, { ...request, stream: false });
      const b = postJson(`${standin.url}/api/generate`, { model: 'qwen3:1.7b', prompt: 'go', think: false, stream: false });
      await standin.waitFor((s) => s.activeGenerations === 2);
      await Promise.all([(await a).json(), (await b).json()]);
    }));

  // Wall-clock throughput is measured by bench/throughput.ts; here only what cannot flake on a busy
  // machine: how many generations really ran at once, and that tokens are never faster than the latency.
  test('generations run concurrently up to the slots, and tokens are paced by the latency', async () => {
    const runFour = async (parallel: number): Promise<{ peak: number; elapsed: number }> => {
      let result = { peak: 0, elapsed: 0 };
      await withStandin({ parallel, tokenLatencyMs: 20, respond: longBackend(15) }, async (standin) => {
        const ollama = new Ollama({ host: standin.url });
        const started = performance.now();
        await Promise.all(Array.from({ length: 4 }, () => ollama.generate(request)));
        result = { peak: standin.stats().peakActiveGenerations, elapsed: performance.now() - started };
      });
      return result;
    };
    const serial = await runFour(1);
    const parallel = await runFour(4);
    assert.equal(serial.peak, 1, 'one slot: one generation at a time');
    assert.equal(parallel.peak, 4, 'four slots: all four at once');
    assert.ok(serial.elapsed >= 4 * 15 * 20 * 0.9, `one slot paces 4 × 15 tokens: ${serial.elapsed.toFixed(0)} ms`);
    assert.ok(parallel.elapsed >= 15 * 20 * 0.9, `four slots still pace 15 tokens: ${parallel.elapsed.toFixed(0)} ms`);
  });
});
