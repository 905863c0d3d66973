// The fit keeps the run's consistency prior where it saves samples at no loss, and writes the policy without
// it where settling on a unanimous first sample loses answers a vote would have won.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BenchProblem } from '../../../src/cli/bench/datasets';
import { fitPolicy } from '../../../src/cli/bench/fit';
import type { DrawnSample, SampleStream } from '../../../src/cli/bench/streams';
import { DEFAULT_POLICY } from '../../../src/engine/stopping/policy';

const problems: BenchProblem[] = Array.from({ length: 80 }, (_, i) => ({ id: `p${i}`, problem: `p${i}`, gold: 'right', samples: [] }));

function streamOf(keys: readonly string[]): SampleStream {
  const samples: DrawnSample[] = keys.map((key) => ({ key, score: null, tokens: 20, correct: key === 'right', wallMs: 0 }));
  return { samples, limit: samples.length, ensure: () => Promise.resolve() };
}

const fit = (streamFor: (problem: BenchProblem) => SampleStream) =>
  fitPolicy({ dataset: 'prior', problems, repeats: 1, budget: 8, seed: 1, base: DEFAULT_POLICY, tolerance: 0.001, streamFor });

test('a model whose every answer agrees keeps the prior: it settles problems on fewer samples and loses none', async () => {
  const report = await fit(() => streamOf(Array.from({ length: 8 }, () => 'right')));
  assert.equal(report.policy.consistencyPrior, true);
  assert.match(String(report.policy.meta?.consistencyPrior), /^the consistency prior stays: cheaper on the problems fitted with no loss they could see \(with it 100\.0% at \d/);
});

test('a model that opens with a wrong answer on one problem in five, then votes it down, is written without the prior', async () => {
  // Mostly unanimous, so the prior soon believes the model consistent; on every fifth problem the first
  // sample is wrong and the other seven right: settled on its first sample, that problem is lost.
  const report = await fit((problem) => {
    const split = Number(problem.id.slice(1)) % 5 === 4;
    return streamOf(Array.from({ length: 8 }, (_, i) => (split && i === 0 ? 'wrong' : 'right')));
  });
  assert.equal(report.policy.consistencyPrior, false);
  assert.match(String(report.policy.meta?.consistencyPrior), /^the consistency prior is off: it cost accuracy on the problems fitted \(with it \d+\.\d% at [\d.]+, without 100\.0% at/);
  // A half fitted without the prior loses nothing on the other half. (Whether a half of 40 problems shows
  // the loss depends on where its split problems fall among those the prior audits.)
  const without = report.folds.filter((fold) => fold.policy.consistencyPrior === false);
  assert.ok(without.length >= 1, 'at least one half saw the loss');
  for (const fold of without) assert.equal(fold.fitted.accuracy, 1, fold.fold);
});
