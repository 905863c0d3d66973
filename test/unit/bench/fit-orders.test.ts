// The thinking fit reads each problem's samples in several orders, so a stopping rule that loses only in
// some orders (two wrong answers first) shows its loss on the problems fitted instead of passing for free.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BenchProblem } from '../../../src/cli/bench/datasets';
import { fitPolicy, runPolicy } from '../../../src/cli/bench/fit';
import { orderedAxis, shuffledStream } from '../../../src/cli/bench/fit-orders';
import type { DrawnSample, SampleStream } from '../../../src/cli/bench/streams';
import { seededRandom } from '../../../src/engine/model/replay';
import type { Policy, PolicyThink } from '../../../src/engine/stopping/policy';
import { DEFAULT_POLICY } from '../../../src/engine/stopping/policy';

function sample(key: string, correct: boolean, tokens = 10): DrawnSample {
  return { key, score: null, tokens, correct, wallMs: 0 };
}

/** A stream that draws on demand, like a live backend, and records how far it was asked to draw. */
function lazyStream(all: readonly DrawnSample[]): SampleStream & { asked: number[] } {
  const drawn: DrawnSample[] = [];
  const asked: number[] = [];
  return {
    asked,
    samples: drawn,
    limit: all.length,
    ensure(count: number) {
      asked.push(count);
      while (drawn.length < Math.min(count, all.length)) drawn.push(all[drawn.length] as DrawnSample);
      return Promise.resolve();
    },
  };
}

const eight = Array.from({ length: 8 }, (_, i) => sample(`a${i}`, i % 2 === 0));

test('a shuffled stream draws the whole pool first, then serves a seeded permutation of it', async () => {
  const base = lazyStream(eight);
  const shuffled = shuffledStream(base, 8, seededRandom('t', 1));
  assert.equal(shuffled.samples.length, 0);
  await shuffled.ensure(1);
  assert.deepEqual(base.asked, [8], 'asking for one sample draws the pool, so the first can be any of them');
  assert.equal(shuffled.samples.length, 8);
  assert.deepEqual([...shuffled.samples].map((s) => s.key).sort(), eight.map((s) => s.key).sort());
  assert.notDeepEqual(shuffled.samples.map((s) => s.key), eight.map((s) => s.key), 'this seed moves something');
  const again = shuffledStream(lazyStream(eight), 8, seededRandom('t', 1));
  await again.ensure(8);
  assert.deepEqual(again.samples.map((s) => s.key), shuffled.samples.map((s) => s.key), 'same seed, same order');
});

test('a pool smaller than the stream shuffles only the pool', async () => {
  const shuffled = shuffledStream(lazyStream(eight), 4, seededRandom('t', 2));
  await shuffled.ensure(6);
  assert.deepEqual([...shuffled.samples.slice(0, 4)].map((s) => s.key).sort(), ['a0', 'a1', 'a2', 'a3']);
  assert.deepEqual(shuffled.samples.slice(4).map((s) => s.key), ['a4', 'a5']);
});

test('order 0 of each repeat is the stream as drawn; the others are shuffles that differ between orders', async () => {
  const problem: BenchProblem = { id: 'p', problem: 'p', gold: 'x', samples: [] };
  const seen: number[] = [];
  const axis = orderedAxis(
    {
      budgets: [0],
      samples: [8],
      streamFor: (_problem, repeat) => {
        seen.push(repeat);
        return lazyStream(eight);
      },
    },
    8,
    4,
    1,
    'd',
  );
  const keys = async (repeat: number) => {
    const s = axis.streamFor(problem, repeat, 0);
    await s.ensure(8);
    return s.samples.map((x) => x.key).join(',');
  };
  assert.equal(await keys(0), eight.map((s) => s.key).join(','));
  assert.equal(await keys(4), eight.map((s) => s.key).join(','), 'repeat 1, order 0');
  const shuffles = new Set([await keys(1), await keys(2), await keys(3)]);
  assert.equal(shuffles.size, 3);
  assert.deepEqual(seen, [0, 1, 0, 0, 0], 'orders of a repeat read that repeat');
});

