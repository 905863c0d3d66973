// The hover's Markdown: LaTeX from the model shown as readable text, and still inert.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explainMarkdown } from '../../../src/server/explain-markdown';

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
