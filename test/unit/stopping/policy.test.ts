import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { binCap, DEFAULT_POLICY, parsePolicy, parsePolicyText, PolicyError, probeSize, serializePolicy } from '../../../src/engine/stopping/policy';

const valid = (): Record<string, unknown> => JSON.parse(serializePolicy(DEFAULT_POLICY)) as Record<string, unknown>;

const rejects = (json: unknown, pattern: RegExp): void => {
  assert.throws(
    () => parsePolicy(json, 'my-policy.json'),
    (error: unknown) => error instanceof PolicyError && pattern.test(error.message) && error.message.startsWith('my-policy.json'),
  );
};

describe('the adaptive policy file', () => {
  test('the built-in policy survives a round trip through JSON', () => {
    assert.deepEqual(parsePolicyText(serializePolicy(DEFAULT_POLICY)), DEFAULT_POLICY);
  });
  test('bins are keyed "1" to "5" in JSON', () => {
    assert.deepEqual(Object.keys(valid().bins as object), ['1', '2', '3', '4', '5']);
  });
  test('text that is not JSON is reported as such', () => {
    assert.throws(() => parsePolicyText('{ "version": 1,', 'p.json'), /p\.json is not valid JSON/);
  });
  test('every problem is named by its path', () => {
    const noBin = valid();
    delete (noBin.bins as Record<string, unknown>)['3'];
    rejects(noBin, /bins\.3 is missing/);
    const badThreshold = valid();
    ((badThreshold.bins as Record<string, Record<string, unknown>>)['2'] as Record<string, unknown>).stopThreshold = 'high';
    rejects(badThreshold, /bins\.2\.stopThreshold must be a number in \[0, 1\], got "high"/);
    const badShare = valid();
    ((badShare.bins as Record<string, Record<string, unknown>>)['5'] as Record<string, unknown>).budgetShare = 1.5;
    rejects(badShare, /bins\.5\.budgetShare/);
    const typo = valid();
    ((typo.bins as Record<string, Record<string, unknown>>)['1'] as Record<string, unknown>).stopTreshold = 0.9;
    rejects(typo, /bins\.1\.stopTreshold is not a bin setting/);
    rejects({ ...valid(), version: 2 }, /version must be 1/);
    rejects({ ...valid(), probe: { samples: 0 } }, /probe\.samples must be a whole number/);
    rejects({ ...valid(), difficulty: { scoreWeight: 0.5, cuts: [0.5, 0.4, 0.6, 0.8] } }, /difficulty\.cuts must be increasing/);
    rejects({ ...valid(), bins: { ...(valid().bins as object), 6: {} } }, /bins\.6 is not a bin/);
    rejects([], /the policy must be an object/);
  });
  test('strategy names beyond the outcome-level ones parse, with their parameters', () => {
    const json = valid();
    (json.bins as Record<string, unknown>)['3'] = { strategy: 'beam', params: { width: 4, expansions: 2, aggregation: 'last' }, budgetShare: 0.5, stopThreshold: 0.9 };
    (json.bins as Record<string, unknown>)['4'] = { strategy: 'lookahead', params: { depth: 2 }, maxSamples: 32, stopThreshold: 0.9 };
    const policy = parsePolicy(json);
    assert.equal(policy.bins[2].strategy, 'beam');
    assert.deepEqual(policy.bins[2].params, { width: 4, expansions: 2, aggregation: 'last' });
    assert.equal(policy.bins[3].maxSamples, 32);
    assert.equal(policy.bins[3].budgetShare, 1);
  });
  test('parameters must be plain values', () => {
    const json = valid();
    ((json.bins as Record<string, Record<string, unknown>>)['1'] as Record<string, unknown>).params = { nested: { a: 1 } };
    rejects(json, /bins\.1\.params\.nested must be a number, string or boolean/);
    ((json.bins as Record<string, Record<string, unknown>>)['1'] as Record<string, unknown>).params = { minGain: 5 };
    rejects(json, /bins\.1\.params\.minGain must be a share of accuracy in \[0, 1\) \(0\.005 is half a point\), got 5/);
  });
  test('probe size and bin caps follow the maximum', () => {
    assert.equal(probeSize(DEFAULT_POLICY, 100), 4);
    assert.equal(probeSize(DEFAULT_POLICY, 4), 2);
    assert.equal(probeSize(DEFAULT_POLICY, 1), 1);
    const bin = { strategy: 'posterior', params: {}, budgetShare: 0.25, stopThreshold: 0.9 };
    // A share of what the probe left: 4 + ⌈0.25 × 96⌉.
    assert.equal(binCap(bin, 100, 4), 28);
    // At small maximums too the bin has samples of its own (a share of the whole, ⌈0.25 × 10⌉ = 3, would
    // be fewer than the probe: the bin would stop where the probe did).
    assert.equal(binCap(bin, 10, 4), 6);
    assert.equal(binCap(bin, 8, 4), 5);
    assert.equal(binCap(bin, 5, 4), 5);
    assert.equal(binCap({ ...bin, budgetShare: 1 }, 10, 4), 10);
    assert.equal(binCap({ ...bin, budgetShare: 1, maxSamples: 10 }, 100, 4), 10);
    assert.equal(binCap({ ...bin, budgetShare: 1, maxSamples: 2 }, 100, 4), 4); // never below the probe it counts
    assert.equal(binCap({ ...bin, budgetShare: 0 }, 100, 4), 4);
    // A bin that votes over its own samples inherits none: its share of the whole maximum, at least one.
    assert.equal(binCap(bin, 100, 0), 25);
    assert.equal(binCap({ ...bin, budgetShare: 0 }, 100, 0), 1);
  });
});
