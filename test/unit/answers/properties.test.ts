// Properties of equivalence and extraction over generated numbers, fractions and brace-balanced text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { answersEquivalent } from '../../../src/engine/answers/equivalence';
import { extractAnswer, extractBoxed } from '../../../src/engine/answers/extract';
import { normalizeAnswer } from '../../../src/engine/answers/normalize';

const RUNS = { numRuns: 200 };

/** A fraction num/den with den ≥ 1. */
const fraction = fc.record({ num: fc.integer({ min: -5000, max: 5000 }), den: fc.integer({ min: 1, max: 400 }) });

/** Ways to write num/den. */
function renderings(num: number, den: number): string[] {
  const sign = num < 0 ? '-' : '';
  const abs = Math.abs(num);
  const forms = [`${num}/${den}`, `\\frac{${num}}{${den}}`, `${sign}\\dfrac{${abs}}{${den}}`, `\\tfrac{${num}}{${den}}`];
  if (den === 1) forms.push(String(num), `${num}.0`, `$${num}$`);
  // A terminating decimal when den divides a power of ten.
  for (const scale of [10, 100, 1000, 10000]) {
    if (scale % den === 0) {
      const scaled = Math.abs(num * (scale / den));
      const digits = String(scaled).padStart(String(scale).length, '0');
      const point = digits.length - (String(scale).length - 1);
      forms.push(`${sign}${digits.slice(0, point)}.${digits.slice(point)}`);
      break;
    }
  }
  return forms;
}

function withSeparators(n: number, separator: string): string {
  const digits = String(Math.abs(n));
  const groups: string[] = [];
  for (let end = digits.length; end > 0; end -= 3) groups.unshift(digits.slice(Math.max(0, end - 3), end));
  return (n < 0 ? '-' : '') + groups.join(separator);
}

test('equivalence is reflexive on generated numbers and fractions', () => {
  fc.assert(
    fc.property(fraction, fc.nat(), ({ num, den }, pick) => {
      const forms = renderings(num, den);
      const form = forms[pick % forms.length] ?? '';
      assert.ok(answersEquivalent(form, form), form);
    }),
    RUNS,
  );
});

test('equivalence is symmetric, and agrees with the values', () => {
  fc.assert(
    fc.property(fraction, fraction, fc.nat(), fc.nat(), (x, y, i, j) => {
      const a = renderings(x.num, x.den);
      const b = renderings(y.num, y.den);
      const left = a[i % a.length] ?? '';
      const right = b[j % b.length] ?? '';
      const same = x.num * y.den === y.num * x.den;
      assert.equal(answersEquivalent(left, right), answersEquivalent(right, left), `${left} vs ${right}`);
      assert.equal(answersEquivalent(left, right), same, `${left} vs ${right}`);
    }),
    RUNS,
  );
});

test('every way of writing a value gets the same key', () => {
  fc.assert(
    fc.property(fraction, ({ num, den }) => {
      const keys = new Set(renderings(num, den).map(normalizeAnswer));
      assert.equal(keys.size, 1, [...keys].join(' | '));
    }),
    RUNS,
  );
});

test('an integer written with thousands separators stays the same answer', () => {
  fc.assert(
    fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.constantFrom(',', ' ', '{,}', '\\,'), (n, separator) => {
      const written = withSeparators(n, separator);
      assert.ok(answersEquivalent(written, String(n)), `${written} vs ${n}`);
      assert.equal(normalizeAnswer(written), String(n));
    }),
    RUNS,
  );
});

test('tuples compare element-wise and in order', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: -99, max: 99 }), { minLength: 2, maxLength: 5 }), (items) => {
      const spaced = `(${items.join(', ')})`;
      const tight = `\\left(${items.join(',')}\\right)`;
      assert.ok(answersEquivalent(spaced, tight));
      const reversed = `(${[...items].reverse().join(',')})`;
      const palindrome = items.join() === [...items].reverse().join();
      assert.equal(answersEquivalent(spaced, reversed), palindrome);
    }),
    RUNS,
  );
});

/** Brace-balanced LaTeX-like text without a box of its own. */
const balanced: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('x', '1', '23', ' ', '+', '^', '\\frac', '\\sqrt', '\\{', '\\}', '(', ']', '$', '\\\\', 'é'),
    tie('node').map((inner) => `{${inner}}`),
    fc.array(tie('node'), { maxLength: 4 }).map((parts) => parts.join('')),
  ),
})).node;

test('\\boxed{X} gives back X for any brace-balanced X, wherever it sits', () => {
  const prose = fc.string({ maxLength: 30 }).filter((s) => !/\\(?:boxed|fbox)/.test(s) && !s.endsWith('\\'));
  fc.assert(
    fc.property(balanced, prose, prose, (inner, before, after) => {
      fc.pre(inner.trim() !== '' && !/\\(?:boxed|fbox)/.test(inner));
      const text = `${before}\\boxed{${inner}}${after}`;
      assert.equal(extractBoxed(text), inner.trim());
      assert.equal(extractAnswer(text)?.method, 'boxed');
    }),
    RUNS,
  );
});
