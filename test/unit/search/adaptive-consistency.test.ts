// Live adaptive mode with the caller's consistency prior: a model that has been unanimous on earlier problems
// settles an easy one on its first sample, and says why in the tree; a scattered model never does; a
// cancelled solve teaches the prior nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { solve } from '../../../src/engine/solve';
import { ConsistencyPrior, MIN_PRIOR_PROBLEMS, PRIOR_AUDIT_EVERY } from '../../../src/engine/stopping/consistency-prior';
import { DEFAULT_POLICY } from '../../../src/engine/stopping/policy';
import { chain, isVerification, ScriptedModel, yesNoLogprobs } from '../../support/scripted-model';
import { nodesOf } from './helpers';

function answering(answerOf: (seed: number) => string): ScriptedModel {
  return new ScriptedModel((request) => {
    if (isVerification(request)) return { chunks: ['Yes'], logprobs: [yesNoLogprobs(0.9)] };
    return { chunks: chain(['Work it out.'], answerOf(request.seed ?? 0)) };
  });
}

test('after enough unanimous problems, the first sample settles an easy one, and the tree says why', async () => {
  const prior = new ConsistencyPrior();
  const model = answering(() => '12');
  const counts: number[] = [];
  for (let i = 0; i < MIN_PRIOR_PROBLEMS + 4; i++) {
    const result = await solve(`problem ${i}`, { model, samples: 16, strategy: 'adaptive', consistencyPrior: prior });
    assert.equal(result.answer, '12');
    counts.push(nodesOf(result.tree, 'answer').length);
  }
  assert.ok(counts.slice(0, MIN_PRIOR_PROBLEMS).every((n) => n >= 4), `the probe runs in full until the prior has learned: ${counts.join(',')}`);
  // One problem in PRIOR_AUDIT_EVERY draws a second sample before it may settle, so that the prior keeps learning.
  const audited = (index: number): boolean => index % PRIOR_AUDIT_EVERY === PRIOR_AUDIT_EVERY - 1;
  assert.deepEqual(
    counts.slice(MIN_PRIOR_PROBLEMS),
    [0, 1, 2, 3].map((i) => (audited(MIN_PRIOR_PROBLEMS + i) ? 2 : 1)),
  );
  assert.equal(prior.problems, MIN_PRIOR_PROBLEMS + 4, 'every finished problem is recorded');

  while (prior.auditsNext()) prior.record(1, 1);
  const last = await solve('one more', { model, samples: 16, strategy: 'adaptive', consistencyPrior: prior });
  assert.ok(last.tree.decisions.some((d) => d.kind === 'strategy' && d.data?.strategy === 'prior'));
  assert.ok(last.tree.decisions.some((d) => d.kind === 'stop' && /problems before it this model gave a new answer/.test(d.message)));
});

test('a scattered model keeps its full probe however many problems it has solved', async () => {
  const prior = new ConsistencyPrior();
  const model = answering((seed) => String(seed % 5));
  for (let i = 0; i < MIN_PRIOR_PROBLEMS + 2; i++) await solve(`problem ${i}`, { model, samples: 12, strategy: 'adaptive', consistencyPrior: prior });
  const unanimous = await solve('easy', { model: answering(() => '7'), samples: 12, strategy: 'adaptive', consistencyPrior: prior });
  assert.ok(nodesOf(unanimous.tree, 'answer').length >= 4);
});

test('a policy without the switch ignores the prior; a cancelled solve records nothing', async () => {
  const prior = new ConsistencyPrior();
  for (let i = 0; i < 20; i++) prior.record(1, 8);
  const off = { ...DEFAULT_POLICY, consistencyPrior: false };
  const result = await solve('p', { model: answering(() => '3'), samples: 16, strategy: 'adaptive', policy: off, consistencyPrior: prior });
  assert.ok(nodesOf(result.tree, 'answer').length >= 4);
  assert.equal(prior.problems, 20, 'not recorded under a policy that does not use it');

  const controller = new AbortController();
  controller.abort();
  await solve('p', { model: answering(() => '3'), samples: 16, strategy: 'adaptive', consistencyPrior: prior }, controller.signal).catch(() => undefined);
  assert.equal(prior.problems, 20, 'a cancelled solve is not evidence of consistency');
});
