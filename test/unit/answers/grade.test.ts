import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gradeSample } from '../../../src/engine/answers/grade';

test('math is graded on the boxed answer', () => {
  assert.deepEqual(gradeSample('math', 'p', '\\frac{1}{2}', 'So it is \\boxed{0.5}.'), { answer: '0.5', correct: true, method: 'boxed' });
  assert.deepEqual(gradeSample('math', 'p', '120^\\circ', 'The angle is $\\boxed{120}$ degrees.'), { answer: '120', correct: true, method: 'boxed' });
  assert.deepEqual(gradeSample('math', 'p', '2000', 'x = 2000\n\nThe requirement is **2000** calories.'), { correct: false, method: 'none' });
  assert.equal(gradeSample('math', 'p', '2000', 'x = 2000', { methods: ['boxed', 'last-number'] }).correct, true);
});

test('gsm8k is graded on the marked final answer, not on calculator annotations', () => {
  const text = 'She has 16 - 3 - 4 = <<16-3-4=9>>9 eggs\nShe makes 9 * 2 = $<<9*2=18>>18\nA: 18';
  assert.deepEqual(gradeSample('gsm8k', 'p', '18', text), { answer: '18', correct: true, method: 'answer-label' });
  assert.equal(gradeSample('gsm8k', 'p', '1000', 'Total\n#### 1,000').correct, true);
  assert.equal(gradeSample('gsm8k', 'p', '18', 'The answer is $18.00.').correct, true);
  assert.deepEqual(gradeSample('gsm8k', 'p', '18', 'then 9 * 2 = <<9*2=18>>18 and'), { correct: false, method: 'none' }, 'cut off before an answer');
  assert.equal(gradeSample('gsm8k', 'p', '2', 'A: 1/5').correct, false);
});

test('game24 has no gold; the final expression is checked', () => {
  assert.deepEqual(gradeSample('game24', '4 5 6 10', null, 'Answer: (10 - 4) * 5 - 6 = 24'), { answer: '(10-4)*5-6', correct: true, method: 'game24' });
  assert.deepEqual(gradeSample('game24', '4 5 6 10', null, 'Answer: (10 - 6) * (4 + 5) = 24'), { answer: '(10-6)*(4+5)', correct: false, method: 'game24' });
  assert.deepEqual(gradeSample('game24', '4 5 6 10', null, 'Answer: None'), { correct: false, method: 'none' });
});

test('a missing gold answer grades as incorrect', () => {
  assert.equal(gradeSample('math', 'p', null, '\\boxed{3}').correct, false);
  assert.equal(gradeSample('gsm8k', 'p', undefined, 'A: 3').correct, false);
});
