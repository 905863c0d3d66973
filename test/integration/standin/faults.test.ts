// Every fault, seen by plain fetch and by the real ollama client, and how faults are scoped.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Ollama } from 'ollama';
import type { Standin } from '../../../src/standin';
import { DEFAULT_VERSION, startStandin } from '../../../src/standin';
import type { Json } from './helpers';
import { isSettled, lineReader, longBackend, postJson, readNdjson, wordTokenize } from './helpers';

const body = { model: 'qwen2.5:1.5b', prompt: 'go' };

async function drain(stream: AsyncIterable<unknown>): Promise<number> {
  let count = 0;
  for await (const _ of stream) count += 1;
  return count;
}

describe('stand-in: faults', () => {
  let standin: Standin;
  let ollama: Ollama;
  before(async () => {
    standin = await startStandin({ parallel: 4, tokenLatencyMs: 1, respond: longBackend(12), tokenize: wordTokenize });
    ollama = new Ollama({ host: standin.url });
  });
  after(() => standin.close());
  const generate = (extra: Json = {}, init: RequestInit = {}): Promise<Response> =>
    postJson(`${standin.url}/api/generate`, { ...body, ...extra }, init);

  test('refuse: connections are refused until the fault is cleared', async () => {
    await standin.setFaults([{ kind: 'refuse' }]);
    await assert.rejects(fetch(`${standin.url}/api/version`), (err: Error & { cause?: { code?: string } }) => {
      assert.equal(err.cause?.code, 'ECONNREFUSED');
      return true;
    });
    await assert.rejects(ollama.version(), (err: Error & { cause?: { code?: string } }) => err.cause?.code === 'ECONNREFUSED');
    await standin.setFaults([]);
    assert.deepEqual(await ollama.version(), { version: DEFAULT_VERSION });
  });

  test('stallBeforeHeaders: accepted, never answered, until the client gives up', async () => {
    await standin.setFaults([{ kind: 'stallBeforeHeaders', times: 1 }]);
    const controller = new AbortController();
    const pending = generate({}, { signal: controller.signal });
    await standin.waitFor((s) => s.faultsFired.stallBeforeHeaders === 1 && s.openRequests === 1);
    assert.equal(await isSettled(pending), false);
    controller.abort();
    await assert.rejects(pending, (err: Error) => err.name === 'AbortError');
    await standin.waitFor((s) => s.openRequests === 0, 200);
    assert.equal((await (await generate({ stream: false })).json() as Json).done, true, 'times: 1 — the next request is fine');
  });

  test('stallMidStream: some chunks, then silence with the connection open and the slot held', async () => {
    await standin.setFaults([{ kind: 'stallMidStream', afterChunks: 2, times: 1 }]);
    const before = standin.stats().tokensGenerated;
    const controller = new AbortController();
    const response = await generate({}, { signal: controller.signal });
    const reader = lineReader(response);
    assert.equal((await reader.next())?.done, false);
    assert.equal((await reader.next())?.done, false);
    const third = reader.next();
    // The fault is counted when the request is assigned it; the stall itself comes with the third token.
    await standin.waitFor((s) => s.faultsFired.stallMidStream === 1 && s.activeGenerations === 1 && s.tokensGenerated === before + 3);
    const generated = standin.stats().tokensGenerated;
    assert.equal(await isSettled(third), false);
    assert.equal(standin.stats().tokensGenerated, generated, 'nothing more is generated');
    controller.abort();
    await assert.rejects(third);
    await standin.waitFor((s) => s.openRequests === 0 && s.activeGenerations === 0, 200);
  });

  test('dropMidStream: the socket is destroyed after k chunks', async () => {
    await standin.setFaults([{ kind: 'dropMidStream', afterChunks: 3, times: 2 }]);
    const response = await generate();
    assert.equal(response.status, 200);
    const reader = lineReader(response);
    for (let i = 0; i < 3; i++) assert.equal((await reader.next())?.done, false);
    await assert.rejects(reader.next());
    const stream = await ollama.generate({ ...body, stream: true });
    await assert.rejects(drain(stream));
    await standin.waitFor((s) => s.openRequests === 0, 200);
  });

  test('error500Before: a 500 with an error body before anything is streamed', async () => {
    await standin.setFaults([{ kind: 'error500Before', message: 'model runner crashed', times: 2 }]);
    const response = await generate();
    assert.equal(response.status, 500);
    assert.deepEqual(await response.json(), { error: 'model runner crashed' });
    await assert.rejects(ollama.generate({ ...body, stream: true }), (err: Error & { status_code?: number }) => {
      assert.equal(err.name, 'ResponseError');
      assert.equal(err.status_code, 500);
      assert.equal(err.message, 'model runner crashed');
      return true;
    });
  });

  test('error500During: an {"error"} line mid-stream with status 200; non-streamed it is a 500', async () => {
    await standin.setFaults([{ kind: 'error500During', afterChunks: 2, message: 'out of memory', times: 3 }]);
    const response = await generate();
    assert.equal(response.status, 200);
    const { lines } = await readNdjson(response);
    assert.equal(lines.length, 3);
    assert.deepEqual(lines[2], { error: 'out of memory' });
    const stream = await ollama.generate({ ...body, stream: true });
    await assert.rejects(drain(stream), (err: Error & { status_code?: number }) => {
      assert.equal(err.message, 'out of memory');
      assert.equal(err.status_code, undefined, 'a mid-stream error is a plain Error');
      return true;
    });
    const single = await generate({ stream: false });
    assert.equal(single.status, 500);
    assert.deepEqual(await single.json(), { error: 'out of memory' });
  });

  test('malformedLine: a line that is not JSON, then the stream goes on to done', async () => {
    await standin.setFaults([{ kind: 'malformedLine', afterChunks: 1, times: 2 }]);
    const text = await (await generate()).text();
    const lines = text.split('\n').filter((l) => l !== '');
    assert.throws(() => JSON.parse(lines[1]!) as unknown);
    assert.equal((JSON.parse(lines.at(-1)!) as Json).done, true);
    const warn = console.warn;
    const warnings: unknown[] = [];
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      const stream = await ollama.generate({ ...body, stream: true });
      assert.equal(await drain(stream), 13, 'ollama-js skips the bad line');
    } finally {
      console.warn = warn;
    }
    assert.equal(warnings.length, 1);
  });

  test('queueFull: 503 at once', async () => {
    await standin.setFaults([{ kind: 'queueFull', times: 1 }]);
    const response = await generate();
    assert.equal(response.status, 503);
    assert.deepEqual(await response.json(), { error: 'server busy, please try again.  maximum pending requests exceeded' });
  });

  test('endWithoutDone: the stream ends cleanly without the done chunk', async () => {
    await standin.setFaults([{ kind: 'endWithoutDone', times: 2 }]);
    const { lines } = await readNdjson(await generate());
    assert.equal(lines.length, 12);
    assert.ok(lines.every((l) => l.done === false));
    const stream = await ollama.generate({ ...body, stream: true });
    await assert.rejects(drain(stream), /Did not receive done or success response in stream/);
  });

  test('faults can be limited to one model and to other paths', async () => {
    await standin.setFaults([
      { kind: 'queueFull', model: 'Qwen3:1.7B', times: 1 },
      { kind: 'error500Before', model: 'qwen2.5:1.5b', paths: ['/api/chat'] },
      { kind: 'error500Before', paths: ['/api/tags'], message: 'disk error' },
    ]);
    assert.equal((await generate()).status, 200);
    assert.equal((await postJson(`${standin.url}/api/generate`, { model: 'qwen3:1.7b', prompt: 'x' })).status, 503);
    assert.equal((await postJson(`${standin.url}/api/generate`, { model: 'qwen3:1.7b', prompt: 'x', stream: false })).status, 200, 'times: 1');
    assert.equal((await postJson(`${standin.url}/api/chat`, { model: 'qwen2.5:1.5b', messages: [{ role: 'user', content: 'x' }] })).status, 500);
    const tags = await fetch(`${standin.url}/api/tags`);
    assert.equal(tags.status, 500);
    assert.deepEqual(await tags.json(), { error: 'disk error' });
    await standin.setFaults([]);
  });

  test('a refusing stand-in can be started that way, and closes cleanly', async () => {
    const refusing = await startStandin({ faults: [{ kind: 'refuse' }], respond: longBackend(1), tokenize: wordTokenize });
    try {
      await assert.rejects(fetch(`${refusing.url}/`), (err: Error & { cause?: { code?: string } }) => err.cause?.code === 'ECONNREFUSED');
    } finally {
      await refusing.close();
    }
  });
});
