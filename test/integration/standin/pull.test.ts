// POST /api/pull: streamed progress, errors mid-stream, stream:false, cancellation and resumption.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Ollama } from 'ollama';
import type { Standin } from '../../../src/standin';
import { startStandin } from '../../../src/standin';
import type { Json } from './helpers';
import { postJson, readNdjson, scriptedBackend, wordTokenize } from './helpers';

describe('stand-in: /api/pull', () => {
  let standin: Standin;
  before(async () => {
    standin = await startStandin({
      respond: scriptedBackend(),
      tokenize: wordTokenize,
      pullTickMs: 2,
      pullBytesPerSecond: 100e9, // 200 MB per tick: a 1 GB model takes a handful of ticks
      registry: [
        { name: 'qwen2-math:1.5b', family: 'qwen2', parameterSize: '1.5B', quantization: 'Q4_0', sizeBytes: 934_964_032, capabilities: ['completion'], contextLength: 4096 },
        { name: 'slow:7b', family: 'llama', parameterSize: '7B', quantization: 'Q4_0', sizeBytes: 4e12, capabilities: ['completion'], contextLength: 8192 },
      ],
    });
  });
  after(() => standin.close());

  test('streams the statuses Ollama sends, in order, and the model is listed afterwards', async () => {
    const response = await postJson(`${standin.url}/api/pull`, { model: 'qwen2-math:1.5b' });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/x-ndjson');
    const { lines } = await readNdjson(response);
    const statuses = lines.map((l) => l.status as string);
    assert.equal(statuses[0], 'pulling manifest');
    assert.deepEqual(statuses.slice(-4), ['verifying sha256 digest', 'writing manifest', 'removing any unused layers', 'success']);
    const layers = lines.filter((l) => typeof l.digest === 'string');
    assert.ok(layers.length > 5);
    for (const line of layers) {
      assert.match(line.digest as string, /^sha256:[0-9a-f]{64}$/);
      assert.equal(line.status, `pulling ${(line.digest as string).slice(7, 19)}`);
      assert.equal(typeof line.total, 'number');
    }
    const weights = layers.filter((l) => l.digest === layers[0]!.digest);
    assert.ok(!('completed' in weights[0]!), 'completed is omitted before the first bytes');
    const completed = weights.slice(1).map((l) => l.completed as number);
    assert.deepEqual(completed, [...completed].sort((a, b) => a - b), 'progress only grows');
    assert.equal(completed.at(-1), weights[0]!.total);

    const ollama = new Ollama({ host: standin.url });
    assert.ok((await ollama.list()).models.some((m) => m.name === 'qwen2-math:1.5b'));
    const reply = await ollama.generate({ model: 'qwen2-math:1.5b', prompt: 'x' });
    assert.equal(reply.done, true);
  });

  test('an unknown model fails mid-stream with status 200; stream:false answers 500', async () => {
    const response = await postJson(`${standin.url}/api/pull`, { model: 'no-such-model' });
    assert.equal(response.status, 200);
    const { lines } = await readNdjson(response);
    assert.deepEqual(lines, [{ status: 'pulling manifest' }, { error: 'pull model manifest: file does not exist' }]);

    const single = await postJson(`${standin.url}/api/pull`, { model: 'no-such-model', stream: false });
    assert.equal(single.status, 500);
    assert.deepEqual(await single.json(), { error: 'pull model manifest: file does not exist' });

    const ollama = new Ollama({ host: standin.url });
    const stream = await ollama.pull({ model: 'no-such-model', stream: true });
    await assert.rejects(async () => {
      for await (const _ of stream) {
        // the error line throws
      }
    }, /pull model manifest: file does not exist/);
  });

  test('stream:false sends one {"status":"success"} object', async () => {
    const response = await postJson(`${standin.url}/api/pull`, { name: 'qwen2.5:1.5b', stream: false });
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    assert.deepEqual(await response.json(), { status: 'success' });
    const ollama = new Ollama({ host: standin.url });
    assert.deepEqual(await ollama.pull({ model: 'qwen2.5:1.5b' }), { status: 'success' });
  });

  test('a missing name is a 400', async () => {
    const response = await postJson(`${standin.url}/api/pull`, {});
    assert.equal(response.status, 400);
    assert.deepEqual(await response.json(), { error: 'invalid model name' });
  });

  test('aborting a pull stops it at the server; the model is not installed and the next pull resumes', async () => {
    const ollama = new Ollama({ host: standin.url });
    const stream = await ollama.pull({ model: 'slow:7b', stream: true });
    let progress: Json | undefined;
    await assert.rejects(async () => {
      for await (const part of stream) {
        if ((part.completed ?? 0) > 0) {
          progress = part as unknown as Json;
          stream.abort();
        }
      }
    }, (err: Error) => err.name === 'AbortError');
    await standin.waitFor((s) => s.pullsAborted === 1 && s.openRequests === 0, 200);
    assert.ok(progress);
    assert.ok(!(await ollama.list()).models.some((m) => m.name === 'slow:7b'));

    const resumed = await ollama.pull({ model: 'slow:7b', stream: true });
    let first: Json | undefined;
    for await (const part of resumed) {
      if (part.digest === progress.digest) {
        first = part as unknown as Json;
        resumed.abort();
        break;
      }
    }
    assert.ok((first?.completed as number) >= (progress.completed as number), 'the downloaded bytes were kept');
    await standin.waitFor((s) => s.openRequests === 0, 200);
  });
});
