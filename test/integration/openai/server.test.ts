// The language server with `ponder.backend: openai`: the API key arrives by notification (as the
// extension sends it from secret storage), solves go to the OpenAI-compatible server, the model picker
// lists its models, and the key appears in no result, tree, warning or log line.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { API_KEY_NOTIFICATION, GET_RUN_METHOD, MODELS_METHOD } from '../../../src/protocol/lsp';
import type { ModelsResult } from '../../../src/protocol/lsp';
import { startStandin } from '../../../src/standin';
import type { Standin } from '../../../src/standin';
import { ServerHarness } from '../server/harness';

const KEY = 'sk-lsp-planted-8d2f6b1a9c';

describe('language server on an OpenAI-compatible backend', () => {
  let standin: Standin;
  let server: ServerHarness;
  before(async () => {
    standin = await startStandin({ dialect: 'openai', parallel: 3, apiKey: KEY });
    server = await ServerHarness.start({ backend: 'openai', openaiBaseUrl: `${standin.url}/v1`, model: 'qwen2.5:1.5b', parallelRequests: 3 });
  });
  after(async () => {
    await server.close();
    await standin.close();
  });

  test('without the key the solve fails with the auth error; with it, it answers', async () => {
    const refused = await server.solve({ problem: 'What is 9 + 10?', mode: 'fixed', strategy: 'majority', samples: 3 });
    assert.match(refused.error?.message ?? '', /refused Ponder's API key/);
    await server.notify(API_KEY_NOTIFICATION, { key: KEY });
    const result = await server.solve({ problem: 'What is 9 + 10?', mode: 'fixed', strategy: 'majority', samples: 3 });
    assert.equal(result.error, undefined, result.error?.message);
    assert.equal(result.answer, '19');
    const tree = await server.request<unknown>(GET_RUN_METHOD, { runId: result.runId });
    const models = await server.request<ModelsResult>(MODELS_METHOD, {});
    assert.equal(models.version, 'vLLM');
    assert.ok(models.models.some((m) => m.name === 'qwen2.5:1.5b'));
    const everything = JSON.stringify([refused, result, tree, models, server.warnings, server.log]);
    assert.ok(!everything.includes(KEY), 'the key is in no result, tree, model list, warning or log line');
  });
});

describe('language server: several OpenAI-compatible addresses and a trained PRM from the settings', () => {
  let gen1: Standin;
  let gen2: Standin;
  let prm: Standin;
  let server: ServerHarness;
  before(async () => {
    [gen1, gen2, prm] = await Promise.all([
      startStandin({ dialect: 'openai', parallel: 2, apiKey: KEY }),
      startStandin({ dialect: 'openai', parallel: 2, apiKey: KEY }),
      startStandin({ dialect: 'openai', parallel: 1, apiKey: KEY }),
    ]);
    server = await ServerHarness.start({
      backend: 'openai',
      openaiBaseUrl: `${gen1.url}/v1, ${gen2.url}/v1`,
      model: 'qwen2.5:1.5b',
      parallelRequests: 2,
      verifier: 'prm',
      verifierBaseUrl: `${prm.url}/v1`,
      verifierModel: 'Qwen/Qwen2.5-Math-PRM-7B',
    });
    await server.notify(API_KEY_NOTIFICATION, { key: KEY });
  });
  after(async () => {
    await server.close();
    await Promise.all([gen1.close(), gen2.close(), prm.close()]);
  });

  test('the chains are drawn from both addresses and scored by the PRM at its own address, and the result says so', async () => {
    const result = await server.solve({ problem: 'What is (17*23)+5-9?', mode: 'fixed', strategy: 'weighted', samples: 8 });
    assert.equal(result.error, undefined, result.error?.message);
    assert.equal(result.answer, '387');
    assert.deepEqual(result.verifier, { method: 'prm', description: 'process reward model (Qwen/Qwen2.5-Math-PRM-7B)' });
    assert.ok(gen1.stats().generationsStarted > 0 && gen2.stats().generationsStarted > 0, 'both addresses served chains');
    // Eight chains, and the one-token request that asks the first address whether it returns log-probabilities.
    assert.equal(gen1.stats().generationsStarted + gen2.stats().generationsStarted, 9);
    // The PRM's server generated nothing: it answered /pooling, one request per chain.
    assert.equal(prm.stats().generationsStarted, 0);
    assert.ok(prm.stats().totalRequests >= 1 && prm.stats().totalRequests <= 8, `${prm.stats().totalRequests} PRM requests`);
    const tree = JSON.stringify(await server.request<unknown>(GET_RUN_METHOD, { runId: result.runId }));
    assert.match(tree, /\(PRM\)/, 'the tree shows per-step PRM scores');
    assert.match(tree, /verifier: process reward model/);
    assert.equal(result.model?.host, `${gen1.url}/v1, ${gen2.url}/v1`);
    assert.ok(!JSON.stringify([result, tree, server.warnings, server.log]).includes(KEY));
  });

  test('the judge again when ponder.verifier is judge: no request reaches the PRM address', async () => {
    const before = prm.stats().totalRequests;
    await server.configure({ backend: 'openai', openaiBaseUrl: `${gen1.url}/v1, ${gen2.url}/v1`, model: 'qwen2.5:1.5b', parallelRequests: 2, verifierBaseUrl: `${prm.url}/v1` });
    const result = await server.solve({ problem: 'What is 9 + 10?', mode: 'fixed', strategy: 'weighted', samples: 2 });
    assert.equal(result.error, undefined, result.error?.message);
    assert.equal(result.answer, '19');
    assert.equal(result.verifier?.method, 'logprobs');
    assert.equal(prm.stats().totalRequests, before);
  });
});
