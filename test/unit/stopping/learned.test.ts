import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseRecordedLines, seededRandom } from '../../../src/engine/model/replay';
import { AdaptiveController } from '../../../src/engine/stopping/adaptive';
import type { StopRun } from '../../../src/engine/stopping/fit-stop-model';
import { chooseThreshold, fitStopModel, thresholdEffects } from '../../../src/engine/stopping/fit-stop-model';
import { LearnedStopController } from '../../../src/engine/stopping/learned';
import { learnedPolicy } from '../../../src/engine/stopping/learned-policy';
import { parsePolicyText, serializePolicy } from '../../../src/engine/stopping/policy';
import type { StopModel } from '../../../src/engine/stopping/stop-model';
import { STOP_FEATURES, stopFeatures } from '../../../src/engine/stopping/stop-model';
import { VoteTally } from '../../../src/engine/stopping/tally';
import { drive } from './drive';

const flat = (intercept: number): StopModel => ({ features: ['leaderShare'], weights: [0], intercept });

/** Runs whose answer distribution is peaked or scattered, with token confidence higher on the answer that wins. */
function synthetic(problems: number, n: number, seedName: string): StopRun[][] {
  const random = seededRandom(seedName);
  return Array.from({ length: problems }, (_, p) => {
    const top = 0.3 + 0.6 * random();
    return [0, 1].map(() => {
      const keys = Array.from({ length: n }, () => (random() < top ? 'a' : String(Math.floor(random() * 4))));
      return {
        keys,
        scores: keys.map(() => null),
        confidences: keys.map((k) => (k === 'a' ? 0.8 : 0.5) + 0.1 * random()),
        tokens: keys.map(() => 100),
        correct: keys.map((k) => k === 'a' && p % 3 !== 0),
      };
    });
  });
}

describe('the learned stopping rule', () => {
  test('stops as soon as the model is confident, and never draws past the cap otherwise', () => {
    const sure = drive(new LearnedStopController({ maxSamples: 10, threshold: 0.9, model: flat(5), rule: 'majority' }), ['7', '8', '9', '7', '7', '7', '7', '7', '7', '7']);
    assert.equal(sure.samples, 1);
    assert.equal(sure.stop, 'confident');
    const unsure = drive(new LearnedStopController({ maxSamples: 10, threshold: 0.9, model: flat(-5), rule: 'majority' }), ['7', '8', '9', '7', '7', '7', '7', '7', '7', '7']);
    // Unsure all along, it still stops once the remaining samples cannot change the winner.
    assert.equal(unsure.stop, 'decided');
    assert.equal(unsure.answer, '7');
    assert.ok(unsure.samples < 10);
  });

  test('features: shares, the posterior, and evidence beyond votes (scores, confidence, length)', () => {
    const tally = new VoteTally();
    tally.add('a', 0.9, 200, 0.9);
    tally.add('b', 0.2, 100, 0.4);
    tally.add('a', 0.7, 200, 0.8);
    const f = stopFeatures(tally, 8);
    const at = (name: (typeof STOP_FEATURES)[number]): number => f[STOP_FEATURES.indexOf(name)] as number;
    assert.equal(f.length, STOP_FEATURES.length);
    assert.ok(Math.abs(at('leaderShare') - 2 / 3) < 1e-9);
    assert.ok(Math.abs(at('runnerShare') - 1 / 3) < 1e-9);
    assert.ok(Math.abs(at('remainingShare') - 5 / 8) < 1e-9);
    assert.ok(Math.abs(at('scoreGap') - (0.8 - 0.2)) < 1e-9);
    assert.ok(Math.abs(at('confidenceGap') - (0.85 - 0.4)) < 1e-9);
    assert.ok(Math.abs(at('lengthRatio') - Math.log(200 / (500 / 3))) < 1e-9);
    // Without scores or confidence those features are 0, so a model's weights on them change nothing.
    const plain = new VoteTally();
    plain.add('a', null, 10);
    plain.add('a', null, 10);
    const g = stopFeatures(plain, 8);
    for (const name of ['leaderScore', 'scoreGap', 'confidenceGap'] as const) assert.equal(g[STOP_FEATURES.indexOf(name)], 0);
  });

  test('fitting learns from the runs it is given, and its threshold keeps the loss within the tolerance on them', () => {
    const runs = synthetic(120, 16, 'learned-fit');
    const set = { name: 'synthetic', problems: runs, caps: [4, 8, 16] };
    const model = fitStopModel([set]);
    const weight = (name: (typeof STOP_FEATURES)[number]): number => model.weights[model.features.indexOf(name)] as number;
    assert.ok(weight('confidenceGap') > 0, `the confidence of the leader's samples predicts that it holds: ${weight('confidenceGap')}`);
    assert.equal(weight('scoreGap'), 0, 'no scores in the data: no weight');
    const threshold = chooseThreshold(model, [set], 0.0025);
    const effect = thresholdEffects(model, set, 16).find((e) => e.threshold === threshold);
    assert.ok(effect && effect.loss <= 0.005 + 1e-12 && effect.samples < 16, JSON.stringify(effect));
    // Same data, same model: fitting is deterministic.
    assert.deepEqual(fitStopModel([set]), model);
  });

  test('a policy carries its stop model through JSON; a broken one is refused with its path', () => {
    const policy = learnedPolicy(flat(1), 0.9, 'a test');
    const again = parsePolicyText(serializePolicy(policy), 'p.json');
    assert.deepEqual(again.stopModel, policy.stopModel);
    assert.equal(again.bins[2].strategy, 'learned');
    const broken = JSON.parse(serializePolicy(policy)) as { stopModel: { weights: unknown } };
    broken.stopModel.weights = [1, 2];
    assert.throws(() => parsePolicyText(JSON.stringify(broken), 'p.json'), /p\.json: stopModel\.weights must be 1 finite numbers, one per feature/);
    const unknown = JSON.parse(serializePolicy(policy)) as { stopModel: { features: unknown } };
    unknown.stopModel.features = ['vibes'];
    assert.throws(() => parsePolicyText(JSON.stringify(unknown), 'p.json'), /stopModel\.features must list feature names/);
    // The adaptive controller runs it: a sure model stops after the one-sample probe.
    const result = drive(new AdaptiveController({ maxSamples: 8, policy: learnedPolicy(flat(5), 0.9, 'sure') }), ['5', '5', '5', '5', '5', '5', '5', '5']);
    assert.equal(result.samples, 1);
  });

  test('recorded samples may carry a token confidence in [0, 1]', () => {
    const line = (confidence: unknown): string => JSON.stringify({ id: 'x', problem: 'p', gold: '1', samples: [{ answer: '1', correct: true, tokens: 5, confidence }] });
    assert.equal(parseRecordedLines(line(0.75)).problems[0]?.samples[0]?.confidence, 0.75);
    assert.equal(parseRecordedLines(line(null)).problems[0]?.samples[0]?.confidence, null);
    assert.match(parseRecordedLines(line(1.5)).errors[0]?.message ?? '', /"confidence" must be a number in \[0, 1\]/);
  });
});
