// Fitting the thinking axis on synthetic sample streams whose curves are known: easy problems are answered
// right without thinking, hard ones only with it. The fit must think where thinking pays and not where it
// does not, say why, and write a policy that reads back the same.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BenchProblem } from '../../../src/cli/bench/datasets';
import { cheaperWording, fitPolicy, runPolicy } from '../../../src/cli/bench/fit';
import type { DrawnSample, SampleStream } from '../../../src/cli/bench/streams';
import { assertLivePolicy } from '../../../src/engine/adaptive/live-policy';
import type { Policy } from '../../../src/engine/stopping/policy';
import { DEFAULT_POLICY, parsePolicyText, serializePolicy } from '../../../src/engine/stopping/policy';

const EASY = 40;
const HARD = 24;
const problems: BenchProblem[] = Array.from({ length: EASY + HARD }, (_, i) => ({ id: `p${i}`, problem: `problem ${i}`, gold: 'right', samples: [] }));
const BUDGETS = [0, 256, 1024];
/** Tokens per sample: the answer, plus the trace at a thinking budget. */
const tokensAt = (budget: number): number => 60 + budget;

function stream(problem: BenchProblem, budget: number): SampleStream {
  const hard = Number(problem.id.slice(1)) >= EASY;
  const samples: DrawnSample[] = Array.from({ length: 8 }, (_, i) => {
    // Hard problems without thinking: every sample a different wrong answer (the probe sees no agreement).
    const right = !hard || budget > 0;
    return { key: right ? 'right' : `wrong-${i}`, score: null, tokens: tokensAt(budget), correct: right, wallMs: 0 };
  });
  return { samples, limit: samples.length, ensure: () => Promise.resolve() };
}

const fit = () =>
  fitPolicy({
    dataset: 'synthetic',
    problems,
    repeats: 1,
    budget: 8,
    seed: 1,
    base: DEFAULT_POLICY,
    tolerance: 0.001,
    streamFor: (problem) => stream(problem, 0),
    thinking: { budgets: BUDGETS, samples: [1, 4, 8], streamFor: (problem, _repeat, budget) => stream(problem, budget) },
  });

test('one run-wide setting reaches the best fixed one; easy bins then drop thinking, with the reason', async () => {
  const report = await fit();
  // The probe without thinking finds the easy problems unanimous (bin 1) and the hard ones scattered (a
  // harder bin: which one depends on the probe's size, which the fit chooses too).
  const easy = report.choices.find((c) => c.bin === 1);
  const hard = report.choices.find((c) => c.bin > 1 && c.problems > 0);
  assert.ok(easy && hard, `bin 1 and a harder bin were seen: ${report.choices.map((c) => `${c.bin}: ${c.problems}`).join(', ')}`);
  assert.equal(easy.problems, EASY);
  assert.equal(hard.problems, HARD);
  assert.deepEqual(easy.chosen.think, { mode: 'off' }, 'unanimous probes: thinking buys nothing, so none');
  assert.deepEqual(hard.chosen.think, { mode: 'on', budget: 256 }, 'no agreement without thinking: the smallest budget that is right');
  assert.equal(hard.accuracy, 1);
  assert.match(hard.why ?? '', /the run-wide setting \(the probe no thinking, [24] samples\): the cheapest single setting that confidently reaches the best fixed setting on the problems fitted \(thinking 256 × majority@1, 100.0%\)/);
  assert.match(easy.why ?? '', /cheaper here, with no loss on the problems fitted, than the run-wide setting/);
  assert.deepEqual(report.policy.probe.think, { mode: 'off' });
  const reasons = report.policy.meta?.thinkReasons as Record<string, string>;
  assert.equal(reasons[String(hard.bin)], hard.why);
});

test('the comparison with fixed settings scores every problem on the fold it was not fitted on', async () => {
  const { thinking } = await fit();
  assert.ok(thinking);
  assert.equal(thinking.problems, EASY + HARD);
  assert.equal(thinking.folds, 2);
  assert.equal(thinking.fixed.length, BUDGETS.length * 3);
  const noThinking = thinking.fixed.find((f) => f.thinkBudget === 0 && f.samples === 8);
  assert.equal(noThinking?.accuracy, EASY / (EASY + HARD));
  // Best fixed: right everywhere at the least tokens (thinking 256, one sample).
  assert.deepEqual([thinking.best.thinkBudget, thinking.best.samples, thinking.best.accuracy], [256, 1, 1]);
  assert.equal(thinking.adaptive.accuracy, 1);
  assert.equal(thinking.reachesBest, true);
  // Adaptive pays a probe on every problem; what it saves depends on the curves, so only the ratio's definition is checked.
  assert.equal(thinking.tokenRatio, Math.round((thinking.adaptive.meanTokens / thinking.best.meanTokens) * 1e4) / 1e4);
});

test('a fitted policy with thinking reads back the same, and live solving accepts it', async () => {
  const { policy } = await fit();
  const again = parsePolicyText(serializePolicy(policy));
  assert.deepEqual(again, policy);
  assertLivePolicy(again);
});

test('a bin that thinks as the probe did goes on where the probe stopped, even when the source hands out fresh copies', async () => {
  // Eight samples, each costing its position + 1 tokens, answers alternating so that nothing stops early.
  const copy = (): SampleStream => {
    const samples: DrawnSample[] = Array.from({ length: 8 }, (_, i) => ({ key: i % 2 === 0 ? 'a' : 'b', score: null, tokens: i + 1, correct: i % 2 === 0, wallMs: 0 }));
    return { samples, limit: samples.length, ensure: () => Promise.resolve() };
  };
  const everyBin = { strategy: 'majority', params: {}, budgetShare: 1, stopThreshold: 1, think: { mode: 'off' } } as const;
  const policy = { ...DEFAULT_POLICY, consistencyPrior: false, probe: { samples: 4, think: { mode: 'off' } }, bins: [everyBin, everyBin, everyBin, everyBin, everyBin] } as unknown as Policy;
  const outcome = await runPolicy(policy, () => copy(), 8);
  assert.equal(outcome.samples, 8);
  assert.equal(outcome.tokens, 36, 'samples 1 to 8 once each (reading the probe again would cost 1+2+3+4 twice)');
});

test('a cheaper setting that lost runs on the problems fitted says how many, and the tolerance that allowed it', () => {
  assert.equal(cheaperWording({ correct: 990 }, { correct: 990 }, 0.001), 'cheaper here, with no loss on the problems fitted, than');
  assert.equal(cheaperWording({ correct: 988 }, { correct: 990 }, 0.001), 'cheaper here, losing 2 runs on the problems fitted (confidently within the 0.1-point tolerance), than');
  assert.match(cheaperWording({ correct: 989 }, { correct: 990 }, 0.0025), /losing 1 run on .* 0\.25-point tolerance/);
});
