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
