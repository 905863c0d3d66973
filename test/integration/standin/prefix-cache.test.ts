// Prefix reuse per slot: a request takes the idle slot with the longest common token prefix, and
// prompt_eval_count counts only the tokens that slot had not evaluated.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Ollama } from 'ollama';
import type { StandinOptions } from '../../../src/standin';
import { renderChatPrompt, startStandin } from '../../../src/standin';
import { scriptedBackend, wordTokenize } from './helpers';

const ANSWER = 'The answer is \\boxed{4}.';
const base = [
  { role: 'system', content: 'You solve math problems step by step and box the final answer.' },
  { role: 'user', content: 'Tom has 3 apples and buys 5 more. How many apples does he have now?' },
];
const extended = [...base, { role: 'assistant', content: 'Tom starts with 3 apples.\n\n' }];

function commonPrefix(a: readonly string[], b: readonly string[]): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

async function withOllama(options: StandinOptions, body: (ollama: Ollama, stats: () => { modelLoads: number }) => Promise<void>): Promise<void> {
  const standin = await startStandin({ respond: scriptedBackend(), tokenize: wordTokenize, ...options });
  try {
    await body(new Ollama({ host: standin.url }), () => standin.stats());
  } finally {
    await standin.close();
  }
}

describe('stand-in: prefix reuse', () => {
  test('a request that extends an earlier one evaluates only the new tokens', () =>
    withOllama({ parallel: 1 }, async (ollama) => {
      const first = await ollama.chat({ model: 'qwen2.5:1.5b', messages: base });
      const firstPrompt = wordTokenize(renderChatPrompt(base));
      assert.equal(first.prompt_eval_count, firstPrompt.length);

      const second = await ollama.chat({ model: 'qwen2.5:1.5b', messages: extended });
      const secondPrompt = wordTokenize(renderChatPrompt(extended));
      const slotHeld = wordTokenize(renderChatPrompt(base) + ANSWER);
      const expected = secondPrompt.length - commonPrefix(slotHeld, secondPrompt);
      assert.equal(second.prompt_eval_count, expected);
      assert.ok(second.prompt_eval_count < secondPrompt.length / 3);
    }));

  test('the very same prompt again keeps one token back (prompt_eval_count 1)', () =>
    withOllama({ parallel: 1 }, async (ollama) => {
      await ollama.chat({ model: 'qwen2.5:1.5b', messages: base });
      const again = await ollama.chat({ model: 'qwen2.5:1.5b', messages: base });
      assert.equal(again.prompt_eval_count, 1);
    }));

  test('with cache off every prompt is evaluated in full', () =>
    withOllama({ parallel: 1, cache: false }, async (ollama) => {
      const full = wordTokenize(renderChatPrompt(base)).length;
      await ollama.chat({ model: 'qwen2.5:1.5b', messages: base });
      const again = await ollama.chat({ model: 'qwen2.5:1.5b', messages: base });
      assert.equal(again.prompt_eval_count, full);
    }));

  test('the slot with the longest common prefix is chosen; an unrelated prompt takes the least recently used', () =>
    withOllama({ parallel: 2 }, async (ollama) => {
      await ollama.chat({ model: 'qwen2.5:1.5b', messages: base }); // slot 0
      await ollama.generate({ model: 'qwen2.5:1.5b', prompt: 'Zeta unrelated words here', raw: true }); // slot 1
      const second = await ollama.chat({ model: 'qwen2.5:1.5b', messages: extended });
      assert.ok(second.prompt_eval_count < 10, `served from slot 0's cache (evaluated ${second.prompt_eval_count})`);
      const raw = await ollama.generate({ model: 'qwen2.5:1.5b', prompt: 'Zeta unrelated words here and more', raw: true });
      assert.ok(raw.prompt_eval_count <= 3, `served from slot 1's cache (evaluated ${raw.prompt_eval_count})`);
    }));

  test('changing a runner option (num_ctx) reloads the model and empties the cache', () =>
    withOllama({ parallel: 1 }, async (ollama, stats) => {
      const full = wordTokenize(renderChatPrompt(base)).length;
      await ollama.chat({ model: 'qwen2.5:1.5b', messages: base, options: { num_ctx: 4096 } });
      const same = await ollama.chat({ model: 'qwen2.5:1.5b', messages: base, options: { num_ctx: 4096, temperature: 0.1 } });
      assert.equal(same.prompt_eval_count, 1, 'a sampling option does not reload');
      assert.equal(stats().modelLoads, 1);
      const reloaded = await ollama.chat({ model: 'qwen2.5:1.5b', messages: base, options: { num_ctx: 8192 } });
      assert.equal(reloaded.prompt_eval_count, full);
      assert.equal(stats().modelLoads, 2);
    }));

  test('prompt evaluation is paced per evaluated token, so a cache hit is also faster', () =>
    withOllama({ parallel: 1, promptEvalLatencyMs: 2 }, async (ollama) => {
      const first = await ollama.chat({ model: 'qwen2.5:1.5b', messages: base });
      assert.ok(first.prompt_eval_duration >= first.prompt_eval_count * 2e6 * 0.9);
      const second = await ollama.chat({ model: 'qwen2.5:1.5b', messages: extended });
      assert.ok(second.prompt_eval_duration < first.prompt_eval_duration);
    }));

  for (const multiUserCache of [false, true]) {
    test(`two slots, a sibling sent while the first is busy: ${multiUserCache ? 'the multi-user cache forks the busy slot\'s prefix' : 'without the multi-user cache it is evaluated in full'}`, () =>
      withOllama({ parallel: 2, multiUserCache, tokenLatencyMs: 40 }, async (ollama) => {
        const first = ollama.chat({ model: 'qwen2.5:1.5b', messages: base });
        await new Promise((resolve) => setTimeout(resolve, 60)); // the first is generating in slot 0
        const sibling = await ollama.chat({ model: 'qwen2.5:1.5b', messages: extended });
        await first;
        const siblingPrompt = wordTokenize(renderChatPrompt(extended));
        const shared = commonPrefix(wordTokenize(renderChatPrompt(base)), siblingPrompt);
        assert.ok(shared > siblingPrompt.length / 2, 'the test prompts share most of their tokens');
        assert.equal(sibling.prompt_eval_count, multiUserCache ? siblingPrompt.length - shared : siblingPrompt.length);
      }));
  }

  for (const multiUserCache of [false, true]) {
    test(`an idle slot holding more than a new prompt shares: ${multiUserCache ? 'the multi-user cache copies the prefix to the least recently used slot and keeps it' : 'by default the request takes it and overwrites it'}`, () =>
      withOllama({ parallel: 2, multiUserCache }, async (ollama) => {
        await ollama.chat({ model: 'qwen2.5:1.5b', messages: base }); // slot A holds base + answer
        await ollama.chat({ model: 'qwen2.5:1.5b', messages: extended }); // shares a prefix with slot A
        // A follow-up of the first conversation: it continues exactly what slot A held.
        const followUp = [...base, { role: 'assistant', content: ANSWER }, { role: 'user', content: 'And if he eats two?' }];
        const result = await ollama.chat({ model: 'qwen2.5:1.5b', messages: followUp });
        const prompt = wordTokenize(renderChatPrompt(followUp));
        const fromA = prompt.length - commonPrefix(wordTokenize(renderChatPrompt(base) + ANSWER), prompt);
        const fromOverwritten = prompt.length - commonPrefix(wordTokenize(renderChatPrompt(extended) + ANSWER), prompt);
        assert.ok(fromA < fromOverwritten, 'the two cases are told apart');
        assert.equal(result.prompt_eval_count, multiUserCache ? fromA : fromOverwritten);
      }));
  }
});
