// The run's consistency prior: learnt from finished problems without labels, it lets a unanimous probe end
// early only for a model that has shown itself consistent, and only after enough problems.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AdaptiveController } from '../../../src/engine/stopping/adaptive';
import { ConsistencyPrior, MIN_PRIOR_PROBLEMS, PRIOR_AUDIT_EVERY, PRIOR_SETTLE_THRESHOLD } from '../../../src/engine/stopping/consistency-prior';
import { createController } from '../../../src/engine/stopping/create';
import type { Policy } from '../../../src/engine/stopping/policy';
import { DEFAULT_POLICY, parsePolicy, PolicyError } from '../../../src/engine/stopping/policy';
import { PriorBank } from '../../../src/cli/bench/prior-bank';
import { drive } from './drive';

const same = (n: number, key = 'a'): string[] => Array.from({ length: n }, () => key);
/** An answer sequence with `distinct` answers among `n` (the first answer repeated, then new ones). */
const scattered = (n: number, distinct: number): string[] => Array.from({ length: n }, (_, i) => (i < distinct ? `x${i}` : 'x0'));

function runOf(problems: readonly (readonly string[])[], maxSamples: number, prior: ConsistencyPrior): number[] {
  return problems.map((keys) => drive(new AdaptiveController({ maxSamples, policy: DEFAULT_POLICY, prior }), keys).samples);
}

