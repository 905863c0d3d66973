import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatPercent } from '../../../src/shared/percent';

test('only certainty shows 100%, only nothing shows 0%', () => {
  assert.equal(formatPercent(1), '100%');
  assert.equal(formatPercent(0), '0%');
  assert.equal(formatPercent(0.976), '98%');
  assert.equal(formatPercent(0.996), '99.6%');
  assert.equal(formatPercent(0.9996), '>99.9%');
  assert.equal(formatPercent(0.004), '0.4%');
  assert.equal(formatPercent(0.00004), '<0.1%');
  assert.equal(formatPercent(0.73, 1), '73.0%');
  assert.equal(formatPercent(0.99996, 1), '>99.9%');
  assert.equal(formatPercent(Number.NaN), '–');
});
