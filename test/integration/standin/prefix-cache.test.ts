// prompt_eval_count (the whole prompt, as Ollama reports it) and prefix reuse per slot, measured by the
// tokens the stand-in really evaluated, for llama-server's slots (0.30 and later) and the Go runner's.
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

interface Probe {
  /** Prompt tokens the stand-in evaluated so far (not served from a cache). */
  evaluated(): number;
  loads(): number;
}

async function withOllama(options: StandinOptions, body: (ollama: Ollama, probe: Probe) => Promise<void>): Promise<void> {
  const standin = await startStandin({ respond: scriptedBackend(), tokenize: wordTokenize, ...options });
  try {
    await body(new Ollama({ host: standin.url }), { evaluated: () => standin.stats().promptTokensEvaluated, loads: () => standin.stats().modelLoads });
  } finally {
    await standin.close();
  }
}

/** Prompt tokens evaluated by one call. */
async function evaluatedBy<T>(probe: Probe, call: () => Promise<T>): Promise<{ result: T; evaluated: number }> {
  const before = probe.evaluated();
  const result = await call();
  return { result, evaluated: probe.evaluated() - before };
}

const MODEL = 'qwen2.5:1.5b';
const tokensOf = (messages: typeof base): string[] => wordTokenize(renderChatPrompt(messages));

