// Budget forcing through the real protocol path: OllamaModel with the real `ollama` client against the
// stand-in over HTTP, for each template family Ponder can render (qwen3, deepseek-r1, magistral), the "Wait"
// extension, and the fallback for models it cannot force (a built-in renderer; gpt-oss's levels).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OllamaModel } from '../../../src/engine/model/ollama';
import type { GenerationRequest } from '../../../src/engine/model/types';
import type { SimRequest, SimToken } from '../../../src/engine/model/sim/types';
import { DEEPSEEK_R1_DISTILL, DEFAULT_MODELS, GPT_OSS_LIKE, MAGISTRAL_LIKE, RENDERER_THINKER, startStandin } from '../../../src/standin';
import type { Standin } from '../../../src/standin';
import { run } from './helpers';

const TRACE_LENGTH = 20;

function token(text: string, thinking: boolean): SimToken {
  return { text, logprob: -0.1, top: [], thinking };
}

/**
 * A thinking model that reads its prompt: it thinks TRACE_LENGTH words "w0 w1 …" when it thinks, then says how
 * many of those words the prompt's trace held plus what it thought itself, so an answer shows what the model
 * was given to read.
 */
function readingThinker(request: SimRequest): { tokens: SimToken[]; doneReason: 'stop' } {
  const read = (request.priorThinking ?? '').split(/\s+/).filter((word) => /^w\d+$/.test(word)).length;
  const thought = request.think ? TRACE_LENGTH : 0;
  const trace = Array.from({ length: thought }, (_, i) => token(`w${i} `, true));
  return { tokens: [...trace, token('I', false), token(' read', false), token(` ${read + thought}`, false), token(' words.', false)], doneReason: 'stop' };
}

const ask = (extra: Partial<GenerationRequest>): GenerationRequest => ({
  messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Think, then count.' }],
  temperature: 0,
  maxTokens: 200,
  think: true,
  ...extra,
});

