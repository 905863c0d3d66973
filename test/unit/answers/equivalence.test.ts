import assert from 'node:assert/strict';
import { test } from 'node:test';
import { answersEquivalent } from '../../../src/engine/answers/equivalence';
import { normalizeAnswer } from '../../../src/engine/answers/normalize';

/** [a, b, why] pairs that must be the same answer. */
const SAME: readonly (readonly [string, string, string])[] = [
  ['1,000', '1000', 'thousands comma'],
  ['1 000', '1000', 'thousands space'],
  ['1\\,000', '1000', 'thin space in LaTeX'],
  ['1{,}000', '1000', 'LaTeX comma group'],
  ['-1,234,567', '-1234567', 'negative with several groups'],
  ['0.50', '.5', 'trailing zero, no leading zero'],
  ['.5', '1/2', 'decimal and fraction'],
  ['0.5', '\\frac{1}{2}', 'decimal and \\frac'],
  ['\\dfrac{1}{2}', '\\tfrac12', '\\dfrac, \\tfrac and unbraced digits'],
  ['\\frac12', '1/2', '\\frac12'],
  ['\\frac{2}{4}', '\\frac{1}{2}', 'same value (PRM800K would want it reduced)'],
  ['12.5', '\\frac{25}{2}', 'improper fraction'],
  ['-5', '- 5', 'negative number'],
  ['-\\frac{1}{2}', '\\frac{-1}{2}', 'sign inside or outside'],
  ['−3', '-3', 'Unicode minus'],
  ['\\left( 1, 2 \\right)', '(1,2)', '\\left and \\right'],
  ['\\text{east}', 'East', '\\text and case'],
  ['\\mathrm{east}', 'east', '\\mathrm'],
  ['10\\!000', '10000', '\\!'],
  ['$18$', '18', 'math delimiters'],
  ['\\$18', '18', 'dollar sign'],
  ['120^\\circ', '120', '^\\circ'],
  ['120^{\\circ}', '120', '^{\\circ}'],
  ['120°', '120', 'degree sign'],
  ['120 degrees', '120', 'degrees as a word'],
  ['18 dollars', '18', 'unit word'],
  ['5 cm', '5', 'unit abbreviation'],
  ['5\\text{ inches}', '5', 'unit in \\text'],
  ['12 \\text{ square units}', '12', 'several unit words'],
  ['3\\text{ cm}^2', '3', 'unit with a power'],
  ['50\\%', '50', 'percent is dropped, as the MATH graders do'],
  ['50%', '50', 'plain percent'],
  ['\\sqrt{2}', '\\sqrt2', 'unbraced root'],
  ['2\\sqrt{3}', '\\sqrt{12}', 'equal irrationals'],
  ['\\frac{\\sqrt{3}}{2}', '\\frac{1}{2}\\sqrt{3}', 'root in a fraction'],
  ['2\\pi', '2 \\pi', 'π kept symbolic'],
  ['\\pi/2', '\\frac{\\pi}{2}', 'π over two'],
  ['0.5\\pi', '\\frac{\\pi}{2}', 'decimal coefficient of π'],
  ['(1,2)', '(1, 2)', 'tuple spacing'],
  ['[0,\\infty)', '[0, \\infty)', 'half-open interval'],
  ['(-\\infty, 0) \\cup (1, \\infty)', '(1,\\infty)\\cup(-\\infty,0)', 'union of intervals in any order'],
  ['\\{1,2\\}', '\\{2,1\\}', 'a set in any order'],
  ['1, 2', '2, 1', 'a list of solutions in any order'],
  ['3 or 5', '5, 3', '"or" separates solutions'],
  ['x = 5', '5', 'a variable name in front'],
  ['6+9i', '6 + 9i', 'complex number spacing'],
  ['x^5 - x^4 + x^3 - x^2 + x - 1', 'x^5-x^4+x^3-x^2+x-1', 'polynomial spacing'],
  ['2x+1', '1+2x', 'polynomial term order'],
  ['\\frac{x}{2}', '0.5x', 'decimal coefficient of a variable'],
  ['\\begin{pmatrix} -2 \\\\ -14 \\\\ -7 \\end{pmatrix}', '\\begin{pmatrix}-2\\\\-14\\\\-7\\end{pmatrix}', 'matrix'],
  ['7 3/4', '31/4', 'mixed number'],
  ['2\\frac{1}{2}', '2.5', 'mixed number in LaTeX'],
  ['\\boxed{5}', '5', 'a box around the answer'],
  ['\\text{(C)}', 'C', 'choice letter in parentheses'],
  ['0.04999999999999999', '0.05', 'binary float print'],
  ['\\sqrt{4}', '2', 'an exact root of a square'],
];

