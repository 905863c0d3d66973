import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { quintileCuts } from '../../../src/engine/stopping/calibrate';
import { binOf } from '../../../src/engine/stopping/difficulty';
import { DEFAULT_POLICY, parsePolicy, serializePolicy } from '../../../src/engine/stopping/policy';

const withCuts = (cuts: ReturnType<typeof quintileCuts>) => ({ ...DEFAULT_POLICY, difficulty: { ...DEFAULT_POLICY.difficulty, cuts } });

test('distinct estimates fall a fifth into each bin', () => {
  const estimates = Array.from({ length: 500 }, (_, i) => ((i * 7919) % 500) / 500);
  const policy = withCuts(quintileCuts(estimates));
  const counts = [0, 0, 0, 0, 0];
  for (const d of estimates) counts[binOf(d, policy) - 1] = (counts[binOf(d, policy) - 1] ?? 0) + 1;
  assert.deepEqual(counts, [100, 100, 100, 100, 100]);
});

test('tied estimates are spread one value per bin from the easiest, and the cuts still increase', () => {
  // A four-sample probe without scores: agreement 1, 3/4, 1/2, 1/4 → five values, most problems easy.
  const estimates = [...Array<number>(60).fill(0), ...Array<number>(20).fill(0.25), ...Array<number>(12).fill(0.5), ...Array<number>(8).fill(0.75)];
  const cuts = quintileCuts(estimates);
  const policy = withCuts(cuts);
  const counts = [0, 0, 0, 0, 0];
  for (const d of estimates) counts[binOf(d, policy) - 1] = (counts[binOf(d, policy) - 1] ?? 0) + 1;
  assert.deepEqual(counts, [60, 20, 12, 8, 0]);
  assert.ok(cuts.every((c, i) => c > 0 && c < 1 && (i === 0 || c > (cuts[i - 1] ?? 1))));
});

test('any estimates give cuts a policy accepts', () => {
  fc.assert(
    fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 200 }), (estimates) => {
      const policy = withCuts(quintileCuts(estimates));
      const parsed = parsePolicy(JSON.parse(serializePolicy(policy)) as unknown);
      assert.deepEqual(parsed.difficulty.cuts, policy.difficulty.cuts);
    }),
  );
});

test('no estimates is an error, not a silent default', () => {
  assert.throws(() => quintileCuts([]), RangeError);
});
