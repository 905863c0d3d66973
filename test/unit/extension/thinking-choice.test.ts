// The fixed-budget picker's thinking step: when it shows, what it offers, how a typed budget is read.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ThinkItem, ThinkingPrompts } from '../../../src/extension/commands/thinking-choice';
import { BUDGET_RULE, chooseThinking, parseBudget, showThinkingStep, thinkItems, thinkingPlaceholder } from '../../../src/extension/commands/thinking-choice';
import type { ThinkMode } from '../../../src/protocol/settings';

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

/** Answers the step's questions as a user would: picks the item at `pick` (or Escape), then types `budget`. */
function user(pick: number | 'escape', budget?: number | 'escape'): ThinkingPrompts & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    pickMode: (items: readonly ThinkItem[], placeholder: string) => {
      asked.push(`mode: ${placeholder}`);
      return Promise.resolve(pick === 'escape' ? undefined : items[pick]);
    },
    askBudget: (mode: ThinkMode, initial: string) => {
      asked.push(`budget for ${mode}, starting at "${initial}"`);
      return Promise.resolve(budget === 'escape' ? undefined : budget);
    },
  };
}

test('the thinking step: Enter keeps the settings, off needs no budget, a thinking mode asks for one, Escape cancels', async () => {
  const settings = { think: 'on' as ThinkMode, thinkBudget: 256, model: 'qwen3:1.7b' };
  const enter = user(0);
  assert.deepEqual(await chooseThinking(enter, settings, 'thinks'), {}, 'nothing set: the settings apply');
  assert.deepEqual(enter.asked, ['mode: Thinking before each answer (Enter keeps the settings)']);
  const off = user(1);
  assert.deepEqual(await chooseThinking(off, settings, 'thinks'), { think: 'off', thinkBudget: 0 });
  assert.equal(off.asked.length, 1, 'no budget question for off');
  const high = user(5, 1024);
  assert.deepEqual(await chooseThinking(high, settings, 'unknown'), { think: 'high', thinkBudget: 1024 });
  assert.match(high.asked[0] ?? '', /cannot tell whether qwen3:1\.7b thinks/);
  assert.equal(high.asked[1], 'budget for high, starting at "256"', 'the box starts at the setting');
  assert.deepEqual(await chooseThinking(user(2, 0), { ...settings, thinkBudget: 0 }, 'thinks'), { think: 'on', thinkBudget: 0 });
  const blank = user(2, 0);
  await chooseThinking(blank, { ...settings, thinkBudget: 0 }, 'thinks');
  assert.equal(blank.asked[1], 'budget for on, starting at ""', 'no budget starts empty');
  assert.equal(await chooseThinking(user('escape'), settings, 'thinks'), 'cancelled');
  assert.equal(await chooseThinking(user(3, 'escape'), settings, 'thinks'), 'cancelled');
});
