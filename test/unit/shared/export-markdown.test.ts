import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildMarkdownExport } from '../../../src/shared/export-markdown';
import { node, smallSnapshot, thinkingSnapshot } from '../../support/webview-trees';

describe('the Markdown export of a run', () => {
  test('holds the problem, the answer, the chosen chain in order and the vote table with totals', () => {
    const markdown = buildMarkdownExport(smallSnapshot());
    assert.ok(markdown.includes('## Problem\n\n> What is 12 \\* 13 + 4?\n'), 'only what could start markup is escaped');
    assert.match(markdown, /## Answer\n\n\*\*160\*\*\n\nShare of the vote: 73\.0%/);
    assert.ok(markdown.includes('Strategy: weighted best-of-N'));
    const chain = markdown.split('## Chosen chain\n\n')[1]?.split('\n\n')[0]?.split('\n') ?? [];
    assert.deepEqual(
      chain.map((line) => line.replace(/ _\(score .*\)_$/, '')),
      [1, 2, 3].map((step) => `${step}. Chain 3, step ${step}: 12 × 13 = 156.`).concat('4. The answer is 160.'),
    );
    assert.match(markdown, /\| 160 \| 3 \| 1\.90 \| 73\.1% \| ✓ \|/);
    assert.match(markdown, /\| 156 \| 1 \| 0\.70 \| 26\.9% \| {2}\|/);
    assert.match(markdown, /\| \*\*Total\*\* \| 4 \| 2\.60 \| \| \|/);
    assert.ok(markdown.includes('- stop: Stopped: the leader held for 3 samples.'));
    assert.match(markdown, /- Generated tokens: 640 of 4000/);
  });

  test('keeps hostile answers inside their table cell and list item', () => {
    const base = smallSnapshot();
    const answer = 'a | b\n| injected | row |';
    const snapshot = {
      ...base,
      nodes: [...base.nodes.map((n) => (n.status === 'chosen' ? { ...n, status: 'done' as const } : n)), node('x', 'p', 1, { kind: 'answer', answer, text: 'line one\n\n# heading', status: 'chosen' })],
      answers: [{ answer, votes: 1, weight: 1, share: 1, nodeIds: ['x'] }],
      chosenAnswer: answer,
    };
    const markdown = buildMarkdownExport(snapshot);
    assert.ok(markdown.includes('| a \\| b \\| injected \\| row \\| | 1 | 1.00 | 100% | ✓ |'));
    assert.ok(markdown.includes('1. line one # heading\n'));
    assert.doesNotMatch(markdown, /^# heading/m);
  });

  test('says when there is no answer yet', () => {
    const { chosenAnswer: _chosen, ...running } = { ...smallSnapshot(), finished: false, answers: [] };
    assert.match(buildMarkdownExport(running), /The search is still running\./);
  });
});

describe('the Markdown export of a thinking run', () => {
  test('gives each chosen step its thinking summary and splits the generated tokens', () => {
    const base = thinkingSnapshot();
    const markdown = buildMarkdownExport(base);
    const chain = markdown.split('## Chosen chain\n\n')[1]?.split('\n\n')[0]?.split('\n') ?? [];
    assert.match(chain[0] ?? '', / _\(Thinking · 128 tokens · stopped at 128 of 128 — no answer \(this model could not be forced\)\)_$/);
    assert.ok(!(chain[1] ?? '').includes('Thinking'), 'only steps that thought');
    assert.ok(markdown.includes('- Generated tokens: 1450 of 4000\n  - thinking: 458\n  - answers: 640\n  - verification: 352\n'), markdown);
    assert.ok(!markdown.includes('Okay, so'), 'the trace itself stays in the JSON export');
    const older = buildMarkdownExport({ ...base, usage: { ...base.usage, thinkingTokens: undefined, verifyTokens: undefined } });
    assert.ok(older.includes('- Generated tokens: 1450 of 4000\n- Prompt tokens'), 'no parts when none were counted');
    const thinkingOnly = buildMarkdownExport({ ...base, usage: { ...base.usage, verifyTokens: undefined } });
    assert.ok(thinkingOnly.includes('  - thinking: 458\n  - answers: 992 (verification included)\n- Prompt'), thinkingOnly);
  });
});
