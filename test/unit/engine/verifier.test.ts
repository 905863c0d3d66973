import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BudgetLedger } from '../../../src/engine/budget/ledger';
import { BudgetExhaustedError } from '../../../src/engine/budget/metered';
import { askedStepNumber } from '../../../src/engine/prompts/verify';
import { aggregateScores } from '../../../src/engine/verify/aggregate';
import { createVerifier } from '../../../src/engine/verify/create';
import { LogprobJudge } from '../../../src/engine/verify/logprob-judge';
import { SampledJudge } from '../../../src/engine/verify/sampled-judge';
import { classifyToken, NEUTRAL_SCORE, readYesNo } from '../../../src/engine/verify/yes-no';
import { ScriptedModel } from '../../support/scripted-model';

const ln = Math.log;
const close = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} ≈ ${expected}`);

test('spelling variants of Yes and No are recognised; other words are not', () => {
  for (const t of ['Yes', 'yes', 'YES', ' Yes', 'Yes.', 'Yes,', '▁Yes', 'ĠYes', '**Yes**', '"yes"', '\nYes']) assert.equal(classifyToken(t), 'yes', t);
  for (const t of ['No', ' no', 'NO', 'No.', '▁No', 'No!']) assert.equal(classifyToken(t), 'no', t);
  for (const t of ['Y', 'Yeah', 'Not', 'Nope', 'Correct', '', ' ', 'Yes No']) assert.equal(classifyToken(t), undefined, t);
});

test('P(yes)/(P(yes)+P(no)) sums the variants of each word from the top log-probabilities', () => {
  const reading = readYesNo(
    {
      token: 'Yes',
      logprob: ln(0.5),
      topLogprobs: [
        { token: 'Yes', logprob: ln(0.5) },
        { token: ' yes', logprob: ln(0.1) },
        { token: 'The', logprob: ln(0.15) },
        { token: 'No', logprob: ln(0.15) },
        { token: ' NO', logprob: ln(0.05) },
      ],
    },
    'Yes',
  );
  close(reading.score, 0.6 / 0.8);
  close(reading.pYes ?? 0, 0.6);
  close(reading.pNo ?? 0, 0.2);
  assert.match(reading.verdict, /P\(yes\)=0\.75 \(log-probabilities\)/);
});

test('only one of the words among the alternatives gives a confident score', () => {
  close(readYesNo({ token: 'No', logprob: ln(0.9), topLogprobs: [{ token: 'No', logprob: ln(0.9) }, { token: 'The', logprob: ln(0.1) }] }, 'No').score, 0);
});

test('the sampled token counts when the server lists no alternatives', () => {
  close(readYesNo({ token: ' Yes', logprob: ln(0.8) }, ' Yes').score, 1);
});

test('neither word among the alternatives: the documented neutral score, and the verdict says so', () => {
  const reading = readYesNo({ token: 'Step', logprob: ln(0.7), topLogprobs: [{ token: 'Step', logprob: ln(0.7) }, { token: 'The', logprob: ln(0.2) }] }, 'Step');
  assert.equal(reading.score, NEUTRAL_SCORE);
  assert.match(reading.verdict, /neither Yes nor No .*"Step".*neutral 0\.5/);
});

test('no log-probabilities at all: the sampled word decides', () => {
  assert.equal(readYesNo(undefined, 'Yes').score, 1);
  assert.equal(readYesNo(undefined, ' no.').score, 0);
  assert.equal(readYesNo(undefined, 'Hmm').score, NEUTRAL_SCORE);
  assert.match(readYesNo(undefined, 'Yes').verdict, /no log-probabilities returned/);
});

test('aggregation: last (default), min, product, mean; an empty chain has no score', () => {
  const scores = [0.9, 0.5, 0.8];
  assert.equal(aggregateScores(scores), 0.8);
  assert.equal(aggregateScores(scores, 'min'), 0.5);
  close(aggregateScores(scores, 'product') ?? -1, 0.36);
  close(aggregateScores(scores, 'mean') ?? -1, 2.2 / 3);
  assert.equal(aggregateScores([], 'mean'), undefined);
});

/** A judge model whose P(yes) for step k (1-based) is given. */
function judgeModel(pYes: (step: number) => number) {
  return new ScriptedModel((request) => {
    const step = askedStepNumber(request.messages[1]?.content ?? '') ?? 0;
    const p = pYes(step);
    return { chunks: [p >= 0.5 ? 'Yes' : 'No'], logprobs: [{ token: p >= 0.5 ? 'Yes' : 'No', logprob: ln(Math.max(p, 1 - p)), topLogprobs: [{ token: 'Yes', logprob: ln(p) }, { token: 'No', logprob: ln(1 - p) }] }] };
  });
}

test('the log-probability judge asks one token at temperature 0 with top log-probs, per step, charged to the ledger', async () => {
  const model = judgeModel((step) => [0.9, 0.2, 0.7][step - 1] ?? 0.5);
  const ledger = new BudgetLedger({ tokenCap: 100 });
  const judge = new LogprobJudge({ model, ledger, modelName: 'judge:7b' });
  const seen: number[] = [];
  const result = await judge.scoreSteps('p', ['a', 'b', 'c'], new AbortController().signal, { onStep: (j) => seen.push(j.index) });
  assert.equal(result.method, 'logprobs');
  result.scores.forEach((s, i) => close(s, [0.9, 0.2, 0.7][i] ?? -1));
  assert.deepEqual(seen.sort(), [0, 1, 2]);
  for (const request of model.requests) {
    assert.equal(request.model, 'judge:7b');
    assert.equal(request.maxTokens, 1);
    assert.equal(request.temperature, 0);
    assert.equal(request.logprobs, true);
    assert.ok((request.topLogprobs ?? 0) >= 10 && (request.topLogprobs ?? 0) <= 20);
  }
  assert.deepEqual(ledger.totalsFor('verify'), { promptTokens: 30, generatedTokens: 3, calls: 3, callMs: ledger.totalsFor('verify').callMs });
  assert.equal(result.judgements[1]?.usage.calls, 1);
});

test('the sampled judge scores the share of Yes among k samples at temperature 1, with distinct seeds', async () => {
  // Step 1: always Yes. Step 2: Yes on every third call, otherwise No or an unclear word.
  let n = 0;
  const model = new ScriptedModel((request) => {
    const step = askedStepNumber(request.messages[1]?.content ?? '');
    if (step === 1) return { chunks: [' Yes', '.'] };
    n += 1;
    return { chunks: [n % 3 === 0 ? 'Yes' : n % 3 === 1 ? 'No' : 'Maybe'] };
  }, { logprobs: false, thinking: false });
  const ledger = new BudgetLedger({ tokenCap: 1000 });
  const judge = new SampledJudge({ model, ledger, samples: 6, seed: 3 });
  const result = await judge.scoreSteps('p', ['a', 'b'], new AbortController().signal);
  assert.equal(result.method, 'sampled');
  assert.deepEqual(result.scores, [1, 0.5]);
  assert.match(result.judgements[1]?.verdict ?? '', /2 of 6 sampled judgements Yes, 2 No, 2 unclear/);
  assert.ok(model.requests.every((r) => r.temperature === 1 && r.maxTokens === 3 && !r.logprobs));
  assert.equal(new Set(model.requests.map((r) => r.seed)).size, 12);
  assert.equal(ledger.totalsFor('verify').calls, 12);
});

test('the verifier is chosen from the capabilities of the verifier model', async () => {
  const signal = new AbortController().signal;
  const ledger = new BudgetLedger({ tokenCap: 10 });
  const withLogprobs = new ScriptedModel(() => ({}), { logprobs: true, thinking: false });
  const without = new ScriptedModel(() => ({}), { logprobs: false, thinking: false });
  assert.equal((await createVerifier({ model: withLogprobs, ledger }, signal)).method, 'logprobs');
  assert.equal((await createVerifier({ model: without, ledger }, signal)).method, 'sampled');
  assert.equal((await createVerifier({ model: withLogprobs, ledger, choice: 'sampled' }, signal)).method, 'sampled');
  assert.match((await createVerifier({ model: without, ledger }, signal)).description, /sampled judge/);
});

test('judging stops when the budget has no room, and when cancelled', async () => {
  const ledger = new BudgetLedger({ tokenCap: 2 });
  const judge = new LogprobJudge({ model: judgeModel(() => 0.9), ledger });
  await assert.rejects(judge.scoreSteps('p', ['a', 'b', 'c'], new AbortController().signal), BudgetExhaustedError);
  assert.equal(ledger.totals().generatedTokens, 2, 'the two steps that fitted were judged and charged');

  const hanging = new ScriptedModel(() => ({ hang: true }));
  const controller = new AbortController();
  const pending = new LogprobJudge({ model: hanging, ledger: new BudgetLedger({ tokenCap: 10 }) }).scoreSteps('p', ['a'], controller.signal);
  while (hanging.active === 0) await new Promise((resolve) => setImmediate(resolve));
  controller.abort();
  await assert.rejects(pending, (error: unknown) => controller.signal.aborted && error instanceof Error);
  assert.equal(hanging.active, 0);
});

test('a thinking verifier model is asked not to think, so its first token is the judgement', async () => {
  const thinker = new ScriptedModel(() => ({ chunks: ['Yes'], logprobs: [{ token: 'Yes', logprob: ln(0.9) }] }), { logprobs: true, thinking: true });
  const judge = await createVerifier({ model: thinker, ledger: new BudgetLedger({ tokenCap: 10 }) }, new AbortController().signal);
  await judge.scoreSteps('p', ['a'], new AbortController().signal);
  assert.equal(thinker.requests[0]?.think, false);
  const plain = new ScriptedModel(() => ({ chunks: ['Yes'] }), { logprobs: true, thinking: false });
  await (await createVerifier({ model: plain, ledger: new BudgetLedger({ tokenCap: 10 }) }, new AbortController().signal)).scoreSteps('p', ['a'], new AbortController().signal);
  assert.equal(plain.requests[0]?.think, undefined, 'a model that cannot think is not sent the option');
});
