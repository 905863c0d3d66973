import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkContextFit, checkProblemText, estimatePromptTokens } from '../../../src/server/input-check';

test('empty, whitespace-only and binary problems are refused; text is accepted', () => {
  assert.equal(checkProblemText('')?.kind, 'bad-input');
  assert.equal(checkProblemText(' \n\t')?.kind, 'bad-input');
  assert.equal(checkProblemText('\u0000\u0001\ufffd')?.kind, 'bad-input');
  assert.equal(checkProblemText(`What is 2 + 2?${'\u0000'.repeat(5)}`)?.kind, 'bad-input');
  assert.equal(checkProblemText('Was ist 2 + 2?'), undefined);
  assert.equal(checkProblemText('一加一等于几？'), undefined);
});

test('a prompt that leaves no room for an answer is refused with a length that fits', () => {
  const short = checkContextFit('What is 2 + 2?', 2048);
  assert.equal(short.error, undefined);
  assert.equal(short.maxTokensPerSample, 1024);
  const problem = 'word '.repeat(2000);
  const fit = checkContextFit(problem, 2048);
  assert.equal(fit.error?.kind, 'context-too-small');
  const suggested = fit.error.suggestedContextLength ?? 0;
  assert.ok(suggested >= estimatePromptTokens(problem) + 512);
  assert.equal(checkContextFit(problem, suggested).error, undefined);
});
