// ponder/models and ponder/pull against the stand-in: the installed models with what they can do, a pull
// with progress, and a cancelled pull that really ends the download.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MODELS_METHOD, PULL_METHOD } from '../../../src/protocol/lsp';
import type { ModelsResult, PullResult } from '../../../src/protocol/lsp';
import type { Standin } from '../../../src/standin';
import { DEFAULT_VERSION, startStandin } from '../../../src/standin';
import { CancellationTokenSource, ServerHarness, until } from './harness';

describe('ponder/models and ponder/pull', () => {
  let standin: Standin;
  let server: ServerHarness;
  before(async () => {
    standin = await startStandin({
      pullTickMs: 5,
      pullBytesPerSecond: 2e9, // about half a second for the 935 MB model: several throttled progress reports
      registry: [
        { name: 'qwen2-math:1.5b', family: 'qwen2', parameterSize: '1.5B', quantization: 'Q4_0', sizeBytes: 934_964_032, capabilities: ['completion'], contextLength: 4096 },
        { name: 'slow:7b', family: 'llama', parameterSize: '7B', quantization: 'Q4_0', sizeBytes: 4e13, capabilities: ['completion'], contextLength: 8192 },
      ],
    });
    server = await ServerHarness.start({ ollamaHost: standin.url });
  });
  after(async () => {
    await server.close();
    await standin.close();
  });

  test('lists the installed models with sizes and capabilities, and whether log-probabilities work', async () => {
    const result = await server.request<ModelsResult>(MODELS_METHOD, {});
    assert.equal(result.error, undefined);
    assert.equal(result.host, standin.url);
    assert.equal(result.version, DEFAULT_VERSION);
    assert.equal(result.logprobs, true);
    const byName = new Map(result.models.map((m) => [m.name, m]));
    const qwen3 = byName.get('qwen3:1.7b');
    assert.equal(qwen3?.thinking, true);
    const qwen25 = byName.get('qwen2.5:1.5b');
    assert.equal(qwen25?.thinking, false);
    assert.ok((qwen25?.sizeBytes ?? 0) > 0);
    assert.notEqual(qwen25?.family, '');
    assert.match(qwen25?.parameterSize ?? '', /B$/);
    assert.notEqual(qwen25?.quantization, '');
    // Without params, too (LSP allows a request without them).
    assert.equal((await server.request<ModelsResult>(MODELS_METHOD)).models.length, result.models.length);
  });

  test('pulls a model with work-done progress in bytes and percent', async () => {
    const workDoneToken = server.newToken();
    const result = await server.request<PullResult>(PULL_METHOD, { model: 'qwen2-math:1.5b', workDoneToken });
    assert.deepEqual(result, { ok: true });
    const progress = server.progressOf(workDoneToken);
    assert.equal(progress[0]?.value.kind, 'begin');
    assert.equal(progress.at(-1)?.value.kind, 'end');
    const reports = progress.filter((p) => p.value.kind === 'report');
    assert.ok(reports.some((r) => /^pulling [0-9a-f]{12}: [\d.]+ [kMG]?B \/ [\d.]+ [kMG]?B$/.test(r.value.message ?? '') && (r.value.percentage ?? 0) > 0));
    assert.equal(reports.at(-1)?.value.message, 'success');
    const models = await server.request<ModelsResult>(MODELS_METHOD, {});
    assert.ok(models.models.some((m) => m.name === 'qwen2-math:1.5b'));
  });

  test('cancelling a pull stops the download at the server', async () => {
    const cancel = new CancellationTokenSource();
    const pending = server.request<PullResult>(PULL_METHOD, { model: 'slow:7b' }, cancel);
    await until(() => standin.stats().pullsStarted >= 2, 5000, 'the pull to start');
    cancel.cancel();
    assert.deepEqual(await pending, { ok: false });
    await standin.waitFor((s) => s.pullsAborted === 1 && s.openRequests === 0);
    cancel.dispose();
  });

  test('an unknown model and a bad name fail with actionable errors', async () => {
    const unknown = await server.request<PullResult>(PULL_METHOD, { model: 'nosuch:1b' });
    assert.equal(unknown.ok, false);
    assert.equal(unknown.error?.model, 'nosuch:1b');
    const bad = await server.request<PullResult>(PULL_METHOD, { model: '../etc; rm' });
    assert.equal(bad.error?.kind, 'bad-input');
  });
});
