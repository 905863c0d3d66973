// Are two final answers the same? Equal keys first; then structure by structure (tuples and intervals in
// order with the same brackets, sets and solution lists in any order, matrices cell by cell); then per
// value: exact rational comparison, or, for roots, π and polynomials, agreement of the two expressions at
// a few probe points (a numeric stand-in for PRM800K's sympy.simplify(a - b) == 0).
import { hasDecimal, numericValue } from './evaluate';
import type { Expr } from './expression';
import { variablesOf } from './expression';
import type { ScalarValue } from './normalize';
import { answerShape, scalarValue, shapeKey } from './normalize';
import { equals, toNumber } from './rational';
import type { AnswerShape } from './shape';

/** At most this many distinct variables take part in probing (PRM800K refuses sympy beyond two unknown letters). */
const MAX_VARIABLES = 3;
const RELATIVE_TOLERANCE = 1e-9;
const FLOAT_TOLERANCE = 1e-12;
/** Values with no special meaning (not 0, 1, small integers), so that different expressions rarely meet. */
const PROBE_POINTS = [0.5772156649, 1.3247179572, 2.6651441426, 0.3678794412];

/** True when `a` and `b` are the same final answer. */
export function answersEquivalent(a: string, b: string): boolean {
  const shapeA = answerShape(a);
  const shapeB = answerShape(b);
  return shapeKey(shapeA) === shapeKey(shapeB) || shapesEquivalent(shapeA, shapeB);
}

export function shapesEquivalent(a: AnswerShape, b: AnswerShape): boolean {
  if (a.kind === 'scalar' && b.kind === 'scalar') return valuesEquivalent(scalarValue(a.text), scalarValue(b.text));
  if (a.kind === 'tuple' && b.kind === 'tuple') {
    return a.open === b.open && a.close === b.close && allPairs(a.items, b.items);
  }
  if (a.kind === 'unordered' && b.kind === 'unordered') {
    return a.joiner === b.joiner && perfectMatching(a.items, b.items);
  }
  if (a.kind === 'matrix' && b.kind === 'matrix') {
    return a.rows.length === b.rows.length && a.rows.every((row, i) => allPairs(row, b.rows[i] ?? []));
  }
  return false;
}

function allPairs(a: readonly AnswerShape[], b: readonly AnswerShape[]): boolean {
  return a.length === b.length && a.every((item, i) => {
    const other = b[i];
    return other !== undefined && shapesEquivalent(item, other);
  });
}

/** Every item of `a` paired with a distinct equivalent item of `b` (augmenting paths; lists are short). */
function perfectMatching(a: readonly AnswerShape[], b: readonly AnswerShape[]): boolean {
  if (a.length !== b.length) return false;
  const matchOfB: (number | undefined)[] = b.map(() => undefined);
  const edges = a.map((item) => b.map((other) => shapesEquivalent(item, other)));
  const tryAssign = (i: number, seen: boolean[]): boolean => {
    for (let j = 0; j < b.length; j++) {
      if (!edges[i]?.[j] || seen[j]) continue;
      seen[j] = true;
      const current = matchOfB[j];
      if (current === undefined || tryAssign(current, seen)) {
        matchOfB[j] = i;
        return true;
      }
    }
    return false;
  };
  return a.every((_, i) => tryAssign(i, b.map(() => false)));
}

export function valuesEquivalent(a: ScalarValue, b: ScalarValue): boolean {
  if (a.key === b.key) return true;
  if (a.exact !== undefined && b.exact !== undefined) {
    if (equals(a.exact, b.exact)) return true;
    return (floatPrint(a) || floatPrint(b)) && close(toNumber(a.exact), toNumber(b.exact), FLOAT_TOLERANCE);
  }
  if (a.expr === undefined || b.expr === undefined) return false;
  // 1.4142135624 is not √2: a decimal number against an irrational expression is an approximation.
  const decimalNumber = (value: ScalarValue): boolean => value.exact !== undefined && value.expr !== undefined && hasDecimal(value.expr);
  if (decimalNumber(a) || decimalNumber(b)) return false;
  return probeEquivalent(a.expr, b.expr);
}

/**
 * 0.04999999999999999 is 0.05 printed by a binary float (calculator annotations, code output): a decimal
 * with 15 or more significant digits is compared within float precision, not exactly.
 */
function floatPrint(value: ScalarValue): boolean {
  const expr = value.expr?.kind === 'neg' ? value.expr.arg : value.expr;
  return expr?.kind === 'num' && expr.decimal && expr.literal.replace(/^[0.]+/, '').replace('.', '').length >= 15;
}

function probeEquivalent(a: Expr, b: Expr): boolean {
  const variables = variablesOf(a);
  const variablesB = variablesOf(b);
  if (variables.length > MAX_VARIABLES || variables.join() !== variablesB.join()) return false;
  let agreed = 0;
  for (let p = 0; p < PROBE_POINTS.length; p++) {
    const bindings = new Map(variables.map((name, k) => [name, PROBE_POINTS[(p + k) % PROBE_POINTS.length] ?? 0] as const));
    const x = numericValue(a, bindings);
    const y = numericValue(b, bindings);
    // Undefined or overflowing at this point on both sides (√ of a negative, 9^99999999): no evidence.
    if (!Number.isFinite(x) && !Number.isFinite(y)) continue;
    if (!close(x, y)) return false;
    agreed++;
    if (variables.length === 0) break;
  }
  return agreed > 0;
}

function close(x: number, y: number, tolerance = RELATIVE_TOLERANCE): boolean {
  if (!Number.isFinite(x) || !Number.isFinite(y)) return false;
  if (x === y) return true;
  return Math.abs(x - y) <= tolerance * Math.max(1, Math.abs(x), Math.abs(y));
}
