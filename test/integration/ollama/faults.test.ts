// Every way the server or the network can fail becomes one typed error with a message a person can act
// on; the stand-in's fault switches act each one out over real HTTP.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { OllamaModel } from '../../../src/engine/model/ollama';
import {
  MalformedStreamError,
  ServerBusyError,
  ServerError,
  ServerNotRunningError,
  StallError,
  StreamEndedError,
  StreamFailedError,
  describeModelError,
} from '../../../src/engine/model/errors';
import { startStandin } from '../../../src/standin';
import type { Standin } from '../../../src/standin';
import { ask, countingTokens, failure, run, scriptedRespond, unusedPort } from './helpers';

const TOKENS = countingTokens(12);
const FULL_TEXT = TOKENS.join('');

describe('faults become typed errors', () => {
  let standin: Standin;
  let model: OllamaModel;

  before(async () => {
    standin = await startStandin({ parallel: 2, tokenLatencyMs: 1, respond: scriptedRespond(TOKENS) });
    model = new OllamaModel({
      host: standin.url,
      model: 'qwen2.5:1.5b',
      slots: 2,
      retry: { attempts: 4, baseDelayMs: 5, maxDelayMs: 20 },
    });
    // Warm up both ends, so the first test does not pay for cold code paths on a busy machine.
    await run(model, ask('warm-up'));
  });
  beforeEach(() => standin.setFaults([]));
  after(async () => {
    await model.close();
    await standin.close();
  });

  /** Waits until the stand-in has no request open: the failed call closed its request. */
  const closed = (): Promise<unknown> => standin.waitFor((s) => s.openRequests === 0, 1000);

  test('no answer before headers within the queue timeout: StallError("headers"), request closed', async (t) => {
    const impatient = new OllamaModel({ host: standin.url, model: 'qwen3:1.7b', queueTimeoutMs: 400 });
    t.after(() => impatient.close());
    // Its own model name: on a loaded machine the stand-in may read this request only after the client
    // gave up on it, and it must not then take a fault meant for another test.
    await standin.setFaults([{ kind: 'stallBeforeHeaders', model: 'qwen3:1.7b' }]);
    const started = performance.now();
    const err = await failure(run(impatient, ask('x', { think: false })));
    assert.ok(err instanceof StallError, String(err));
    assert.equal(err.phase, 'headers');
    assert.equal(err.kind, 'stall');
    assert.ok(performance.now() - started >= 390, 'not before the queue timeout');
    assert.match(err.message, /did not start answering/);
    // Withdrawn: nothing stays open at the stand-in (on a busy machine it may see the request only now).
    await standin.waitFor((s) => s.openRequests === 0, 5000);
  });

  test('silence in the middle of a response: StallError("body") after the stall timeout, request closed', async (t) => {
    const impatient = new OllamaModel({ host: standin.url, model: 'qwen2.5:1.5b', stallTimeoutMs: 300 });
    t.after(() => impatient.close());
    await standin.setFaults([{ kind: 'stallMidStream', afterChunks: 3, times: 1 }]);
    const err = await failure(run(impatient, ask('x')));
    assert.ok(err instanceof StallError, String(err));
    assert.equal(err.phase, 'body');
    assert.equal(err.timeoutMs, 300);
    assert.match(err.message, /went silent for 300 ms/);
    await closed();
  });

  test('a dropped connection mid-stream: StreamEndedError', async () => {
    await standin.setFaults([{ kind: 'dropMidStream', afterChunks: 3, times: 1 }]);
    const err = await failure(run(model, ask('x')));
    assert.ok(err instanceof StreamEndedError, String(err));
    assert.equal(err.retryable, true);
    assert.match(err.message, /stopped before it was complete/);
  });

  test('a stream that ends without its done record: StreamEndedError', async () => {
    await standin.setFaults([{ kind: 'endWithoutDone', times: 1 }]);
    const err = await failure(run(model, ask('x')));
    assert.ok(err instanceof StreamEndedError, String(err));
  });

  test('HTTP 500 before the stream: ServerError with the server\'s message', async () => {
    await standin.setFaults([{ kind: 'error500Before', message: 'model requires more system memory (9.1 GiB) than is available', times: 1 }]);
    const err = await failure(run(model, ask('x')));
    assert.ok(err instanceof ServerError, String(err));
    assert.equal(err.status, 500);
    assert.match(err.message, /HTTP 500: model requires more system memory/);
  });

  test('an {"error"} line mid-stream: StreamFailedError with the server\'s message', async () => {
    await standin.setFaults([{ kind: 'error500During', afterChunks: 4, message: 'llama runner process has terminated: exit status 2', times: 1 }]);
    const texts: string[] = [];
    const err = await failure(
      (async () => {
        for await (const event of model.generate(ask('x'), new AbortController().signal)) {
          if (event.type === 'chunk') texts.push(event.text);
        }
      })(),
    );
    assert.ok(err instanceof StreamFailedError, String(err));
    assert.equal(err.serverMessage, 'llama runner process has terminated: exit status 2');
    assert.match(describeModelError(err), /failed while generating with "qwen2\.5:1\.5b": llama runner process has terminated/);
    assert.deepEqual(texts, TOKENS.slice(0, 4), 'the chunks before the error were delivered');
  });

  test('a line that is not JSON: MalformedStreamError after the valid lines before it', async () => {
    await standin.setFaults([{ kind: 'malformedLine', afterChunks: 5, times: 1 }]);
    const texts: string[] = [];
    const err = await failure(
      (async () => {
        for await (const event of model.generate(ask('x'), new AbortController().signal)) {
          if (event.type === 'chunk') texts.push(event.text);
        }
      })(),
    );
    assert.ok(err instanceof MalformedStreamError, String(err));
    assert.match(err.message, /not valid JSON \("\{"model": this line is not JSON"\)/);
    assert.deepEqual(texts, TOKENS.slice(0, 5));
    await closed();
  });

  test('503 "server busy" is retried with backoff until it succeeds', async () => {
    await standin.setFaults([{ kind: 'queueFull', times: 2 }]);
    const rejectedBefore = standin.stats().rejectedQueueFull;
    const generation = await run(model, ask('x'));
    assert.equal(generation.text, FULL_TEXT);
    assert.equal(standin.stats().rejectedQueueFull - rejectedBefore, 2);
  });

  test('503 that persists is reported after the configured attempts', async () => {
    await standin.setFaults([{ kind: 'queueFull' }]);
    const rejectedBefore = standin.stats().rejectedQueueFull;
    const err = await failure(run(model, ask('x')));
    assert.ok(err instanceof ServerBusyError, String(err));
    assert.equal(err.attempts, 4);
    assert.equal(standin.stats().rejectedQueueFull - rejectedBefore, 4);
    assert.match(err.message, /busy: too many requests are waiting for a model to load \(HTTP 503\), still after 4 attempts/);
  });

  test('the server going away (refuse): ServerNotRunningError; it works again once back', async () => {
    await standin.setFaults([{ kind: 'refuse' }]);
    const err = await failure(run(model, ask('x')));
    assert.ok(err instanceof ServerNotRunningError, String(err));
    await standin.setFaults([]);
    assert.equal((await run(model, ask('x'))).text, FULL_TEXT);
  });
});

test('nothing listening at the address: ServerNotRunningError naming the host and `ollama serve`', async () => {
  const port = await unusedPort();
  const model = new OllamaModel({ host: `127.0.0.1:${port}`, model: 'qwen2.5:1.5b' });
  try {
    const err = await failure(run(model, ask('x')));
    assert.ok(err instanceof ServerNotRunningError, String(err));
    assert.equal(err.retryable, false);
    assert.match(err.message, new RegExp(`Cannot reach Ollama at http://127\\.0\\.0\\.1:${port}`));
    assert.match(err.message, /`ollama serve`/);
    assert.match(err.message, /https:\/\/ollama\.com\/download/);
    const lookup = await failure(model.capabilities(new AbortController().signal));
    assert.ok(lookup instanceof ServerNotRunningError, 'metadata calls report it the same way');
  } finally {
    await model.close();
  }
});
