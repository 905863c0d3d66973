// The language-model tool's input checks and the chat/tool renderings of a result: an agent cannot exceed
// the user's token ceiling, and model text in chat Markdown stays text (no link, image or HTML forms).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { answerMarkdown, explainMarkdown, toolResultText } from '../../../src/extension/chat/result-markdown';
import { checkToolInput } from '../../../src/extension/chat/tool-input';
import type { SolveResultParams } from '../../../src/protocol/lsp';
import { DEFAULT_SETTINGS } from '../../../src/protocol/settings';
import type { TreeSnapshot } from '../../../src/protocol/tree';
import { thinkingSnapshot } from '../../support/webview-trees';

const settings = { ...DEFAULT_SETTINGS, maxTokensPerProblem: 4000 };

describe('ponder_solve input', () => {
  test('defaults to adaptive mode at the user\'s token ceiling', () => {
    assert.deepEqual(checkToolInput({ problem: 'What is 2+2?' }, settings), { problem: 'What is 2+2?', mode: 'adaptive', tokenCap: 4000 });
  });

  test('a strategy implies fixed mode with the settings\' samples', () => {
    assert.deepEqual(checkToolInput({ problem: 'p', strategy: 'beam', maxTokens: 100 }, settings), {
      problem: 'p',
      mode: 'fixed',
      strategy: 'beam',
      samples: settings.fixedSamples,
      tokenCap: 100,
    });
  });

  test('bad input gets a message naming the field', () => {
    const cases: [unknown, RegExp][] = [
      [null, /must be an object/],
      [{}, /"problem"/],
      [{ problem: '   ' }, /"problem"/],
      [{ problem: 'x'.repeat(20_001) }, /at most 20000/],
      [{ problem: 'p', mode: 'fast' }, /"mode"/],
      [{ problem: 'p', strategy: 'guess' }, /"strategy" must be one of/],
      [{ problem: 'p', mode: 'adaptive', strategy: 'beam' }, /for fixed mode/],
      [{ problem: 'p', samples: 0 }, /"samples"/],
      [{ problem: 'p', samples: 2.5 }, /"samples"/],
      [{ problem: 'p', maxTokens: 4001 }, /"maxTokens" must be a whole number from 64 to 4000/],
    ];
    for (const [input, message] of cases) {
      const checked = checkToolInput(input, settings);
      assert.equal(typeof checked, 'string', JSON.stringify(input));
      assert.match(checked as string, message);
    }
  });
});

const HOSTILE = '[click](command:workbench.action.terminal.new) ![x](https://evil.example/x.png) <img src=x onerror=alert(1)> # Heading';

function result(answer: string | null): SolveResultParams {
  return {
    runId: 'run-1',
    answer,
    confidence: 0.75,
    strategy: 'adaptive',
    usage: { promptTokens: 10, generatedTokens: 120, calls: 6, wallMs: 1500, tokenCap: 4000 },
    stopReason: 'confident',
    cancelled: false,
  };
}

function tree(): TreeSnapshot {
  return {
    runId: 'run-1',
    problem: `What is 2+2? ${HOSTILE}`,
    strategy: 'adaptive',
    nodes: [
      { id: 'p', parentId: null, kind: 'problem', status: 'done', text: 'problem', depth: 0, usage: { promptTokens: 0, generatedTokens: 0, calls: 0, wallMs: 0 } },
      { id: 's', parentId: 'p', kind: 'step', status: 'done', text: `Add them. ${HOSTILE}`, score: 0.9, depth: 1, usage: { promptTokens: 0, generatedTokens: 5, calls: 1, wallMs: 1 } },
      { id: 'a', parentId: 's', kind: 'answer', status: 'chosen', text: '4', answer: '4', score: 0.9, depth: 2, usage: { promptTokens: 0, generatedTokens: 1, calls: 0, wallMs: 0 } },
    ],
    answers: [{ answer: '4', votes: 3, weight: 2.7, share: 0.75, nodeIds: ['a'] }],
    decisions: [{ kind: 'stop', message: 'confident after 4 samples' }],
    chosenAnswer: '4',
    usage: { promptTokens: 10, generatedTokens: 120, calls: 6, wallMs: 1500, tokenCap: 4000 },
    finished: true,
  };
}

describe('chat Markdown of a result', () => {
  test('the answer, confidence and cost', () => {
    assert.match(answerMarkdown(result('387')), /^Answer: \*\*387\*\* \(confidence 75%\)$/m);
    assert.match(answerMarkdown(result('387')), /120 of 4,000 tokens · 6 calls · 1\.5 s/);
  });

  test('hostile model and problem text forms no link, image, HTML or heading', () => {
    for (const markdown of [answerMarkdown(result(HOSTILE)), explainMarkdown(result(HOSTILE), tree())]) {
      assert.doesNotMatch(markdown, /\]\(/, 'no link or image');
      assert.doesNotMatch(markdown, /<img/, 'no HTML');
      assert.doesNotMatch(markdown, /^#/m, 'no heading');
    }
    assert.match(explainMarkdown(result('4'), tree()), /Best chain \(score 0\.90\):/);
  });

  test('the tool text gives the agent the answer, the chain and how the user opens the tree', () => {
    const text = toolResultText(result('4'), tree());
    assert.match(text, /^Answer: 4$/m);
    assert.match(text, /^Confidence: 75%/m);
    assert.match(text, /^1\. Add them\./m);
    assert.match(text, /run run-1 with "Ponder: Show Reasoning Tree"/);
  });
});

describe('chat replies for a thinking run', () => {
  test('the cost names thinking and verification tokens, and the best chain each step’s thinking', () => {
    const tree = thinkingSnapshot('run-chat-thinking');
    const result: SolveResultParams = { runId: tree.runId, answer: '160', confidence: 0.73, strategy: 'weighted', usage: tree.usage, stopReason: 'completed', cancelled: false };
    assert.match(answerMarkdown(result), /1,450 of 4,000 tokens \(458 thinking, 352 verification\) · 20 calls/);
    assert.match(explainMarkdown(result, tree), /1\. Chain 3\\, step 1\\: .* _Thinking · 128 tokens · stopped at 128 of 128 — no answer \\\(this model could not be forced\\\)_\n/);
    assert.match(toolResultText(result, tree), /Cost: 1,450 of 4,000 tokens \(458 thinking, 352 verification\)/);
    const plain = { ...result, usage: { ...tree.usage, thinkingTokens: undefined, verifyTokens: undefined } };
    assert.match(answerMarkdown(plain), /1,450 of 4,000 tokens · 20 calls/, 'as before when nothing was counted');
  });
});
