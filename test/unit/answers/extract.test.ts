import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractAnswer, extractBoxed } from '../../../src/engine/answers/extract';

test('a boxed answer keeps its nested braces', () => {
  assert.deepEqual(extractAnswer('So the answer is \\(\\boxed{\\frac{\\sqrt{3}}{2}}\\).'), {
    answer: '\\frac{\\sqrt{3}}{2}',
    method: 'boxed',
  });
  assert.equal(extractBoxed('\\boxed{\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}}'), '\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}');
});

test('the last box wins, and \\fbox counts as a box', () => {
  assert.equal(extractBoxed('First \\boxed{3}, then corrected: \\boxed{4}.'), '4');
  assert.equal(extractBoxed('\\boxed{3} and finally \\fbox{x+1}'), 'x+1');
  assert.equal(extractBoxed('\\boxed{\\boxed{7}}'), '7', 'a box inside a box: the inner one opens last');
});

test('escaped braces do not close a box; an unclosed box is ignored', () => {
  assert.equal(extractBoxed('\\boxed{\\{1, 2\\}}'), '\\{1, 2\\}');
  assert.equal(extractBoxed('\\boxed{5} then \\boxed{\\frac{1}{2'), '5');
  assert.equal(extractBoxed('\\boxed{}'), undefined);
  assert.equal(extractBoxed('\\boxedfoo{3}'), undefined, 'another command that starts with "boxed"');
});

test('\\boxed without braces reads one token', () => {
  assert.equal(extractBoxed('$\\boxed 5$'), '5');
});

test('GSM8K hashes, but not Markdown headings', () => {
  assert.deepEqual(extractAnswer('She makes 9 * 2 = 18 dollars.\n#### 18'), { answer: '18', method: 'hashes' });
  assert.deepEqual(extractAnswer('#### Step 1: add\n2 + 3 = 5\n#### Step 2: done'), { answer: '5', method: 'last-number' });
});

test('a labelled last line: "Answer:", "A:", "**Final Answer:**"', () => {
  assert.deepEqual(extractAnswer('2 + 2 = 4\nA: 4'), { answer: '4', method: 'answer-label' });
  assert.deepEqual(extractAnswer('Steps...\nAnswer: $\\frac{1}{2}$.'), { answer: '\\frac{1}{2}', method: 'answer-label' });
  assert.deepEqual(extractAnswer('**Final Answer:** 12'), { answer: '12', method: 'answer-label' });
  assert.deepEqual(extractAnswer('Final Answer: The least such number is 2220.'), { answer: '2220', method: 'answer-label' });
  assert.equal(extractAnswer('a: 3 and b: 4 are the sides')?.method, 'last-number', 'a lower-case "a:" is a variable');
});

test('"The answer is", on the same line or in a display below it', () => {
  assert.deepEqual(extractAnswer('Thus the answer is 3.5. Done.'), { answer: '3.5', method: 'answer-is' });
  assert.deepEqual(extractAnswer('So, the final answer is:\n\\[\n42\n\\]'), { answer: '42', method: 'answer-is' });
  assert.deepEqual(extractAnswer('The answer is $5.'), { answer: '$5', method: 'answer-is' });
  // A cut-off display is not an answer; the fallback takes over.
  assert.deepEqual(extractAnswer('a + b = 7\nSo, the final answer is:\n\\['), { answer: '7', method: 'last-number' });
});

test('the fallback is the last number, skipping calculator annotations and list numbering', () => {
  assert.deepEqual(extractAnswer('16 - 3 = <<16-3=13>>13 eggs, sold for $<<13*2=26>>26'), { answer: '26', method: 'last-number' });
  assert.deepEqual(extractAnswer('So 7 * 4 = <<7*4=28>>28 and then 28 * 3 = <<28*3'), { answer: '3', method: 'last-number' });
  assert.deepEqual(extractAnswer('The total is 1,250 dollars.'), { answer: '1,250', method: 'last-number' });
  assert.deepEqual(extractAnswer('x is 12 units\n\n13. Multiply the divisor'), { answer: '12', method: 'last-number' });
  assert.deepEqual(extractAnswer('It drops to -4 degrees'), { answer: '-4', method: 'last-number' });
  assert.deepEqual(extractAnswer('10-4 = 6'), { answer: '6', method: 'last-number' });
  assert.deepEqual(extractAnswer('5-3'), { answer: '3', method: 'last-number' }, 'a minus after a digit is a subtraction');
});

test('stronger rules win over weaker ones wherever they are', () => {
  assert.equal(extractAnswer('\\boxed{2}\nThe answer is 3\nAnswer: 4\n5')?.answer, '2');
  assert.equal(extractAnswer('The answer is 3\nAnswer: 4\n5')?.answer, '4');
});

test('nothing found is undefined, and rules can be restricted', () => {
  assert.equal(extractAnswer('I cannot solve this.'), undefined);
  assert.equal(extractAnswer(''), undefined);
  assert.equal(extractAnswer('the area is 12', { methods: ['boxed'] }), undefined);
  assert.deepEqual(extractAnswer('A: 5\n\\boxed{6}', { methods: ['answer-label'] }), { answer: '5', method: 'answer-label' });
});

test('a stray "<<" is not a calculator annotation: it cannot swallow the answer after it', () => {
  assert.deepEqual(extractAnswer('x<<\\boxed{x}'), { answer: 'x', method: 'boxed' });
  // A real annotation cut off at the end is still working, not an answer.
  assert.equal(extractAnswer('She has 3*4=<<3*4=12', { methods: ['last-number'] })?.answer, '4');
});
