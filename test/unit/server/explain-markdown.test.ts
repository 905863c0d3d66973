// The hover's Markdown: LaTeX from the model shown as readable text, and still inert.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bestChain } from '../../../src/protocol/best-chain';
import { explainMarkdown } from '../../../src/server/explain-markdown';
import { thinkingSnapshot } from '../../support/webview-trees';

const result = {
  runId: 'r1',
  answer: '\\boxed{144}',
  confidence: 0.9,
  strategy: 'weighted',
  usage: { promptTokens: 10, generatedTokens: 20, calls: 2, wallMs: 300, tokenCap: 1000 },
  stopReason: 'completed',
  cancelled: false,
};

test('the hover shows math as Unicode text, and model text stays inert', () => {
  const markdown = explainMarkdown(result, { steps: [{ text: '12 \\times 12 = \\frac{288}{2} [x](javascript:alert(1)) <img src=x>', score: 0.8 }] }, true);
  assert.ok(!markdown.includes('\\boxed'), markdown);
  assert.match(markdown, /\*\*144\*\*/);
  assert.match(markdown, /12 × 12 \\= 288\\\/2/);
  assert.ok(!markdown.includes('<img'));
  assert.ok(!/\]\(javascript:/.test(markdown), 'no link forms from model text');
  assert.equal(markdown.match(/\]\(command:/g)?.length, 2, "only Ponder's two command links");
  assert.match(explainMarkdown({ ...result, confidence: 0.996 }, undefined, true), /confidence 99\.6%/, 'not rounded up to 100%');
});

test('the hover names the thinking and verification tokens and each best step’s thinking, when counted', () => {
  const usage = { ...result.usage, generatedTokens: 900, thinkingTokens: 500, verifyTokens: 120 };
  const steps = [{ text: 'First, 12 × 12.', score: 0.8, thinking: { thinkingTokens: 128, thinkingBudget: 128, thinkingEnding: 'cut' as const } }, { text: 'So 144.' }];
  const markdown = explainMarkdown({ ...result, usage }, { steps }, true);
  assert.match(markdown, /900 tokens generated \(500 thinking, 120 verification\), 10 prompt tokens/);
  assert.match(markdown, /1\. First\\, 12 × 12\\\. `0\.80` _Thinking · 128 tokens · cut at 128 of 128 — answer forced_\n2\. So 144\\\.\n/);
  assert.match(explainMarkdown(result, undefined, true), /20 tokens generated, 10 prompt tokens/, 'as before when nothing was counted');
});

test('the best chain carries each step’s thinking counts, not its trace', () => {
  const best = bestChain(thinkingSnapshot());
  assert.deepEqual(best?.steps[0]?.thinking, { thinkingTokens: 128, thinkingBudget: 128, thinkingEnding: 'stopped', thinkingExtensions: 0 });
  assert.equal(best?.steps[1]?.thinking, undefined);
  assert.ok(!JSON.stringify(best).includes('Okay'));
});
