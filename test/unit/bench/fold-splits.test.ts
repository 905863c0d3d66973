import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FitError, foldSplits } from '../../../src/cli/bench/fit';
import { seededRandom } from '../../../src/engine/model/replay';

describe('foldSplits', () => {
  test('k folds: every problem is held out exactly once and never fitted on in its own fold', () => {
    for (const [n, k] of [[10, 3], [7, 7], [100, 5], [24, 10]] as const) {
      const splits = foldSplits(n, k, seededRandom('fit-split', 1, 'set'));
      assert.equal(splits.length, k);
      const heldOut = splits.flatMap((s) => s.heldOut).sort((a, b) => a - b);
      assert.deepEqual(heldOut, Array.from({ length: n }, (_, i) => i), `n=${n} k=${k}`);
      for (const s of splits) {
        assert.ok(s.heldOut.length >= Math.floor(n / k) && s.heldOut.length <= Math.ceil(n / k), `${s.name}: ${s.heldOut.length} of ${n}`);
        assert.equal(s.fitSet.length + s.heldOut.length, n);
        assert.ok(s.fitSet.every((p) => !s.heldOut.includes(p)), s.name);
      }
    }
  });

  test('two folds are the halves, named as before, and the seed decides the split', () => {
    const [a, b] = foldSplits(11, 2, seededRandom('fit-split', 1, 'set'));
    assert.equal(a?.name, 'fit on half A, report on half B');
    assert.equal(b?.name, 'fit on half B, report on half A');
    assert.deepEqual(a?.fitSet, b?.heldOut);
    assert.deepEqual(a?.heldOut, b?.fitSet);
    assert.equal(a?.fitSet.length, 5);
    const again = foldSplits(11, 2, seededRandom('fit-split', 1, 'set'));
    assert.deepEqual(again[0]?.fitSet, a?.fitSet);
    const other = foldSplits(11, 2, seededRandom('fit-split', 2, 'set'));
    assert.notDeepEqual(other[0]?.fitSet, a?.fitSet);
  });

  test('fewer problems than folds is refused with what to change', () => {
    assert.throws(() => foldSplits(2, 3, seededRandom('fit-split', 1, 'set')), (e: unknown) => e instanceof FitError && /needs at least 3 problems .* there are 2 \(raise --limit or lower --fit-folds\)/.test(e.message));
  });
});
