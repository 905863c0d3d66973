import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  checkGame24,
  checkGame24Expression,
  extractGame24Expression,
  game24AnswerKey,
} from '../../../src/engine/answers/game24';
import { parseExpression } from '../../../src/engine/answers/expression';

const STEPS = 'Steps:\n10 - 4 = 6 (left: 5 6 6)\n6 * 5 = 30 (left: 6 30)\n30 - 6 = 24 (left: 24)\n';

test('a valid solution uses each number once and makes 24', () => {
  assert.ok(checkGame24('4 5 6 10', `${STEPS}Answer: (10 - 4) * 5 - 6 = 24`));
  assert.equal(extractGame24Expression(`${STEPS}Answer: (10 - 4) * 5 - 6 = 24`), '(10 - 4) * 5 - 6');
  assert.equal(game24AnswerKey(`${STEPS}Answer: (10 - 4) * 5 - 6 = 24`), '(10-4)*5-6');
});

test('wrong numbers: a number missing, reused, or not in the puzzle', () => {
  assert.ok(!checkGame24Expression('4 5 6 10', '(6 - 4) * 12'), 'not in the puzzle');
  assert.ok(!checkGame24Expression('4 5 6 10', '(10 - 4) * 4'), 'missing 5 and 6, reuses 4');
  assert.ok(!checkGame24Expression('4 5 6 10', '(10 - 4) * 5 - 6 + 0'), 'an extra number');
  assert.ok(!checkGame24Expression('1 1 4 6', '4 * 6'), 'ones left out');
  assert.ok(checkGame24Expression('1 1 4 6', '4 * 6 * 1 * 1'));
});

test('wrong value', () => {
  assert.ok(!checkGame24('4 5 6 10', 'Answer: (10 - 6) * (4 + 5) = 24'));
  assert.ok(!checkGame24('4 5 6 10', 'Answer: 10 - 4 * 5 + 6 = 24'), 'precedence is respected');
});

test('division is exact: 8/(3-8/3) is 24, not 23.999…', () => {
  assert.ok(checkGame24Expression('3 3 8 8', '8 / (3 - 8 / 3)'));
  assert.ok(checkGame24Expression('1 5 5 5', '(5 - 1 / 5) * 5'));
  assert.ok(!checkGame24Expression('3 3 8 8', '8 / (3 - 3) * 8'), 'division by zero is not 24');
});

test('only arithmetic is accepted: no eval, no powers, no decimals, no implicit products', () => {
  assert.ok(!checkGame24Expression('4 5 6 10', 'process.exit(1)'));
  assert.ok(!checkGame24Expression('2 2 2 3', '(2 + 2) ^ 2 + 2 * 3'));
  assert.ok(!checkGame24Expression('2 4 5 6', '4.0 * 6 * (5 - 2) / 3'));
  assert.ok(!checkGame24Expression('2 3 4 4', '4(4 + 2) * 3 / 3'));
  assert.equal(parseExpression('2 + ', { implicitMultiplication: false, symbols: false }), undefined);
});

test('Unicode operators are read as their ASCII forms', () => {
  assert.ok(checkGame24Expression('4 5 6 10', '(10 − 4) × 5 − 6'));
  assert.ok(checkGame24Expression('3 3 8 8', '8 ÷ (3 − 8 ÷ 3)'));
});

test('texts without a final expression', () => {
  assert.equal(extractGame24Expression('Steps:\n...\nAnswer: No solution.'), undefined);
  assert.equal(extractGame24Expression('There is no way to get 24. Answer: not possible'), undefined);
  assert.ok(!checkGame24('4 5 6 10', 'Steps:\n10 - 4 = 6 (left: 5 6 6)'), 'cut off after a step');
  assert.ok(!checkGame24('4 5 6 10', ''));
});
