import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isMathCommand, latexToText } from '../../../src/shared/latex-text';

describe('LaTeX as plain text', () => {
  test('what small models write, delimited or not', () => {
    const cases: [string, string][] = [
      ['\\boxed{\\frac{38}{7}}', '38/7'],
      ['The answer is $\\boxed{144}$.', 'The answer is 144.'],
      ['So x = \\boxed{\\frac{38}{7}}.', 'So x = 38/7.'],
      ['\\(\\frac{a+b}{c}\\)', '(a+b)/c'],
      ['\\[ \\dfrac{1}{2} + \\tfrac{3}{4} \\]', ' 1/2 + 3/4 '],
      ['3 \\times 4 \\leq \\sqrt{2}', '3 × 4 ≤ √2'],
      ['\\sqrt{x+1} \\ne \\sqrt[3]{8}', '√(x+1) ≠ ∛8'],
      ['x^2 + y_{1} = \\alpha^{n+1}', 'x² + y₁ = αⁿ⁺¹'],
      ['e^{i\\pi} + 1 = 0', 'e^(iπ) + 1 = 0'],
      ['\\left( \\frac{1}{2} \\right)^2', '( 1/2 )²'],
      ['90^\\circ and 12 \\div 4 \\cdot 3 \\geq 2\\%', '90° and 12 ÷ 4 · 3 ≥ 2%'],
      ['\\text{apples} = 5, \\mathbb{R}', 'apples = 5, R'],
      ['$$\\pi r^2$$', 'π r²'],
    ];
    for (const [input, expected] of cases) assert.equal(latexToText(input), expected, input);
  });

  test('prose stays as written: money, paths, unknown commands, plain text', () => {
    assert.equal(latexToText('It costs $5 and $6.'), 'It costs $5 and $6.');
    assert.equal(latexToText('It costs \\$5 and \\$6.'), 'It costs $5 and $6.');
    assert.equal(latexToText('C:\\index\\new'), 'C:\\index\\new', 'unknown names are not matched by prefix');
    assert.equal(latexToText('\\left.x\\right|'), 'x|');
    assert.equal(latexToText('\\unknowncmd{x}'), '\\unknowncmdx');
    assert.equal(latexToText('no math at all'), 'no math at all');
    assert.equal(latexToText('snake_case and 2^'), 'snake_case and 2^');
  });

  test('hostile text: markup passes through as text, bidi controls go, nesting and length cannot hurt', () => {
    assert.equal(latexToText('\\text{<img src=x onerror=alert(1)>}'), '<img src=x onerror=alert(1)>', 'text in, text out: callers escape');
    assert.equal(latexToText('\\frac{\u202Eevil}{2}'), 'evil/2');
    const deep = `${'\\frac{'.repeat(5000)}1${'}{2}'.repeat(5000)}`;
    const started = performance.now();
    const out = latexToText(deep);
    assert.ok(out.length > 0 && out.length <= deep.length * 2);
    assert.ok(performance.now() - started < 2000, 'deep nesting is left as written, not recursed into');
    assert.equal(latexToText('{'.repeat(100_000)).length, 100_000, 'unclosed groups stay');
    assert.ok(latexToText('\\sqrt'.repeat(100_000)).length > 0, 'chained commands do not overflow the stack');
    assert.ok(latexToText('x^'.repeat(100_000)).length > 0);
    assert.equal(latexToText('\\frac'), '/', 'missing arguments do not throw');
    assert.equal(latexToText('\\sqrt['), '√', 'an unclosed index does not throw');
  });

  test('knows which commands are math (for rendering undelimited LaTeX)', () => {
    for (const name of ['frac', 'boxed', 'sqrt', 'times', 'leq', 'alpha', 'cdot', 'left']) assert.ok(isMathCommand(name), name);
    for (const name of ['index', 'new', 'n', 'usepackage']) assert.ok(!isMathCommand(name), name);
  });
});
