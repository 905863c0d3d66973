// Every failure a user can act on comes back as a PonderError, and the server goes on serving.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { MODELS_METHOD } from '../../../src/protocol/lsp';
import type { ModelsResult, SolveParams } from '../../../src/protocol/lsp';
import type { Standin } from '../../../src/standin';
import { DEFAULT_MODELS, startStandin } from '../../../src/standin';
import { ServerHarness, until } from './harness';

const PROBLEM: SolveParams = { problem: 'What is 9 + 10?', mode: 'fixed', strategy: 'majority', samples: 2 };
/** A model trained for a short context: Ollama caps num_ctx at it whatever ponder.contextLength says. */
const SHORT_CONTEXT = { ...DEFAULT_MODELS[0]!, name: 'short:0.5b', contextLength: 1024 };

describe('error paths of ponder/solve', () => {
  let standin: Standin;
  let downHost: string;
  let server: ServerHarness;
  before(async () => {
    const gone = await startStandin();
    downHost = gone.url;
    await gone.close();
    standin = await startStandin({ parallel: 2, models: [...DEFAULT_MODELS, SHORT_CONTEXT] });
    server = await ServerHarness.start({ ollamaHost: standin.url });
  });
  after(async () => {
    await server.close();
    await standin.close();
  });

  /** The server still solves after a failure. */
  async function stillServes(): Promise<void> {
    await server.configure({ ollamaHost: standin.url });
    const result = await server.solve(PROBLEM);
    assert.equal(result.error, undefined, result.error?.message);
    assert.equal(result.answer, '19');
  }

  test('Ollama not running: server-not-running with the host, for solve and for models', async () => {
    await server.configure({ ollamaHost: downHost });
    const result = await server.solve(PROBLEM);
    assert.equal(result.error?.kind, 'server-not-running', result.error?.message);
    assert.equal(result.error.host, downHost);
    assert.ok(result.error.message.includes(downHost));
    const models = await server.request<ModelsResult>(MODELS_METHOD, {});
    assert.equal(models.version, null);
    assert.deepEqual(models.models, []);
    assert.equal(models.error?.kind, 'server-not-running');
    await stillServes();
  });

  test('a problem longer than the model\'s trained context (from /api/show) is refused before solving', async () => {
    await server.configure({ ollamaHost: standin.url, model: SHORT_CONTEXT.name, contextLength: 8192 });
    const before = standin.stats().generationsStarted;
    const problem = `${'Count the apples in every basket and add them up. '.repeat(90)}How many apples are there?`;
    const result = await server.solve({ ...PROBLEM, problem });
    assert.equal(result.error?.kind, 'context-too-small', result.error?.message);
    assert.match(result.error.message, /"short:0\.5b" was trained for a context of 1024 tokens/);
    assert.equal(standin.stats().generationsStarted, before, 'nothing was sent');
    await server.configure({ model: 'qwen2.5:1.5b' });
    await stillServes();
  });

  test('unknown model: model-not-found naming the model', async () => {
    await server.configure({ ollamaHost: standin.url, model: 'nosuch:7b' });
    const result = await server.solve(PROBLEM);
    assert.equal(result.error?.kind, 'model-not-found', result.error?.message);
    assert.equal(result.error.model, 'nosuch:7b');
    await stillServes();
  });

  test('a full queue: server-busy; a model that fails to load: model-failed', async () => {
    await server.configure({ ollamaHost: standin.url });
    await standin.setFaults([{ kind: 'queueFull' }]);
    const busy = await server.solve(PROBLEM);
    assert.equal(busy.error?.kind, 'server-busy', busy.error?.message);
    assert.equal(busy.error.host, standin.url);
    await standin.setFaults([{ kind: 'error500Before', message: 'model requires more system memory' }]);
    const failing = await server.solve(PROBLEM);
    assert.equal(failing.error?.kind, 'model-failed', failing.error?.message);
    assert.match(failing.error.message, /more system memory/);
    await standin.setFaults([]);
    await stillServes();
  });

  test('context too small: suggests a length and sends no request', async () => {
    await server.configure({ ollamaHost: standin.url, contextLength: 1024 });
    const before = standin.stats().totalRequests;
    const long = `What is 1 + 1? ${'Some context. '.repeat(400)}`;
    const result = await server.solve({ ...PROBLEM, problem: long });
    assert.equal(result.error?.kind, 'context-too-small');
    assert.ok((result.error.suggestedContextLength ?? 0) >= long.length / 4 + 512);
    assert.equal(standin.stats().totalRequests, before, 'no request reached the stand-in');
    await stillServes();
  });

  test('empty, whitespace and binary problems and malformed params: bad-input', async () => {
    for (const problem of ['', '   \n\t ', '\u0000\u0001\u0002\u0003\ufffd\ufffd']) {
      const result = await server.solve({ ...PROBLEM, problem });
      assert.equal(result.error?.kind, 'bad-input', JSON.stringify(problem));
    }
    const unknownStrategy = await server.solve({ ...PROBLEM, strategy: 'telepathy' });
    assert.equal(unknownStrategy.error?.kind, 'bad-input');
    assert.match(unknownStrategy.error.message, /weighted/);
    const malformed = await server.request<{ error?: { kind: string } }>('ponder/solve', { problem: 42 });
    assert.equal(malformed.error?.kind, 'bad-input');
    await stillServes();
  });

  test('invalid settings and an unreadable policy file are reported as warnings', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ponder-policy-'));
    try {
      const file = join(dir, 'policy.json');
      await writeFile(file, '{ not json');
      await server.configure({ ollamaHost: standin.url, fixedSamples: -3, policyFile: file });
      await until(() => server.warnings.length >= 2, 5000, 'warnings');
      assert.ok(server.warnings.some((w) => /ponder\.fixedSamples must be between 1 and 256/.test(w.message)));
      assert.ok(server.warnings.some((w) => w.message.includes('ponder.policyFile') && w.message.includes('not valid JSON')));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    await stillServes();
  });
});

describe('a server without log-probabilities', () => {
  let standin: Standin;
  let server: ServerHarness;
  before(async () => {
    standin = await startStandin({ version: '0.12.3', parallel: 2 });
    server = await ServerHarness.start({ ollamaHost: standin.url, parallelRequests: 2 });
  });
  after(async () => {
    await server.close();
    await standin.close();
  });

  test('warns once per session that the verifier uses the sampled fallback', async () => {
    for (let i = 0; i < 2; i += 1) {
      const result = await server.solve({ problem: 'What is 5 * 5?', mode: 'fixed', strategy: 'weighted', samples: 2 });
      assert.equal(result.error, undefined, result.error?.message);
      assert.equal(result.answer, '25');
    }
    const sampled = server.warnings.filter((w) => /log-probabilities/.test(w.message));
    assert.equal(sampled.length, 1);
  });
});
