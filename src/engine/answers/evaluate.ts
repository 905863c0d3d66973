// Two ways to give a parsed expression a value: exactly, as a rational (only for plain arithmetic), and
// approximately, as a float with the variables bound to probe values (for roots, π and polynomials).
import type { Expr, FunctionName } from './expression';
import type { Rational } from './rational';
import { add, div, mul, neg, pow, sub, toNumber } from './rational';

/** The exact value when the expression is rational arithmetic; undefined otherwise (or on x/0). */
export function exactValue(expr: Expr): Rational | undefined {
  switch (expr.kind) {
    case 'num':
      return expr.value;
    case 'neg': {
      const arg = exactValue(expr.arg);
      return arg === undefined ? undefined : neg(arg);
    }
    case 'bin': {
      const left = exactValue(expr.left);
      if (left === undefined) return undefined;
      const right = exactValue(expr.right);
      if (right === undefined) return undefined;
      switch (expr.op) {
        case '+':
          return add(left, right);
        case '-':
          return sub(left, right);
        case '*':
          return mul(left, right);
        case '/':
          return div(left, right);
        case '^':
          return pow(left, right);
      }
      break;
    }
    default:
      return undefined;
  }
}

const FUNCTION_VALUES: Readonly<Record<FunctionName, (x: number) => number>> = {
  sqrt: Math.sqrt,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  sec: (x) => 1 / Math.cos(x),
  csc: (x) => 1 / Math.sin(x),
  cot: (x) => 1 / Math.tan(x),
  arcsin: Math.asin,
  arccos: Math.acos,
  arctan: Math.atan,
  ln: Math.log,
  log: Math.log10,
  exp: Math.exp,
};

/** A float value with the given variable bindings; NaN where it is undefined. */
export function numericValue(expr: Expr, bindings: ReadonlyMap<string, number>): number {
  switch (expr.kind) {
    case 'num':
      return toNumber(expr.value);
    case 'const':
      return expr.name === 'pi' ? Math.PI : Infinity;
    case 'var':
      return bindings.get(expr.name) ?? NaN;
    case 'neg':
      return -numericValue(expr.arg, bindings);
    case 'call':
      return FUNCTION_VALUES[expr.fn](numericValue(expr.arg, bindings));
    case 'bin': {
      const left = numericValue(expr.left, bindings);
      const right = numericValue(expr.right, bindings);
      switch (expr.op) {
        case '+':
          return left + right;
        case '-':
          return left - right;
        case '*':
          return left * right;
        case '/':
          return left / right;
        case '^':
          return left ** right;
      }
    }
  }
}

/** True when some number in the tree was written with a decimal point (an approximation, perhaps). */
export function hasDecimal(expr: Expr): boolean {
  switch (expr.kind) {
    case 'num':
      return expr.decimal;
    case 'neg':
    case 'call':
      return hasDecimal(expr.arg);
    case 'bin':
      return hasDecimal(expr.left) || hasDecimal(expr.right);
    default:
      return false;
  }
}
