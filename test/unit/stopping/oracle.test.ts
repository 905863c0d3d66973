import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { seededRandom } from '../../../src/engine/model/replay';
import { majorityController } from '../../../src/engine/stopping/fixed';
import { leaderIsFinal, oracleStop } from '../../../src/engine/stopping/oracle';
import { PosteriorController } from '../../../src/engine/stopping/posterior';
import { VoteTally } from '../../../src/engine/stopping/tally';
import { drive } from './drive';

describe('the oracle (perfect stopping)', () => {
  test('stops at the first prefix whose leader is majority@N\'s answer', () => {
    // a leads at 1 and (tie, a first) at 2; b leads from 3 on and wins.
    assert.deepEqual(oracleStop(['a', 'b', 'b']), { answer: 'b', samples: 3 });
    assert.deepEqual(oracleStop(['b', 'a', 'b']), { answer: 'b', samples: 1 });
    // A 2–2 tie goes to the answer seen first, as majority voting counts it.
    assert.deepEqual(oracleStop(['a', 'b', 'a', 'b']), { answer: 'a', samples: 1 });
    // Samples without an answer do not vote; with none at all the answer is null at once.
    assert.deepEqual(oracleStop([null, 'c', null, 'd', 'c']), { answer: 'c', samples: 2 });
    assert.deepEqual(oracleStop([null, null]), { answer: null, samples: 1 });
    // The cap counts: majority@2 of these is a.
    assert.deepEqual(oracleStop(['a', 'b', 'b', 'b'], 2), { answer: 'a', samples: 1 });
    assert.throws(() => oracleStop([]), /at least one sample/);
  });

  test('on random sequences: majority@N\'s answer, no earlier prefix agrees, and no rule that agrees stops sooner', () => {
    const random = seededRandom('oracle-test');
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + Math.floor(random() * 20);
      const keys = Array.from({ length: n }, () => (random() < 0.1 ? null : String(Math.floor(random() * (1 + trial % 4)))));
      const { answer, samples } = oracleStop(keys);
      assert.equal(answer, drive(majorityController(n), keys).answer);
      const labels = leaderIsFinal(keys);
      assert.equal(labels.length, n);
      assert.equal(labels.indexOf(true) + 1, samples);
      const prefix = new VoteTally();
      keys.slice(0, samples).forEach((k) => prefix.add(k, null, 1));
      assert.equal(prefix.majority(), answer);
      // The posterior rule at threshold 1 always agrees with majority@N: it can never beat the oracle.
      const exact = drive(new PosteriorController({ maxSamples: n, threshold: 1, rule: 'majority' }), keys);
      assert.equal(exact.answer, answer);
      assert.ok(exact.samples >= samples, `posterior stopped at ${exact.samples} < oracle ${samples} on ${JSON.stringify(keys)}`);
    }
  });
});
