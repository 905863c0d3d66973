// The judge-against-PRM comparison: weighted votes by each verifier's scores on the same samples, the
// tokens each costs (generated plus verification), and the PRM set beside each judge budget at the most
// samples it can afford within the same tokens.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { UnitResult } from '../../../src/cli/bench/cells';
import type { DrawnSample } from '../../../src/cli/bench/streams';
import { compareVerifiers, weightedCorrect } from '../../../src/cli/bench/verifier-compare';

function sample(key: string, correct: boolean, judge: number, prm: number, judgeTokens = 5): DrawnSample {
  return { key, score: prm, tokens: 10, correct, wallMs: 0, verifiers: { generated: 10, judge: { score: judge, tokens: judgeTokens }, prm: { score: prm, tokens: 2 } } };
}

test('each verifier’s scores decide its own weighted vote', () => {
  // The judge trusts the wrong answer, the PRM the right one.
  const samples = [sample('7', false, 0.9, 0.1), sample('8', true, 0.2, 0.95), sample('7', false, 0.8, 0.2)];
  assert.equal(weightedCorrect(samples, 3, 'judge'), false);
  assert.equal(weightedCorrect(samples, 3, 'prm'), true);
  assert.equal(weightedCorrect(samples, 1, 'prm'), false);
});

test('accuracy and tokens per budget, and the PRM at equal tokens', () => {
  const unit = (samples: DrawnSample[]): UnitResult => ({ problemId: 'p', cells: [], drawn: [samples] });
  // A judge whose verifications cost more than the PRM's: at its tokens the PRM affords more samples.
  const units = [
    unit([sample('7', false, 0.9, 0.1, 14), sample('8', true, 0.2, 0.95, 14), sample('7', false, 0.8, 0.2, 14), sample('8', true, 0.1, 0.9, 14)]),
    unit([sample('1', true, 0.9, 0.9, 14), sample('2', false, 0.1, 0.1, 14), sample('1', true, 0.9, 0.9, 14), sample('1', true, 0.9, 0.9, 14)]),
  ];
  const c = compareVerifiers(units, [1, 2, 4]);
  assert.ok(c);
  assert.equal(c.runs, 2);
  assert.deepEqual(c.judge.map((p) => [p.samples, p.accuracy, p.tokens]), [[1, 0.5, 24], [2, 0.5, 48], [4, 0.5, 96]]);
  assert.deepEqual(c.prm.map((p) => [p.samples, p.accuracy, p.tokens]), [[1, 0.5, 12], [2, 1, 24], [4, 1, 48]]);
  // Within the judge's 24 tokens the PRM affords 2 samples; within 48, four; within 96, still four (the largest budget).
  assert.deepEqual(c.atEqualTokens.map(({ judge, prm }) => [judge.samples, prm?.samples]), [[1, 2], [2, 4], [4, 4]]);
  assert.equal(compareVerifiers([unit([{ key: '1', score: 1, tokens: 1, correct: true, wallMs: 0 }])], [1]), undefined);
});