describe('stand-in: prompt_eval_count and prefix reuse', () => {
  // runner/ollamarunner/runner.go v0.13.0 (numPromptInputs = len(inputs)); llm/llama_server.go v0.33.0-rc2
  // (cache_n + prompt_n).
  test('the same prompt twice reports the same prompt_eval_count, the whole prompt; the second evaluates one token', () =>
    withOllama({ parallel: 1 }, async (ollama, probe) => {
      const full = tokensOf(base).length;
      const first = await evaluatedBy(probe, () => ollama.chat({ model: MODEL, messages: base }));
      const again = await evaluatedBy(probe, () => ollama.chat({ model: MODEL, messages: base }));
      assert.equal(first.result.prompt_eval_count, full);
      assert.equal(again.result.prompt_eval_count, full);
      assert.equal(first.evaluated, full);
      assert.equal(again.evaluated, 1, 'one token kept back so there is something to evaluate');
    }));

  test('0.30.0 alone reported only the uncached tokens (llama-server prompt_n)', () =>
    withOllama({ parallel: 1, version: '0.30.0' }, async (ollama) => {
      await ollama.chat({ model: MODEL, messages: base });
      assert.equal((await ollama.chat({ model: MODEL, messages: base })).prompt_eval_count, 1);
    }));

  test('a request that extends an earlier one evaluates only the new tokens', () =>
    withOllama({ parallel: 1 }, async (ollama, probe) => {
      await ollama.chat({ model: MODEL, messages: base });
      const second = await evaluatedBy(probe, () => ollama.chat({ model: MODEL, messages: extended }));
      const secondPrompt = tokensOf(extended);
      const slotHeld = wordTokenize(renderChatPrompt(base) + ANSWER);
      assert.equal(second.evaluated, secondPrompt.length - commonPrefix(slotHeld, secondPrompt));
      assert.equal(second.result.prompt_eval_count, secondPrompt.length);
      assert.ok(second.evaluated < secondPrompt.length / 3);
    }));

  test('with cache off every prompt is evaluated in full', () =>
    withOllama({ parallel: 1, cache: false }, async (ollama, probe) => {
      await ollama.chat({ model: MODEL, messages: base });
      const again = await evaluatedBy(probe, () => ollama.chat({ model: MODEL, messages: base }));
      assert.equal(again.evaluated, tokensOf(base).length);
    }));

  test('llama-server (default): the most similar slot is chosen; an unrelated prompt takes the least recently used', () =>
    withOllama({ parallel: 2 }, async (ollama, probe) => {
      await ollama.chat({ model: MODEL, messages: base }); // slot 1 (both unused: the last of the ties)
      await ollama.generate({ model: MODEL, prompt: 'Zeta unrelated words here', raw: true }); // slot 0, the LRU
      const second = await evaluatedBy(probe, () => ollama.chat({ model: MODEL, messages: extended }));
      assert.ok(second.evaluated < 10, `served from the first slot's cache (evaluated ${second.evaluated})`);
      const raw = await evaluatedBy(probe, () => ollama.generate({ model: MODEL, prompt: 'Zeta unrelated words here and more', raw: true }));
      assert.ok(raw.evaluated <= 3, `served from the other slot's cache (evaluated ${raw.evaluated})`);
    }));

  test('Go runner (0.13.0): an unrelated prompt takes the first idle slot, overwriting a cached one; llama-server takes the LRU', async () => {
    for (const version of ['0.13.0', '0.32.15']) {
      await withOllama({ parallel: 2, version }, async (ollama, probe) => {
        await ollama.chat({ model: MODEL, messages: base });
        await ollama.generate({ model: MODEL, prompt: 'Zeta unrelated words here', raw: true });
        const again = await evaluatedBy(probe, () => ollama.chat({ model: MODEL, messages: base }));
        if (version === '0.13.0') assert.equal(again.evaluated, tokensOf(base).length, 'findLongestCacheSlot: count > longest, first slot wins ties');
        else assert.equal(again.evaluated, 1, 'get_available_slot: LRU for the unrelated prompt kept the first one');
      });
    }
  });

  test('llama-server\'s prompt cache: one slot, an unrelated prompt in between, and the first prompt is restored from RAM', async () => {
    for (const version of ['0.13.0', '0.32.15']) {
      await withOllama({ parallel: 1, version }, async (ollama, probe) => {
        await ollama.chat({ model: MODEL, messages: base });
        await ollama.generate({ model: MODEL, prompt: 'Zeta unrelated words here', raw: true });
        const again = await evaluatedBy(probe, () => ollama.chat({ model: MODEL, messages: base }));
        assert.equal(again.evaluated, version === '0.13.0' ? tokensOf(base).length : 1, version);
      });
    }
  });

  test('changing a runner option (num_ctx) reloads the model and empties the cache', () =>
    withOllama({ parallel: 1 }, async (ollama, probe) => {
      const full = tokensOf(base).length;
      await ollama.chat({ model: MODEL, messages: base, options: { num_ctx: 4096 } });
      const same = await evaluatedBy(probe, () => ollama.chat({ model: MODEL, messages: base, options: { num_ctx: 4096, temperature: 0.1 } }));
      assert.equal(same.evaluated, 1, 'a sampling option does not reload');
      assert.equal(probe.loads(), 1);
      const reloaded = await evaluatedBy(probe, () => ollama.chat({ model: MODEL, messages: base, options: { num_ctx: 8192 } }));
      assert.equal(reloaded.evaluated, full);
      assert.equal(probe.loads(), 2);
    }));

  test('prompt_eval_duration is the time per evaluated token, so a cache hit shows there', () =>
    withOllama({ parallel: 1, promptEvalLatencyMs: 2 }, async (ollama) => {
      const first = await ollama.chat({ model: MODEL, messages: base });
      assert.ok(first.prompt_eval_duration >= first.prompt_eval_count * 2e6 * 0.9);
      const second = await ollama.chat({ model: MODEL, messages: extended });
      assert.ok(second.prompt_eval_count > first.prompt_eval_count);
      assert.ok(second.prompt_eval_duration < first.prompt_eval_duration);
    }));

  test('OLLAMA_MULTIUSER_CACHE is refused on a version without the Go runner', async () => {
    await assert.rejects(startStandin({ multiUserCache: true }), /OLLAMA_MULTIUSER_CACHE belongs to Ollama's Go runner/);
  });

  for (const multiUserCache of [false, true]) {
    test(`Go runner, two slots, a sibling sent while the first is busy: ${multiUserCache ? 'the multi-user cache forks the busy slot\'s prefix' : 'without the multi-user cache it is evaluated in full'}`, () =>
      withOllama({ parallel: 2, multiUserCache, tokenLatencyMs: 40, version: '0.13.0' }, async (ollama, probe) => {
        const first = ollama.chat({ model: MODEL, messages: base });
        await new Promise((resolve) => setTimeout(resolve, 60)); // the first is generating in slot 0
        const sibling = await evaluatedBy(probe, () => ollama.chat({ model: MODEL, messages: extended }));
        await first;
        const siblingPrompt = tokensOf(extended);
        const shared = commonPrefix(tokensOf(base), siblingPrompt);
        assert.ok(shared > siblingPrompt.length / 2, 'the test prompts share most of their tokens');
        assert.equal(sibling.evaluated, multiUserCache ? siblingPrompt.length - shared : siblingPrompt.length);
      }));
  }

  for (const multiUserCache of [false, true]) {
    test(`Go runner, an idle slot holding more than a new prompt shares: ${multiUserCache ? 'the multi-user cache copies the prefix to the least recently used slot and keeps it' : 'by default the request takes it and overwrites it'}`, () =>
      withOllama({ parallel: 2, multiUserCache, version: '0.13.0' }, async (ollama, probe) => {
        await ollama.chat({ model: MODEL, messages: base }); // slot A holds base + answer
        await ollama.chat({ model: MODEL, messages: extended }); // shares a prefix with slot A
        // A follow-up of the first conversation: it continues exactly what slot A held.
        const followUp = [...base, { role: 'assistant', content: ANSWER }, { role: 'user', content: 'And if he eats two?' }];
        const result = await evaluatedBy(probe, () => ollama.chat({ model: MODEL, messages: followUp }));
        const prompt = tokensOf(followUp);
        const fromA = prompt.length - commonPrefix(wordTokenize(renderChatPrompt(base) + ANSWER), prompt);
        const fromOverwritten = prompt.length - commonPrefix(wordTokenize(renderChatPrompt(extended) + ANSWER), prompt);
        assert.ok(fromA < fromOverwritten, 'the two cases are told apart');
        assert.equal(result.evaluated, multiUserCache ? fromA : fromOverwritten);
      }));
  }
});
