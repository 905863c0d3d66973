// The words for a node's thinking: its length, and where a budget ended it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hasThinking, thinkingEndingText, thinkingSummary } from '../../../src/shared/thinking-summary';

test('length and ending, for each way a budgeted trace can end', () => {
  assert.equal(thinkingSummary({ thinkingTokens: 128, thinkingBudget: 128, thinkingEnding: 'cut' }), 'Thinking · 128 tokens · cut at 128 of 128 — answer forced');
  assert.equal(thinkingSummary({ thinkingTokens: 1_900, thinkingBudget: 2_048, thinkingEnding: 'extended', thinkingExtensions: 2 }), 'Thinking · 1,900 tokens · extended 2× with Wait');
  assert.equal(thinkingSummary({ thinkingTokens: 130, thinkingBudget: 128, thinkingEnding: 'stopped' }), 'Thinking · 130 tokens · stopped at 130 of 128 — no answer (this model could not be forced)');
  assert.equal(thinkingSummary({ thinkingTokens: 74, thinkingBudget: 1_024, thinkingEnding: 'natural' }), 'Thinking · 74 tokens · ended by the model within 1,024');
  assert.equal(thinkingSummary({ thinkingTokens: 1, thinkingBudget: 256 }), 'Thinking · 1 token · budget 256');
});

test('cut or stopped at the trace allowance (no budget set): said as the allowance, not as a budget', () => {
  assert.equal(
    thinkingSummary({ thinkingTokens: 4_096, thinkingBudget: 4_096, thinkingEnding: 'cut', thinkingLimit: 'allowance' }),
    'Thinking · 4,096 tokens · cut at 4,096 of 4,096 (the trace allowance) — answer forced',
  );
  assert.equal(
    thinkingEndingText({ thinkingTokens: 4_096, thinkingBudget: 4_096, thinkingEnding: 'stopped', thinkingLimit: 'allowance' }),
    'stopped at 4,096 of 4,096 (the trace allowance) — no answer (this model could not be forced)',
  );
});

test('no budget: the length alone; tokens not counted (older runs): the trace’s characters, said as such', () => {
  assert.equal(thinkingSummary({ thinkingTokens: 412 }), 'Thinking · 412 tokens');
  assert.equal(thinkingSummary({ thinkingTokens: 412, thinkingEnding: 'natural', thinking: 'x'.repeat(2000) }), 'Thinking · 412 tokens', 'tokens win over characters');
  assert.equal(thinkingSummary({ thinking: 'Let me see.' }), 'Thinking · 11 characters');
  assert.equal(thinkingSummary({ thinking: '' }), 'Thinking');
  assert.equal(thinkingEndingText({ thinkingBudget: 128, thinkingEnding: 'cut' }), 'cut at 128 — answer forced');
  assert.equal(thinkingEndingText({}), undefined);
});

test('a node thought when it has a trace or counted thinking tokens', () => {
  assert.equal(hasThinking({}), false);
  assert.equal(hasThinking({ thinking: '' }), false);
  assert.equal(hasThinking({ thinkingTokens: 0 }), false);
  assert.equal(hasThinking({ thinking: 'x' }), true);
  assert.equal(hasThinking({ thinkingTokens: 12 }), true, 'a backend that counts but does not return the trace');
});

test('counts that are not numbers (a corrupt or hostile saved tree) are left out, never shown as NaN', () => {
  const hostile = { thinkingTokens: 'lots', thinkingBudget: Number.NaN, thinkingEnding: 'cut', thinkingExtensions: -3 } as unknown as Parameters<typeof thinkingSummary>[0];
  assert.equal(thinkingSummary(hostile), 'Thinking · cut — answer forced');
  assert.equal(thinkingSummary({ thinking: 42 } as unknown as Parameters<typeof thinkingSummary>[0]), 'Thinking');
  assert.equal(hasThinking({ thinking: 42 } as unknown as Parameters<typeof hasThinking>[0]), false);
  assert.equal(thinkingSummary({ thinkingEnding: 'extended', thinkingExtensions: Number.POSITIVE_INFINITY }), 'Thinking · extended 1× with Wait');
});