/** [a, b, why] pairs that must not be the same answer. */
const DIFFERENT: readonly (readonly [string, string, string])[] = [
  ['1/2', '2', 'fraction and its denominator'],
  ['(1,2)', '(2,1)', 'tuple order matters'],
  ['10', '100', 'different magnitude'],
  ['(1,2)', '[1,2]', 'open and closed interval'],
  ['(1,2]', '(1,2)', 'half-open and open'],
  ['(1,2)', '1,2', 'tuple and list'],
  ['1,2', '12', 'list and number'],
  ['3.14', '\\pi', 'an approximation of π'],
  ['1.4142135624', '\\sqrt2', 'an approximation of √2'],
  ['0.3333333333', '1/3', 'a short decimal is not a repeating one'],
  ['50%', '0.5', 'percent is not divided by 100'],
  ['2', '-2', 'sign'],
  ['x^2', 'x^3', 'powers'],
  ['2x', '2y', 'different variables'],
  ['\\text{east}', '\\text{west}', 'different words'],
  ['\\{1,2\\}', '\\{1,2,3\\}', 'different sizes'],
  ['\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}', '\\begin{pmatrix} 2 \\\\ 1 \\end{pmatrix}', 'matrix entries in order'],
  ['1', '', 'an answer and none'],
  ['2\\sqrt{3}', '3\\sqrt{2}', 'different irrationals'],
  ['\\frac{1}{2}', '\\frac{1}{3}', 'different fractions'],
];

test('equivalent answers', () => {
  for (const [a, b, why] of SAME) {
    assert.ok(answersEquivalent(a, b), `${a} ≡ ${b} (${why})`);
    assert.ok(answersEquivalent(b, a), `${b} ≡ ${a} (${why}, reversed)`);
  }
});

test('different answers', () => {
  for (const [a, b, why] of DIFFERENT) {
    assert.ok(!answersEquivalent(a, b), `${a} ≢ ${b} (${why})`);
    assert.ok(!answersEquivalent(b, a), `${b} ≢ ${a} (${why}, reversed)`);
  }
});

test('normalised keys are canonical for numbers and structures', () => {
  const keys: readonly (readonly [string, string])[] = [
    ['0.50', '1/2'],
    ['\\frac{6}{4}', '3/2'],
    ['-\\dfrac{1}{2}', '-1/2'],
    ['1,000,000', '1000000'],
    ['\\$1,000.50', '2001/2'],
    ['(1, 2)', '(1,2)'],
    ['\\{3, 1, 2\\}', '{1,2,3}'],
    ['2, 1', '{1,2}'],
    ['[0, \\infty)', '[0,∞)'],
    ['\\text{East}', 'east'],
    ['2 \\sqrt 3', '2sqrt(3)'],
    ['\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}', 'matrix(1,2;3,4)'],
    ['  ', ''],
  ];
  for (const [raw, key] of keys) assert.equal(normalizeAnswer(raw), key, raw);
});

test('hostile or huge answers are handled quickly and without throwing', () => {
  const started = Date.now();
  for (const raw of ['('.repeat(399), '{'.repeat(300), '\\frac{'.repeat(100), '9^99999999', '2^2^2^2^2^2^2^2', 'x'.repeat(10_000)]) {
    assert.equal(typeof normalizeAnswer(raw), 'string');
    assert.ok(answersEquivalent(raw, raw));
  }
  assert.ok(!answersEquivalent('9^99999999', '9^99999998'));
  assert.ok(Date.now() - started < 2000);
});
