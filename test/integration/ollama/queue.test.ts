// A request waiting in Ollama's queue gets no headers for as long as it waits. That silence is normal:
// the stall timeout applies only once a response has started, and the queue timeout is optional.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OllamaModel } from '../../../src/engine/model/ollama';
import { startStandin } from '../../../src/standin';
import type { Standin } from '../../../src/standin';
import { ask, countingTokens, lengthByPrompt, run, within } from './helpers';

describe('requests queued at the server', () => {
  let standin: Standin;
  let model: OllamaModel;

  before(async () => {
    standin = await startStandin({ parallel: 1, tokenLatencyMs: 5, respond: lengthByPrompt(300, 5) });
    // A stall timeout well above the gaps between tokens even on a busy machine, well below the wait.
    model = new OllamaModel({ host: standin.url, model: 'qwen2.5:1.5b', slots: 2, stallTimeoutMs: 1000 });
  });
  after(async () => {
    await model.close();
    await standin.close();
  });

  test('wait longer than the stall timeout without failing', async () => {
    const first = run(model, ask('a long one'));
    await within(2000, () => standin.stats().activeGenerations === 1, 'the first generation holds the only slot');
    const queuedAt = performance.now();
    const second = run(model, ask('short'));
    await within(2000, () => standin.stats().queued === 1, 'the second waits in the server queue');
    const [long, short] = await Promise.all([first, second]);
    const waited = performance.now() - queuedAt;
    assert.ok(waited > 1400, `the queued request waited ${waited.toFixed(0)} ms, longer than the stall timeout`);
    assert.equal(long.usage.generatedTokens, 300);
    assert.equal(short.text, countingTokens(5).join(''));
  });
});
