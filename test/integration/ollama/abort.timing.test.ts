// Cancellation: aborting a call's signal ends it with an AbortError in every phase, and a request that
// had reached the server is closed there at once, so the server stops generating.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OllamaModel } from '../../../src/engine/model/ollama';
import { endpointLimiter } from '../../../src/engine/model/limiter';
import { startStandin } from '../../../src/standin';
import type { Standin } from '../../../src/standin';
import { ask, failure, lengthByPrompt, run, within } from './helpers';

const LONG = 5000;
const SHORT = 3;

describe('aborting a generation', () => {
  let standin: Standin;
  let model: OllamaModel;

  before(async () => {
    standin = await startStandin({ parallel: 1, tokenLatencyMs: 2, respond: lengthByPrompt(LONG, SHORT) });
    // Two slots here against one at the server, so a second request really waits in the server's queue.
    model = new OllamaModel({ host: standin.url, model: 'qwen2.5:1.5b', slots: 2 });
  });
  after(async () => {
    await model.close();
    await standin.close();
  });

  /** Starts a long generation and counts its chunks; the promise settles with how it ended. */
  function startLong(signal: AbortSignal): { chunks: () => number; done: Promise<unknown> } {
    let chunks = 0;
    const done = (async () => {
      for await (const event of model.generate(ask('a long one'), signal)) if (event.type === 'chunk') chunks++;
    })().then(
      () => 'completed',
      (err: unknown) => err,
    );
    return { chunks: () => chunks, done };
  }

  test('mid-stream: AbortError, request closed at the server within 200 ms, generation stopped', async () => {
    const abortedBefore = standin.stats().generationsAborted;
    const controller = new AbortController();
    const long = startLong(controller.signal);
    await within(5000, () => long.chunks() >= 5, 'the stream started');
    controller.abort();
    const closedIn = await within(1000, () => standin.stats().openRequests === 0, 'request closed at the stand-in');
    assert.ok(closedIn <= 200, `closed after ${closedIn.toFixed(1)} ms`);
    const err = await long.done;
    assert.equal((err as Error).name, 'AbortError', String(err));
    const stats = standin.stats();
    assert.equal(stats.generationsAborted - abortedBefore, 1);
    assert.equal(stats.activeGenerations, 0);
    assert.ok(stats.tokensGenerated < LONG / 2, `stopped early (${stats.tokensGenerated} tokens)`);
    // While another generation runs to completion, the aborted one adds no tokens.
    const tokensAfterAbort = stats.tokensGenerated;
    const short = await run(model, ask('short'));
    assert.equal(short.usage.generatedTokens, SHORT);
    assert.equal(standin.stats().tokensGenerated, tokensAfterAbort + SHORT);
  });

  test('while queued at the server (no headers yet): AbortError and the queued request is withdrawn', async () => {
    const first = new AbortController();
    const second = new AbortController();
    const running = startLong(first.signal);
    await within(5000, () => running.chunks() >= 1, 'the first generation started');
    const queued = startLong(second.signal);
    await within(2000, () => standin.stats().queued === 1, 'the second request waits in the server queue');
    second.abort();
    const closedIn = await within(1000, () => standin.stats().queued === 0 && standin.stats().openRequests === 1, 'queued request closed');
    assert.ok(closedIn <= 200, `closed after ${closedIn.toFixed(1)} ms`);
    assert.equal(((await queued.done) as Error).name, 'AbortError');
    first.abort();
    assert.equal(((await running.done) as Error).name, 'AbortError');
    await within(1000, () => standin.stats().openRequests === 0, 'all closed');
  });

  test('while waiting for a limiter slot: AbortError, and no request is ever sent', async () => {
    const holder = new OllamaModel({ host: standin.url, model: 'qwen2.5:1.5b', slots: 1, client: model.client });
    const limiter = endpointLimiter(model.client.endpoint, 1);
    const first = new AbortController();
    const waiting = new AbortController();
    try {
      const running = startLong(first.signal);
      await within(5000, () => running.chunks() >= 1, 'the first generation started');
      const requestsBefore = standin.stats().totalRequests;
      const queued = failure(run(holder, ask('short'), waiting.signal));
      await within(1000, () => limiter.waiting === 1, 'the second call waits in the limiter');
      waiting.abort();
      assert.equal(((await queued) as Error).name, 'AbortError');
      assert.equal(limiter.waiting, 0);
      assert.equal(standin.stats().totalRequests, requestsBefore, 'nothing reached the server');
      first.abort();
      await running.done;
    } finally {
      limiter.resize(2);
    }
    await within(1000, () => standin.stats().openRequests === 0 && limiter.active === 0, 'all closed, slots free');
  });

  test('a consumer that stops reading early closes the request and frees its slot', async () => {
    let seen = 0;
    for await (const event of model.generate(ask('a long one'), new AbortController().signal)) {
      if (event.type === 'chunk' && ++seen === 3) break;
    }
    const closedIn = await within(1000, () => standin.stats().openRequests === 0, 'request closed');
    assert.ok(closedIn <= 200, `closed after ${closedIn.toFixed(1)} ms`);
    assert.equal(endpointLimiter(model.client.endpoint, 2).active, 0);
  });

  test('an already aborted signal fails at once without a request', async () => {
    const requestsBefore = standin.stats().totalRequests;
    const err = await failure(run(model, ask('short'), AbortSignal.abort()));
    assert.equal((err as Error).name, 'AbortError');
    assert.equal(standin.stats().totalRequests, requestsBefore);
  });

  test('an abort with a custom reason still ends as an AbortError, never as a failure', async () => {
    const controller = new AbortController();
    const long = startLong(controller.signal);
    await within(5000, () => long.chunks() >= 2, 'the stream started');
    controller.abort(new Error('user pressed stop'));
    const err = await long.done;
    assert.equal((err as Error).name, 'AbortError');
    await within(1000, () => standin.stats().openRequests === 0, 'request closed');
  });
});
