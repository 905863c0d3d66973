// A server that returns no log-probabilities (the stand-in with `logprobs: false`, as LM Studio's chat
// completions: the request is accepted, every choice carries `logprobs: null`). The backend's probe says
// so, the judge falls back to sampled judgements, and the result, the tree and the language server's
// warning say which verifier ran and why.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OpenAIModel } from '../../../src/engine/model/openai';
import { solve } from '../../../src/engine/solve';
import { GET_RUN_METHOD } from '../../../src/protocol/lsp';
import { startStandin } from '../../../src/standin';
import type { Standin } from '../../../src/standin';
import { ServerHarness } from '../server/harness';

const PROBLEM = 'What is (17*23)+5-9?';

describe('an OpenAI-compatible server without log-probabilities', () => {
  let standin: Standin;
  let model: OpenAIModel;
  before(async () => {
    standin = await startStandin({ dialect: 'openai', parallel: 4, logprobs: false });
    model = new OpenAIModel({ baseUrl: `${standin.url}/v1`, model: 'qwen2.5:1.5b', slots: 4 });
  });
  after(async () => {
    await model.close();
    await standin.close();
  });

  test('the request asking for them is answered without them, and the probe reports none', async () => {
    let logprobs = 0;
    let text = '';
    for await (const event of model.generate({ messages: [{ role: 'user', content: PROBLEM }], temperature: 0.8, seed: 1, maxTokens: 200, logprobs: true, topLogprobs: 5 }, new AbortController().signal)) {
      if (event.type === 'done') break;
      text += event.text;
      logprobs += event.logprobs.length;
    }
    assert.ok(text.length > 0);
    assert.equal(logprobs, 0);
    assert.equal((await model.capabilities(new AbortController().signal)).logprobs, false);
  });

  test('weighted best-of-N falls back to the sampled judge, and the result and the tree say so', async () => {
    const result = await solve(PROBLEM, { model, strategy: 'weighted', samples: 4, parallelism: 4, seed: 2 }, new AbortController().signal);
    assert.equal(result.answer, '387');
    assert.equal(result.verifier?.method, 'sampled');
    assert.match(result.verifier?.description ?? '', /^sampled judge, \d+ votes per step/);
    const decisions = result.tree.decisions.map((d) => d.message);
    assert.ok(decisions.some((m) => m.startsWith('verifier: sampled judge')), decisions.join('\n'));
    // The sampled judge draws several short judgements per step: the verifier generated tokens.
    assert.ok(result.usageByPurpose.verifier.generatedTokens > 0);
  });

  test('through the language server: the result names the sampled judge and the warning names the server, not Ollama', async () => {
    const server = await ServerHarness.start({ backend: 'openai', openaiBaseUrl: `${standin.url}/v1`, model: 'qwen2.5:1.5b', parallelRequests: 4 });
    try {
      const result = await server.solve({ problem: PROBLEM, mode: 'fixed', strategy: 'weighted', samples: 4 });
      assert.equal(result.error, undefined, result.error?.message);
      assert.equal(result.answer, '387');
      assert.equal(result.verifier?.method, 'sampled');
      const tree = JSON.stringify(await server.request<unknown>(GET_RUN_METHOD, { runId: result.runId }));
      assert.match(tree, /verifier: sampled judge/);
      const warning = server.warnings.map((w) => w.message).find((m) => /log-probabilities/.test(m));
      assert.ok(warning, JSON.stringify(server.warnings));
      assert.match(warning, new RegExp(`${standin.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/v1`));
      assert.match(warning, /vLLM/);
      assert.doesNotMatch(warning, /Update Ollama/);
    } finally {
      await server.close();
    }
  });
});
