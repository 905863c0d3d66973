// The hover's Markdown: LaTeX from the model shown as readable text, and still inert.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bestChain } from '../../../src/protocol/best-chain';
import { explainMarkdown } from '../../../src/server/explain-markdown';
import { stopSummary } from '../../../src/server/stop-summary';
import type { SearchDecision } from '../../../src/protocol/tree';
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

test('why a run stopped: the rule that ended sampling, not the closing vote, with the probe’s difficulty', () => {
  const decisions: SearchDecision[] = [
    { kind: 'difficulty', message: 'estimated difficulty 0.62 …: bin 4 of 5', data: { difficulty: 0.6234, bin: 4 } },
    { kind: 'stop', message: 'P(leader still leads at 64 samples) = 0.961 ≥ 0.95; answer "7" after 23 samples', data: { reason: 'confident', detail: 'P(leader still leads at 64 samples) = 0.961 ≥ 0.95', samples: 23 } },
    { kind: 'stop', message: '7: majority over 23 samples', data: { stopReason: 'completed', answer: '7', confidence: 0.6 } },
  ];
  const summary = stopSummary(decisions);
  assert.deepEqual(summary, { reason: 'P(leader still leads at 64 samples) = 0.961 ≥ 0.95', samples: 23, difficulty: { value: 0.6234, bin: 4, bins: 5 } });
  assert.match(explainMarkdown(result, undefined, true, true, summary), /\nStopped after 23 samples: P\\\(leader still leads at 64 samples\\\) \\= 0\\\.961 ≥ 0\\\.95 · difficulty 0\.62 \(bin 4 of 5\)\n/);
  // A stop without the rule's own words (the token budget, the run's prior) is shown as its message.
  const budget = stopSummary([{ kind: 'stop', message: 'the token budget ran out after 5 of 8 samples', data: { ran: 5 } }, decisions[2]!]);
  assert.deepEqual(budget, { reason: 'the token budget ran out after 5 of 8 samples' });
  assert.match(explainMarkdown(result, undefined, true, true, budget), /\nStopped: the token budget ran out after 5 of 8 samples\n/);
  // Only the closing vote: nothing to say.
  assert.equal(stopSummary([decisions[2]!]), undefined);
  assert.doesNotMatch(explainMarkdown(result, undefined, true), /Stopped/);
});