describe('the consistency prior', () => {
  test('learns a consistent model from unanimous problems and a scattered one from scattered problems', () => {
    const consistent = new ConsistencyPrior();
    const wandering = new ConsistencyPrior();
    for (let i = 0; i < 20; i++) {
      consistent.record(1, 8);
      wandering.record(6, 8);
    }
    assert.ok(consistent.unanimousHolds(1, 39) > 0.95, `consistent: ${consistent.unanimousHolds(1, 39)}`);
    assert.ok(wandering.unanimousHolds(1, 39) < 0.5, `scattered: ${wandering.unanimousHolds(1, 39)}`);
    assert.ok(consistent.meanNewAnswerRate() < 0.1 && wandering.meanNewAnswerRate() > 0.4);
  });

  test('more agreeing samples and fewer remaining ones only raise the probability', () => {
    const prior = new ConsistencyPrior();
    for (let i = 0; i < 12; i++) prior.record(i % 3 === 0 ? 3 : 1, 6);
    for (let n = 1; n < 6; n++) assert.ok(prior.unanimousHolds(n + 1, 30) >= prior.unanimousHolds(n, 30) - 1e-12);
    // Two more remaining samples (one more only changes who would win a tie, which the leader does).
    for (let r = 1; r < 30; r++) assert.ok(prior.unanimousHolds(2, r) >= prior.unanimousHolds(2, r + 2) - 1e-12, `remaining ${r}`);
    assert.equal(prior.unanimousHolds(3, 2), 1, 'fewer remaining samples than agreeing ones cannot overturn them');
  });

  test('ignores a record that cannot be (more answers than samples, no samples)', () => {
    const prior = new ConsistencyPrior();
    prior.record(3, 2);
    prior.record(0, 0);
    assert.equal(prior.problems, 0);
  });

  test('adaptive stops at one sample only after the run has shown a consistent model', () => {
    const prior = new ConsistencyPrior();
    const first = runOf(Array.from({ length: MIN_PRIOR_PROBLEMS + 8 }, () => same(40)), 40, prior);
    // Before MIN_PRIOR_PROBLEMS the probe is the policy's; after, one agreeing sample settles it, except on
    // the one problem in PRIOR_AUDIT_EVERY that the prior audits, which settles on two.
    assert.deepEqual(first.slice(0, MIN_PRIOR_PROBLEMS), first.slice(0, MIN_PRIOR_PROBLEMS).map(() => first[0]));
    assert.ok((first[0] ?? 0) >= 4, `the probe comes first: ${first[0]}`);
    const audited = (index: number): boolean => index % PRIOR_AUDIT_EVERY === PRIOR_AUDIT_EVERY - 1;
    const expected = Array.from({ length: 8 }, (_, i) => (audited(MIN_PRIOR_PROBLEMS + i) ? 2 : 1));
    assert.deepEqual(first.slice(MIN_PRIOR_PROBLEMS), expected);

    while (prior.auditsNext()) prior.record(1, 1);
    const result = drive(new AdaptiveController({ maxSamples: 40, policy: DEFAULT_POLICY, prior }), same(40));
    assert.equal(result.samples, 1);
    assert.equal(result.stop, 'confident');
    assert.equal(result.answer, 'a');
    assert.ok(result.decisions.some((d) => d.kind === 'strategy' && /settled during the probe/.test(d.message)));
    assert.ok(result.decisions.some((d) => d.kind === 'stop' && /the first sample agree|problems before it/.test(d.message)), JSON.stringify(result.decisions));
  });

  test('a model right nine times in ten, its mistakes scattered, is not settled on one sample', () => {
    // P(the first answer leads at the end) is about 0.9 here: enough for bin 1's posterior threshold, not for
    // the prior's own (PRIOR_SETTLE_THRESHOLD), since a calibrated 0.9 would change one settled answer in ten.
    const prior = new ConsistencyPrior();
    const problems = Array.from({ length: 60 }, (_, p) => Array.from({ length: 8 }, (_, i) => ((p * 8 + i) % 10 === 3 ? `wrong${p}-${i}` : 'right')));
    const counts = runOf(problems, 8, prior);
    assert.ok(prior.unanimousHolds(1, 7) > 0.75 && prior.unanimousHolds(1, 7) < PRIOR_SETTLE_THRESHOLD, `holds ${prior.unanimousHolds(1, 7)}`);
    assert.ok(counts.every((n) => n > 1), `no problem settled on one sample: ${counts.join(',')}`);
  });

  test('a run that starts consistent and then scatters stops settling: the audited problems teach the prior', () => {
    const prior = new ConsistencyPrior();
    runOf(Array.from({ length: MIN_PRIOR_PROBLEMS + 4 }, () => same(40)), 40, prior);
    assert.ok(prior.unanimousHolds(1, 39) >= PRIOR_SETTLE_THRESHOLD, 'settling after a consistent start');
    // From here every problem scatters. The settled ones (one sample) say nothing about that; the audited
    // ones draw a second sample, which disagrees, and go on to their whole probe: without audits the prior
    // would keep its early belief and settle every problem on one sample for the rest of the run.
    const later = runOf(Array.from({ length: 60 }, (_, p) => [`a${p}`, `b${p}`, `c${p}`, `a${p}`, `d${p}`, ...same(35, `e${p}`)]), 40, prior);
    assert.ok(prior.unanimousHolds(1, 39) < PRIOR_SETTLE_THRESHOLD, `the prior learnt: ${prior.unanimousHolds(1, 39)}`);
    assert.ok(later.slice(-20).every((n) => n > 1), `late problems are no longer settled on one sample: ${later.join(',')}`);
  });

  test('a scattered run never stops at one sample, even on a problem that happens to start unanimous', () => {
    const prior = new ConsistencyPrior();
    runOf(Array.from({ length: 20 }, () => scattered(40, 12)), 40, prior);
    const result = drive(new AdaptiveController({ maxSamples: 40, policy: DEFAULT_POLICY, prior }), same(40));
    assert.ok(result.samples > 1, `drew ${result.samples}`);
  });

  test('a sample without an answer counts against consistency', () => {
    const prior = new ConsistencyPrior();
    runOf(Array.from({ length: 15 }, () => [null, null, null, null, ...same(36)] as string[]), 40, prior);
    assert.ok(prior.unanimousHolds(1, 39) < 0.9, `holds ${prior.unanimousHolds(1, 39)}`);
  });

  test('a policy without the prior, or a controller without one, runs as before', () => {
    const prior = new ConsistencyPrior();
    for (let i = 0; i < 20; i++) prior.record(1, 8);
    const off = { ...DEFAULT_POLICY, consistencyPrior: false };
    assert.ok(drive(createController({ strategy: 'adaptive', policy: off, prior }, 40), same(40)).samples >= 4);
    assert.ok(drive(createController({ strategy: 'adaptive', policy: DEFAULT_POLICY }, 40), same(40)).samples >= 4);
    assert.equal(drive(createController({ strategy: 'adaptive', policy: DEFAULT_POLICY, prior }, 40), same(40)).samples, 1);
  });

  test('a probe that does not think as bin 1 does is never settled by the prior: its samples only measure difficulty', () => {
    const prior = new ConsistencyPrior();
    for (let i = 0; i < 20; i++) prior.record(1, 8);
    const thinkingBins: Policy = {
      ...DEFAULT_POLICY,
      probe: { ...DEFAULT_POLICY.probe, think: { mode: 'off' } },
      bins: DEFAULT_POLICY.bins.map((b) => ({ ...b, think: { mode: 'on', budget: 1024 } })) as unknown as Policy['bins'],
    };
    const driven = drive(createController({ strategy: 'adaptive', policy: thinkingBins, prior }, 40), same(40));
    assert.ok(driven.samples > 1, `settled on the probe's first sample: ${driven.samples}`);
    assert.ok(!driven.decisions.some((d) => d.kind === 'strategy' && d.data?.strategy === 'prior'), 'no settlement by the prior');
    const sameThinking: Policy = { ...thinkingBins, probe: { ...thinkingBins.probe, think: { mode: 'on', budget: 1024 } } };
    assert.equal(drive(createController({ strategy: 'adaptive', policy: sameThinking, prior }, 40), same(40)).samples, 1, 'a probe thinking as bin 1 does may be');
  });

  test('the policy file carries the switch, and refuses what is not a boolean', () => {
    const json = JSON.parse(JSON.stringify({ ...DEFAULT_POLICY, bins: Object.fromEntries(DEFAULT_POLICY.bins.map((b, i) => [String(i + 1), b])) })) as Record<string, unknown>;
    assert.equal(parsePolicy(json).consistencyPrior, true);
    const { consistencyPrior: _omitted, ...older } = json;
    assert.equal(parsePolicy(older).consistencyPrior, undefined, 'a policy written before the switch keeps running without it');
    assert.throws(() => parsePolicy({ ...json, consistencyPrior: 'yes' }), (e: unknown) => e instanceof PolicyError && /consistencyPrior must be true or false/.test(e.message));
  });

  test('a bench resumed from its checkpoint replays the records into the same priors', () => {
    const live = new PriorBank();
    const resumed = new PriorBank();
    const records = Array.from({ length: 12 }, (_, i) => ({ cell: 0, repeat: i % 2, distinct: 1 + (i % 3), samples: 8 }));
    for (const r of records) live.get(r.cell, r.repeat).record(r.distinct, r.samples);
    resumed.replay({ problemId: 'p', cells: [], consistency: records });
    for (const repeat of [0, 1]) assert.equal(resumed.get(0, repeat).unanimousHolds(2, 20), live.get(0, repeat).unanimousHolds(2, 20));
    assert.notEqual(live.get(1, 0), live.get(0, 0), 'each cell and repeat is its own run');
  });
});
