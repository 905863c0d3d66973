// A judge or a generator whose thinking uses up all it was allowed leaves no text: the judge's verdict says so
// (neutral, no evidence either way) instead of reading an empty answer, and a generation is failed with the
// reason instead of passing for an empty chain.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BudgetLedger } from '../../../src/engine/budget/ledger';
import { solve } from '../../../src/engine/solve';
import type { ReasoningTree } from '../../../src/engine/tree/tree';
import { LogprobJudge } from '../../../src/engine/verify/logprob-judge';
import { SampledJudge } from '../../../src/engine/verify/sampled-judge';
import { NEUTRAL_SCORE } from '../../../src/engine/verify/yes-no';
import { ScriptedModel } from '../../support/scripted-model';

const longTrace = Array.from({ length: 2000 }, (_, i) => `t${i} `);
const alwaysThinks = { logprobs: true, thinking: true, thinkingAlwaysOn: true };

test('log-probability judge: a trace that uses up the allowance gives a neutral score that says why', async () => {
  const model = new ScriptedModel(() => ({ thinking: longTrace, chunks: ['Yes'], logprobs: [{ token: 'Yes', logprob: -0.1, topLogprobs: [{ token: 'Yes', logprob: -0.1 }] }] }), alwaysThinks);
  const judge = new LogprobJudge({ model, ledger: new BudgetLedger({ tokenCap: 10_000 }), think: 'low', thinkingAllowance: 256 });
  const scores = await judge.scoreSteps('p', ['a'], new AbortController().signal);
  const [judgement] = scores.judgements;
  assert.equal(judgement?.score, NEUTRAL_SCORE);
  assert.match(judgement?.verdict ?? '', /the judge's thinking used its 256-token allowance before it said Yes or No/);
  // A trace that fits leaves the answer to be read as usual.
  const short = new ScriptedModel(() => ({ thinking: ['hm '], chunks: ['Yes'], logprobs: [{ token: 'Yes', logprob: -0.1, topLogprobs: [{ token: 'Yes', logprob: -0.1 }] }] }), alwaysThinks);
  const read = await new LogprobJudge({ model: short, ledger: new BudgetLedger({ tokenCap: 10_000 }), think: 'low', thinkingAllowance: 256 }).scoreSteps('p', ['a'], new AbortController().signal);
  assert.equal(read.judgements[0]?.score, 1);
});

test('sampled judge: judgements whose trace used up the allowance are counted and said', async () => {
  const model = new ScriptedModel((_, call) => (call % 2 === 0 ? { thinking: longTrace, chunks: ['Yes'] } : { chunks: ['No'] }), alwaysThinks);
  const judge = new SampledJudge({ model, ledger: new BudgetLedger({ tokenCap: 10_000 }), samples: 4, think: 'low', thinkingAllowance: 256 });
  const scores = await judge.scoreSteps('p', ['a'], new AbortController().signal);
  assert.equal(scores.judgements[0]?.score, 0);
  assert.match(scores.judgements[0]?.verdict ?? '', /0 of 4 sampled judgements Yes, 2 No, 2 unclear \(2 used up the 256-token thinking allowance before answering\)/);
});

test('a chain whose trace ran into the tokens it was granted fails with that reason, and does not pass for unanswered', async () => {
  const model = new ScriptedModel(() => ({ thinking: longTrace, chunks: ['The answer is \\boxed{4}.'] }), alwaysThinks);
  let tree: ReasoningTree | undefined;
  // Every chain failed so: the run reports why rather than an answerless result.
  await assert.rejects(
    solve('What is 2+2?', { model, strategy: 'majority', samples: 2, parallelism: 1, tokenCap: 300, seed: 1, onTree: (t) => (tree = t) }),
    /thinking used all 300 tokens this generation was granted before it wrote any text/,
  );
  const nodes = tree?.snapshot().nodes ?? [];
  const failed = nodes.filter((n) => n.status === 'failed' && (n.thinking ?? '') !== '');
  assert.equal(failed.length, 1);
  assert.match(failed[0]?.reason ?? '', /thinking used all 300 tokens this generation was granted/);
  assert.equal(nodes.filter((n) => n.kind === 'answer').length, 0, 'no answer node for a chain that wrote nothing');
});
