// The per-endpoint limiter bounds what Ponder has in flight at one server, across every model object
// that talks to it, whatever the server itself would accept.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OllamaModel } from '../../../src/engine/model/ollama';
import { startStandin } from '../../../src/standin';
import type { Standin } from '../../../src/standin';
import { ask, countingTokens, run, scriptedRespond } from './helpers';

const TOKENS = countingTokens(20);

describe('the endpoint limiter against the stand-in', () => {
  let standin: Standin;

  before(async () => {
    // The server would run 8 at once; Ponder is configured for 3.
    standin = await startStandin({ parallel: 8, tokenLatencyMs: 1, respond: scriptedRespond(TOKENS) });
  });
  after(() => standin.close());

  test('no more requests are open at the server than the limiter has slots, shared by every model on it', async () => {
    const generator = new OllamaModel({ host: standin.url, model: 'qwen2.5:1.5b', slots: 3 });
    // Another model object for the same server, written differently: it must share the same three slots.
    const verifier = new OllamaModel({ host: standin.url.replace('http://', ''), model: 'qwen3:1.7b', slots: 3 });
    let peakOpen = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peakOpen = Math.max(peakOpen, standin.stats().openRequests);
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    try {
      const calls = Array.from({ length: 12 }, (_, i) =>
        run(i % 2 === 0 ? generator : verifier, ask(`problem ${i}`, { seed: i, think: false })),
      );
      const results = await Promise.all(calls);
      for (const result of results) assert.equal(result.text, TOKENS.join(''));
    } finally {
      sampling = false;
      await sampler;
      await generator.close();
      await verifier.close();
    }
    const stats = standin.stats();
    assert.equal(stats.generationsCompleted, 12);
    assert.equal(stats.peakActiveGenerations, 3, 'all three slots were used, never more');
    assert.ok(peakOpen <= 3, `at most 3 open requests at the server, saw ${peakOpen}`);
    assert.ok(peakOpen >= 2, `the sampler saw concurrent requests (${peakOpen})`);
  });
});
