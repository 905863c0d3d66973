// The tree document opened in other editors: every chain under the problem with its scores, the answers
// and decisions, and model text that forms no link, image, HTML or heading.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { treeMarkdown } from '../../../src/server/standard-lsp/tree-markdown';
import type { TreeNode, TreeSnapshot } from '../../../src/protocol/tree';

const HOSTILE = '[run](command:workbench.action.terminal.new) ![x](https://evil.example/x.png) <script>alert(1)</script>\n# Heading';
const usage = { promptTokens: 0, generatedTokens: 1, calls: 1, wallMs: 1 };
const node = (id: string, parentId: string | null, kind: TreeNode['kind'], text: string, extra: Partial<TreeNode> = {}): TreeNode => ({
  id,
  parentId,
  kind,
  status: 'done',
  text,
  depth: 0,
  usage,
  ...extra,
});

function tree(): TreeSnapshot {
  return {
    runId: 'r',
    problem: `What is 2+2? ${HOSTILE}`,
    strategy: 'weighted',
    nodes: [
      node('p', null, 'problem', 'What is 2+2?'),
      node('s1', 'p', 'step', `Two and two. ${HOSTILE}`, { score: 0.91 }),
      node('a1', 's1', 'answer', '4', { answer: '4', score: 0.91, status: 'chosen' }),
      node('s2', 'p', 'step', 'Two times three.', { score: 0.2, status: 'pruned', reason: 'low score' }),
    ],
    answers: [{ answer: '4', votes: 1, weight: 0.91, share: 1, nodeIds: ['a1'] }],
    decisions: [{ kind: 'stop', message: `stopped ${HOSTILE}` }],
    chosenAnswer: '4',
    usage: { promptTokens: 5, generatedTokens: 20, calls: 3, wallMs: 1200, tokenCap: 1000 },
    finished: true,
  };
}

describe('the tree as Markdown', () => {
  test('chains nest under the problem with scores and statuses; answers and decisions come first', () => {
    const markdown = treeMarkdown(tree(), undefined);
    assert.match(markdown, /^# Ponder reasoning tree$/m);
    assert.match(markdown, /^\| 4 \| 1 \| 100% \|$/m);
    assert.match(markdown, /^- Two and two\\\. .* `0\.91`$/m);
    assert.match(markdown, /^ {2}- answer \*\*4\*\* `0\.91` _\(chosen\)_$/m);
    assert.match(markdown, /^- Two times three\\\. `0\.20` _\(pruned: low score\)_$/m);
    assert.match(markdown, /20 of 1000 tokens generated/);
  });

  test('hostile problem and model text stays text', () => {
    const markdown = treeMarkdown(tree(), undefined);
    assert.doesNotMatch(markdown, /\]\(/, 'no link or image');
    assert.doesNotMatch(markdown, /<script/, 'no HTML');
    assert.equal(markdown.match(/^#/gm)?.length, 4, 'only the document heading and its three sections');
  });
});
