// The budget meter's parts: thinking, answers and verification, from the run's usage.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { UsageTotals } from '../../../src/protocol/tree';
import { budgetParts } from '../../../src/webview/budget-parts';

const usage: UsageTotals = { promptTokens: 100, generatedTokens: 1000, calls: 5, wallMs: 10, tokenCap: 4000 };

test('no parts for a run that counted neither thinking nor verification: the meter stays one bar', () => {
  assert.equal(budgetParts(usage), undefined);
});

test('answers are what is left of the generated tokens', () => {
  assert.deepEqual(budgetParts({ ...usage, thinkingTokens: 600, verifyTokens: 150 }), [
    { key: 'thinking', label: 'Thinking', tokens: 600 },
    { key: 'answer', label: 'Answers', tokens: 250 },
    { key: 'verify', label: 'Verification', tokens: 150 },
  ]);
  assert.deepEqual(budgetParts({ ...usage, thinkingTokens: 600 }), [
    { key: 'thinking', label: 'Thinking', tokens: 600 },
    { key: 'answer', label: 'Answers and verification', tokens: 400 },
  ]);
  assert.deepEqual(budgetParts({ ...usage, verifyTokens: 0 }), [
    { key: 'answer', label: 'Answers', tokens: 1000 },
    { key: 'verify', label: 'Verification', tokens: 0 },
  ]);
});

test('parts never add up to more than was generated, and counts that are not numbers are left out', () => {
  const over = budgetParts({ ...usage, thinkingTokens: 900, verifyTokens: 400 }) ?? [];
  assert.deepEqual(over.map((part) => part.tokens), [900, 0, 100]);
  assert.equal(budgetParts({ ...usage, thinkingTokens: Number.NaN, verifyTokens: -5 }), undefined);
  assert.equal(budgetParts({ ...usage, thinkingTokens: '9' as unknown as number }), undefined);
});
