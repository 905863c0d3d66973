// The trace allowance of a generation as an implicit thinking budget: planned for every thinking generation
// without a budget, shrunk by what the ledger could not grant, and honoured by the simulated reasoner only
// when it is a thinking model (a model that writes a short outline is not changed by it).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateProblems } from '../../../src/engine/model/sim/problems';
import { respond } from '../../../src/engine/model/sim/reasoner';
import { fitAllowance, GENERATION_THINKING_TOKENS, generationThinking } from '../../../src/engine/model/thinking';
import type { GenerationRequest } from '../../../src/engine/model/types';
import { solveMessages } from '../../../src/engine/prompts/solve';

const thinker = { logprobs: true, thinking: true, thinksByDefault: true };

test('a thinking generation without a budget carries the allowance as an implicit budget', () => {
  assert.deepEqual(generationThinking(thinker, undefined), {
    allowance: GENERATION_THINKING_TOKENS,
    budget: { maxTokens: GENERATION_THINKING_TOKENS, allowance: true },
  });
  assert.deepEqual(generationThinking({ ...thinker, thinkingAlwaysOn: true, thinkLevels: true }, undefined), {
    think: 'low',
    allowance: GENERATION_THINKING_TOKENS,
    budget: { maxTokens: GENERATION_THINKING_TOKENS, allowance: true },
  });
  // A budget asked for is the budget, and no allowance flag.
  assert.deepEqual(generationThinking(thinker, true, 128), { think: true, allowance: 128, budget: { maxTokens: 128 } });
  // No thinking, nothing to allow.
  assert.deepEqual(generationThinking(thinker, false), { think: false, allowance: 0 });
  assert.deepEqual(generationThinking({ logprobs: true, thinking: false }, undefined), { allowance: 0 });
});

test('what the ledger cannot grant comes out of the allowance, never out of a budget asked for', () => {
  const request: GenerationRequest = { messages: [], temperature: 0, maxTokens: 64 + 4096, thinkingBudget: { maxTokens: 4096, allowance: true } };
  assert.deepEqual(fitAllowance(request, 500), { ...request, maxTokens: 500, thinkingBudget: { maxTokens: 436, allowance: true } });
  assert.deepEqual(fitAllowance(request, 64 + 4096), request, 'granted whole: unchanged');
  assert.equal(fitAllowance(request, 10).thinkingBudget?.maxTokens, 1, 'never a budget of 0 or less');
  const asked: GenerationRequest = { messages: [], temperature: 0, maxTokens: 64 + 128, thinkingBudget: { maxTokens: 128 } };
  assert.deepEqual(fitAllowance(asked, 100), { ...asked, maxTokens: 100 });
});

test('the simulated reasoner: the allowance cuts a thinking model\'s trace, and leaves an outline writer alone', () => {
  const [problem] = generateProblems({ count: 1, seed: 9, difficulty: 4 });
  assert.ok(problem);
  const request = { messages: solveMessages(problem.problem), temperature: 0.7, seed: 11, maxTokens: -1, think: true, thinkingBudget: { maxTokens: 40, allowance: true } };
  const thinking = respond({ ...request, thinkingModel: true });
  assert.deepEqual(
    [thinking.thinkingOutcome?.tokens, thinking.thinkingOutcome?.ending, thinking.thinkingOutcome?.allowance],
    [40, 'cut', true],
  );
  assert.equal(thinking.tokens.filter((t) => t.thinking).length, 40);
  const outline = respond(request);
  assert.equal(outline.thinkingOutcome, undefined, 'not a thinking model: the allowance is no budget to it');
  const plain = respond({ ...request, thinkingBudget: undefined });
  assert.deepEqual(outline.tokens.map((t) => t.text), plain.tokens.map((t) => t.text), 'the same outline and answer as with no allowance');
});