describe('budget forcing over HTTP', () => {
  let standin: Standin;
  const models: OllamaModel[] = [];
  const modelFor = (name: string): OllamaModel => {
    const model = new OllamaModel({ host: standin.url, model: name, ...(models[0] ? { client: models[0].client } : {}) });
    models.push(model);
    return model;
  };

  before(async () => {
    standin = await startStandin({
      parallel: 2,
      respond: readingThinker,
      models: [...DEFAULT_MODELS, DEEPSEEK_R1_DISTILL, MAGISTRAL_LIKE, RENDERER_THINKER, GPT_OSS_LIKE],
    });
  });
  after(async () => {
    for (const model of models.reverse()) await model.close();
    await standin.close();
  });

  for (const [name, template] of [
    ['qwen3:1.7b', 'qwen3'],
    ['deepseek-r1:1.5b', 'deepseek-r1'],
    ['magistral:24b', 'magistral'],
  ] as const) {
    test(`${template}: the trace is cut at the budget and the model answers from the trace it was given`, async () => {
      const model = modelFor(name);
      const before = standin.stats().generationsCompleted;
      const generation = await run(model, ask({ thinkingBudget: { maxTokens: 8 } }));
      assert.equal(generation.thinking, 'w0 w1 w2 w3 w4 w5 w6 w7 ');
      assert.equal(generation.text, 'I read 8 words.', 'the answer comes from the 8 words of the forced trace');
      assert.deepEqual(generation.thinkingOutcome, { tokens: 8, budget: 8, ending: 'cut', extensions: 0, method: `raw prompt (${template} template)` });
      assert.equal(generation.usage.generatedTokens, 8 + 4, 'usage is summed over both requests');
      assert.equal(standin.stats().generationsCompleted - before, 2, 'the chat request and the raw one');
    });

    test(`${template}: a trace that ends within the budget is left alone (natural)`, async () => {
      const generation = await run(modelFor(name), ask({ thinkingBudget: { maxTokens: 64 } }));
      assert.equal(generation.thinking.trim(), Array.from({ length: TRACE_LENGTH }, (_, i) => `w${i}`).join(' '));
      assert.equal(generation.text, `I read ${TRACE_LENGTH} words.`);
      assert.equal(generation.thinkingOutcome?.ending, 'natural');
      assert.equal(generation.thinkingOutcome?.tokens, TRACE_LENGTH);
    });

    test(`${template}: a trace that ends below the minimum gets "Wait" and goes on (s1's extension)`, async () => {
      const generation = await run(modelFor(name), ask({ thinkingBudget: { maxTokens: 100, minTokens: 30 } }));
      const outcome = generation.thinkingOutcome;
      assert.equal(outcome?.ending, 'extended');
      assert.equal(outcome?.extensions, 1);
      assert.ok((outcome?.tokens ?? 0) >= 30 && (outcome?.tokens ?? 0) <= 100, `thought ${outcome?.tokens} tokens`);
      assert.match(generation.thinking, /w19 \n+Wait/, 'the trace shows where "Wait" was appended');
      // The model went on thinking after reading the first trace, and answers from both.
      assert.equal(generation.text, `I read ${2 * TRACE_LENGTH} words.`);
    });
  }

  test('stop strings end the answer after an extended trace, and not the trace', async () => {
    const generation = await run(modelFor('qwen3:1.7b'), ask({ thinkingBudget: { maxTokens: 100, minTokens: 30 }, stop: [' words', 'w3'] }));
    assert.equal(generation.thinkingOutcome?.ending, 'extended');
    assert.match(generation.thinking, /w3 /, 'the trace is not cut by a stop string');
    assert.equal(generation.text, `I read ${2 * TRACE_LENGTH}`);
    assert.equal(generation.usage.doneReason, 'stop');
    await standin.waitFor((stats) => stats.openRequests === 0);
  });

  test('the extension stays within the budget: a minimum the model cannot reach ends cut at the budget', async () => {
    const generation = await run(modelFor('qwen3:1.7b'), ask({ thinkingBudget: { maxTokens: 30, minTokens: 30 } }));
    assert.equal(generation.thinkingOutcome?.ending, 'cut');
    assert.equal(generation.thinkingOutcome?.extensions, 1);
    assert.ok((generation.thinkingOutcome?.tokens ?? 0) <= 30, `thought ${generation.thinkingOutcome?.tokens}`);
    assert.match(generation.text, /^I read \d+ words\.$/);
  });

  test('fallback: a model Ollama renders with a built-in renderer is stopped at the budget, and says why', async () => {
    const generation = await run(modelFor('qwen3-vl:2b'), ask({ thinkingBudget: { maxTokens: 8 } }));
    assert.equal(generation.thinking, 'w0 w1 w2 w3 w4 w5 w6 w7 ');
    assert.equal(generation.text, '', 'no answer: the model could not be made to write one');
    const outcome = generation.thinkingOutcome;
    assert.deepEqual([outcome?.tokens, outcome?.budget, outcome?.ending, outcome?.extensions], [8, 8, 'stopped', 0]);
    assert.match(outcome?.method ?? '', /stopped at the budget: .*built-in "qwen3-vl-thinking" renderer/);
    assert.equal(generation.usage.doneReason, 'length');
    await standin.waitFor((stats) => stats.openRequests === 0);
  });

  test('fallback: within the budget such a model answers as usual (natural)', async () => {
    const generation = await run(modelFor('qwen3-vl:2b'), ask({ thinkingBudget: { maxTokens: 64 } }));
    assert.equal(generation.text, `I read ${TRACE_LENGTH} words.`);
    assert.equal(generation.thinkingOutcome?.ending, 'natural');
  });

  test('gpt-oss: its level is sent and it is stopped at the budget', async () => {
    const generation = await run(modelFor('gpt-oss:20b'), ask({ think: 'low', thinkingBudget: { maxTokens: 8 } }));
    assert.equal(generation.thinkingOutcome?.ending, 'stopped');
    assert.equal(generation.thinkingOutcome?.tokens, 8);
    assert.match(generation.thinkingOutcome?.method ?? '', /^level "low"/);
  });

  test('an answer cut by the limit the budget set (not by maxTokens) goes on in a raw request', async () => {
    const before = standin.stats().generationsCompleted;
    // The chat call may generate 22 tokens: the 20-word trace closes and the answer is cut after 2 tokens,
    // with 8 of the generation's 30 left for the rest of it (as a step's cap on top of the budget).
    const generation = await run(modelFor('qwen3:1.7b'), ask({ maxTokens: 30, thinkingBudget: { maxTokens: 22 } }));
    assert.equal(generation.thinkingOutcome?.ending, 'natural');
    assert.equal(standin.stats().generationsCompleted - before, 2, 'the chat request, then a raw one that goes on answering');
    assert.match(generation.text, /^I read.* words\.$/, `the answer was finished, got ${JSON.stringify(generation.text)}`);
  });

  test('the trace allowance as a budget: forced the same way, and the outcome says it was the allowance', async () => {
    const generation = await run(modelFor('deepseek-r1:1.5b'), ask({ thinkingBudget: { maxTokens: 8, allowance: true } }));
    assert.equal(generation.text, 'I read 8 words.');
    assert.deepEqual(generation.thinkingOutcome, { tokens: 8, budget: 8, ending: 'cut', extensions: 0, method: 'raw prompt (deepseek-r1 template)', allowance: true });
    const stopped = await run(modelFor('gpt-oss:20b'), ask({ think: 'low', thinkingBudget: { maxTokens: 8, allowance: true } }));
    assert.deepEqual([stopped.text, stopped.thinkingOutcome?.ending, stopped.thinkingOutcome?.allowance], ['', 'stopped', true]);
  });

  test('a model that does not think has nothing to budget: the request runs as usual, with no outcome', async () => {
    const generation = await run(modelFor('qwen2.5:1.5b'), ask({ think: undefined, thinkingBudget: { maxTokens: 4 } }));
    assert.equal(generation.thinkingOutcome, undefined);
    assert.match(generation.text, /I read/);
  });
});
