// The fixed-budget picker's thinking step: when it shows, what it offers, how a typed budget is read.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BUDGET_RULE, parseBudget, showThinkingStep, thinkItems, thinkingPlaceholder } from '../../../src/extension/commands/thinking-choice';

test('the step shows for a model that thinks and for one Ponder cannot tell about, never for one that cannot think', () => {
  assert.equal(showThinkingStep('thinks'), true);
  assert.equal(showThinkingStep('unknown'), true);
  assert.equal(showThinkingStep('cannot-think'), false);
  assert.match(thinkingPlaceholder('mystery:7b', 'unknown'), /cannot tell whether mystery:7b thinks/);
  assert.doesNotMatch(thinkingPlaceholder('qwen3:1.7b', 'thinks'), /cannot tell/);
});

test('Enter skips the step: the first item keeps the settings and says what they are; then every mode, the current one marked', () => {
  const items = thinkItems('medium', 512);
  assert.equal(items[0]?.mode, undefined);
  assert.equal(items[0]?.description, 'medium, budget 512 tokens');
  assert.deepEqual(items.slice(1).map((item) => item.mode), ['off', 'on', 'low', 'medium', 'high']);
  assert.deepEqual(items.filter((item) => item.description === 'current setting').map((item) => item.mode), ['medium']);
  assert.equal(thinkItems('off', 0)[0]?.description, 'off, no budget');
});

test('a typed budget: blank or 0 is no budget, separators are allowed, anything else out of bounds says the rule', () => {
  assert.deepEqual(parseBudget(''), { budget: 0 });
  assert.deepEqual(parseBudget(' 0 '), { budget: 0 });
  assert.deepEqual(parseBudget('128'), { budget: 128 });
  assert.deepEqual(parseBudget('4,096'), { budget: 4096 });
  assert.deepEqual(parseBudget('1_048_576'), { budget: 1_048_576 });
  for (const bad of ['8', '15', '1048577']) assert.deepEqual(parseBudget(bad), { message: BUDGET_RULE }, bad);
  for (const bad of ['-1', '12.5', 'lots', '1e3']) assert.match((parseBudget(bad) as { message: string }).message, /^A whole number of tokens\. Thinking tokens per sample/, bad);
});
