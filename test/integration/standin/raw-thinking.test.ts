// Raw prompts to thinking models, as Ollama treats them (server/routes.go GenerateHandler, v0.33.0-rc2): no
// template; only the generic thinking parser, which starts inside the trace only when the prompt ends with
// the opening tag; and the templates /api/show reports for the thinking families.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { THINK_TEMPLATES } from '../../../src/engine/model/ollama/think-templates';
import type { SimRequest, SimToken } from '../../../src/engine/model/sim/types';
import type { ChatMessage } from '../../../src/engine/model/types';
import { DEEPSEEK_R1_DISTILL, DEFAULT_MODELS, MAGISTRAL_LIKE, startStandin } from '../../../src/standin';
import type { Standin } from '../../../src/standin';
import { chatTemplate } from '../../../src/standin/chat-templates';

function token(text: string, thinking: boolean): SimToken {
  return { text, logprob: -0.1, top: [], thinking };
}

/** Thinks "a b " when asked to think, then says how long the trace it was given is (in characters). */
function respond(request: SimRequest): { tokens: SimToken[]; doneReason: 'stop' } {
  const trace = request.think ? [token('a ', true), token('b ', true)] : [];
  return { tokens: [...trace, token(`given ${(request.priorThinking ?? '').trim().length}`, false)], doneReason: 'stop' };
}

interface Generated {
  response: string;
  thinking?: string;
}

describe('stand-in: raw prompts to thinking models', () => {
  let standin: Standin;
  before(async () => {
    standin = await startStandin({ respond, models: [...DEFAULT_MODELS, DEEPSEEK_R1_DISTILL, MAGISTRAL_LIKE] });
  });
  after(() => standin.close());

  async function generate(body: Record<string, unknown>): Promise<Generated> {
    const response = await fetch(`${standin.url}/api/generate`, { method: 'POST', body: JSON.stringify({ stream: false, ...body }) });
    assert.equal(response.status, 200, await response.clone().text());
    return (await response.json()) as Generated;
  }

  const QWEN3_HEAD = '<|im_start|>user\nWhat is 2+2? /think<|im_end|>\n<|im_start|>assistant\n';

  test('a prompt that ends at the turn: the model opens its trace, and the parser splits it out', async () => {
    const out = await generate({ model: 'qwen3:1.7b', prompt: QWEN3_HEAD, raw: true });
    assert.deepEqual([out.thinking, out.response], ['a b \n', 'given 0']);
  });

  test('a prompt that ends with the opening tag: the parser starts inside the trace', async () => {
    const out = await generate({ model: 'qwen3:1.7b', prompt: `${QWEN3_HEAD}<think>\n`, raw: true });
    assert.equal(out.thinking, 'a b \n');
    assert.equal(out.response, 'given 0');
  });

  test('a prompt inside an open trace: the rest of it, its closing tag and the answer all come as response', async () => {
    const out = await generate({ model: 'qwen3:1.7b', prompt: `${QWEN3_HEAD}<think>\nx y\n\nWait`, raw: true });
    assert.equal(out.thinking ?? '', '');
    assert.equal(out.response, 'a b \n</think>\n\ngiven 9');
  });

  test('a prompt with the trace closed: the model answers from it, without thinking again', async () => {
    const out = await generate({ model: 'qwen3:1.7b', prompt: `${QWEN3_HEAD}<think>\nx y z\n</think>\n\n`, raw: true });
    assert.deepEqual([out.thinking ?? '', out.response], ['', 'given 5']);
  });

  test('think false: no parser at all, the trace stays in the response with its tags', async () => {
    const out = await generate({ model: 'qwen3:1.7b', prompt: QWEN3_HEAD, raw: true, think: false });
    assert.equal(out.response, '<think>\na b \n</think>\n\ngiven 0');
  });

  test('deepseek-r1 and magistral prompts are read in their own formats', async () => {
    const r1 = await generate({ model: 'deepseek-r1:1.5b', prompt: '<｜User｜>What is 2+2?<｜Assistant｜><think>\np q\n</think>\n\n', raw: true });
    assert.equal(r1.response, 'given 3');
    const magistral = await generate({ model: 'magistral:24b', prompt: '[INST]What is 2+2?[/INST]<think>\np q\n</think>\n', raw: true });
    assert.equal(magistral.response, r1.response, 'the same trace, read in the other format, counts the same');
  });

  test('/api/show reports each family\'s template, with the trace where Ollama infers its tags', async () => {
    for (const [model, tags] of [['qwen3:1.7b', '<think>{{ .Thinking }}</think>'], ['deepseek-r1:1.5b', '<think>\n{{ .Thinking }}\n</think>'], ['magistral:24b', '<think>\n{{ .Thinking }}\n</think>']] as const) {
      const shown = (await (await fetch(`${standin.url}/api/show`, { method: 'POST', body: JSON.stringify({ model }) })).json()) as { template: string };
      assert.ok(shown.template.includes(tags), `${model}: ${shown.template}`);
    }
  });

  test('Ponder renders each family exactly as the stand-in\'s template does, so a forced prompt extends the chat prompt', () => {
    const conversation: ChatMessage[] = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'What is 2+2?' },
      { role: 'assistant', content: '2+2 is' },
      { role: 'user', content: 'Sure?' },
    ];
    for (const ponder of THINK_TEMPLATES) {
      const family = chatTemplate(ponder.name);
      assert.equal(ponder.render(conversation), family.render(conversation, { isSet: true, on: true }), ponder.name);
      assert.ok(ponder.matches(family.source), `${ponder.name} recognises the template /api/show reports`);
      assert.equal(ponder.open, family.trace?.open);
      assert.equal(ponder.close, family.trace?.close);
    }
    assert.ok(!THINK_TEMPLATES.some((t) => t.matches(chatTemplate('chatml').source)), 'plain ChatML is not a thinking template');
  });
});