// Without thinking every answer is a different wrong one (cheap, and useless beyond telling difficulty);
// thinking at 256, six samples are right and two give the same wrong answer, drawn right ones first. In
// that order a rule stopping at two agreeing samples never loses; in one order in 28 (both wrong ones
// first) it does.
const problems: BenchProblem[] = Array.from({ length: 60 }, (_, i) => ({ id: `q${i}`, problem: `q${i}`, gold: 'right', samples: [] }));
function stream(problem: BenchProblem, budget: number): SampleStream {
  const samples =
    budget === 0
      ? Array.from({ length: 8 }, (_, i) => sample(`${problem.id}-wrong-${i}`, false, 60))
      : [...Array.from({ length: 6 }, () => sample('right', true, 316)), sample('wrong', false, 316), sample('wrong', false, 316)];
  return lazyStream(samples);
}
const fit = (fitOrders: number) =>
  fitPolicy({
    dataset: 'orders',
    problems,
    repeats: 1,
    budget: 8,
    seed: 3,
    base: DEFAULT_POLICY,
    tolerance: 0.001,
    fitOrders,
    streamFor: (problem) => stream(problem, 0),
    thinking: { budgets: [0, 256], samples: [1, 4, 8], streamFor: (problem, _repeat, budget) => stream(problem, budget) },
  });

/** Wrong answers of `policy` on the problems above, each read in 30 random orders of its samples. */
async function lossesInOtherOrders(policy: Policy): Promise<number> {
  let wrong = 0;
  for (const problem of problems.slice(0, 20)) {
    for (let k = 0; k < 30; k++) {
      const source = (think: PolicyThink | undefined) => shuffledStream(stream(problem, think?.mode === 'on' ? (think.budget ?? 256) : 0), 8, seededRandom('other order', problem.id, k));
      const outcome = await runPolicy(policy, source, 8);
      wrong += outcome.correct ? 0 : 1;
    }
  }
  return wrong;
}

test('read in the drawn order alone, the fit takes a rule that stops on two agreeing samples; read in several, it sees that rule lose', async () => {
  const drawnOnly = await fit(1);
  assert.ok((await lossesInOtherOrders(drawnOnly.policy)) > 0, 'fitted on one order, the policy loses once the wrong answers come first');
  const ordered = await fit(8);
  assert.equal(await lossesInOtherOrders(ordered.policy), 0, 'fitted on eight orders, it never loses');
  assert.equal(ordered.policy.meta?.orders, 8);
  assert.equal(ordered.policy.meta?.repeats, 1);
  // Held out, each is scored in the orders it was fitted in: the one-order fit sees the drawn order, where it
  // is right everywhere; the eight-order fit is right in all eight.
  assert.equal(drawnOnly.thinking?.adaptive.accuracy, 1);
  assert.equal(ordered.thinking?.adaptive.accuracy, 1);
  assert.equal(ordered.thinking?.orders, 8);
});

test('fixed settings are scored in the same orders as the policy: one order alone decides majority\'s ties by luck', async () => {
  // Two samples per problem, the right one drawn first: majority@2 is a tie the first sample wins, so in the
  // drawn order it is always right, and in a random order half the time.
  const tied: BenchProblem[] = Array.from({ length: 40 }, (_, i) => ({ id: `t${i}`, problem: `t${i}`, gold: 'right', samples: [] }));
  const tie = () => lazyStream([sample('right', true, 100), sample('wrong', false, 100)]);
  const fitTies = (fitOrders: number) =>
    fitPolicy({
      dataset: 'ties',
      problems: tied,
      repeats: 1,
      budget: 2,
      seed: 5,
      base: DEFAULT_POLICY,
      tolerance: 0.001,
      fitOrders,
      streamFor: tie,
      thinking: { budgets: [256], samples: [1, 2], streamFor: tie },
    });
  const majorityAt2 = (report: Awaited<ReturnType<typeof fitTies>>) => report.thinking?.fixed.find((f) => f.samples === 2)?.accuracy;
  assert.equal(majorityAt2(await fitTies(1)), 1);
  const ordered = majorityAt2(await fitTies(8));
  assert.ok(ordered !== undefined && ordered > 0.3 && ordered < 0.7, `in 8 orders majority@2 is right about half the time: ${ordered}`);
});
