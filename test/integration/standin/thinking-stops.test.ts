// Stop strings and thinking models. Ollama matches stop strings on everything the model writes, its trace
// included (runner/ollamarunner/runner.go v0.13.0; llm/llama_server.go v0.33.0-rc2), and vLLM on its
// detokenized output before the reasoning parser (vllm/v1/engine/detokenizer.py @ 001999d2): the stand-in does the same,
// so a step's "\n\n" sent with a thinking request ends the trace at its first blank line. Ponder therefore
// sends a thinking request without its stops and holds the answer to them itself; these tests show both.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { collectGeneration } from '../../../src/engine/model/collect';
import { OllamaModel } from '../../../src/engine/model/ollama';
import { OpenAIModel } from '../../../src/engine/model/openai';
import type { SimRequest, SimToken } from '../../../src/engine/model/sim/types';
import type { GenerationRequest } from '../../../src/engine/model/types';
import { startStandin } from '../../../src/standin';
import type { Standin } from '../../../src/standin';
import { stopOnRawText } from '../../../src/standin/raw-stops';

function token(text: string, thinking: boolean): SimToken {
  return { text, logprob: -0.1, top: [], thinking };
}

/** Thinks in two paragraphs, then writes two steps. */
function respond(request: SimRequest): { tokens: SimToken[]; doneReason: 'stop' } {
  const trace = request.think ? [token('First I add.', true), token('\n\n', true), token('Then I check.', true)] : [];
  return { tokens: [...trace, token('Step one.', false), token('\n\n', false), token('Step two.', false)], doneReason: 'stop' };
}

const CLOSE = '\n</think>\n\n';

describe('stop strings in the raw text of a thinking model (stopOnRawText)', () => {
  const response = respond({ think: true } as SimRequest);
  const texts = (r: { tokens: readonly SimToken[] }): [string, string] => [
    r.tokens.filter((t) => t.thinking).map((t) => t.text).join(''),
    r.tokens.filter((t) => !t.thinking).map((t) => t.text).join(''),
  ];

  test('a stop in the trace ends it there, with no answer', () => {
    const cut = stopOnRawText(response, ['\n\n'], CLOSE);
    assert.deepEqual(texts(cut), ['First I add.', '']);
    assert.equal(cut.doneReason, 'stop');
  });

  test('a stop only in the closing sequence keeps the whole trace and no answer', () => {
    const noBlank = { ...response, tokens: response.tokens.map((t) => (t.thinking && t.text === '\n\n' ? token(' ', true) : t)) };
    assert.deepEqual(texts(stopOnRawText(noBlank, ['\n\n'], CLOSE)), ['First I add. Then I check.', '']);
  });

  test('a stop in the answer cuts the answer, as for a model that does not think', () => {
    assert.deepEqual(texts(stopOnRawText(response, ['Step two'], CLOSE)), ['First I add.\n\nThen I check.', 'Step one.\n\n']);
    assert.equal(stopOnRawText(response, ['nowhere'], CLOSE), response);
  });
});

describe('a thinking request with a step stop, through the stand-in', () => {
  let ollama: Standin;
  let vllm: Standin;
  before(async () => {
    ollama = await startStandin({ respond });
    vllm = await startStandin({ respond, dialect: 'openai' });
  });
  after(async () => {
    await ollama.close();
    await vllm.close();
  });

  test('sent as is to /api/chat, the stop ends the trace at its first blank line (as real Ollama does)', async () => {
    const res = await fetch(`${ollama.url}/api/chat`, {
      method: 'POST',
      body: JSON.stringify({ model: 'qwen3:1.7b', stream: false, think: true, messages: [{ role: 'user', content: 'Add.' }], options: { stop: ['\n\n'] } }),
    });
    const body = (await res.json()) as { message: { content: string; thinking?: string }; done_reason: string };
    assert.equal(body.message.thinking, 'First I add.');
    assert.equal(body.message.content, '');
    assert.equal(body.done_reason, 'stop');
  });

  const step: GenerationRequest = {
    messages: [{ role: 'user', content: 'Add.' }],
    temperature: 0.7,
    seed: 1,
    maxTokens: 200,
    think: true,
    stop: ['\n\n'],
    // The engine gives every thinking generation its trace allowance as an implicit budget.
    thinkingBudget: { maxTokens: 4096, allowance: true },
  };

  for (const [name, open] of [
    ['Ollama', (): OllamaModel | OpenAIModel => new OllamaModel({ host: ollama.url, model: 'qwen3:1.7b' })],
    ['OpenAI-compatible (vLLM)', (): OllamaModel | OpenAIModel => new OpenAIModel({ baseUrl: `${vllm.url}/v1`, model: 'qwen3:1.7b' })],
  ] as const) {
    test(`${name}: Ponder gets the whole trace and one step`, async () => {
      const model = open();
      try {
        const generation = await collectGeneration(model.generate(step, new AbortController().signal));
        assert.equal(generation.thinking, 'First I add.\n\nThen I check.');
        assert.equal(generation.text, 'Step one.');
        assert.equal(generation.usage.doneReason, 'stop');
      } finally {
        await model.close();
      }
    });
  }
});
