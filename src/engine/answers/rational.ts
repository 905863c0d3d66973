// Exact rational numbers over bigint. Answers such as 0.50, .5, 1/2 and \frac{1}{2} must compare equal
// without floating-point doubt, and Game of 24 needs 8/(3-8/3) = 24 exactly.

/** A reduced fraction: `den` > 0 and gcd(|num|, den) = 1. */
export interface Rational {
  readonly num: bigint;
  readonly den: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** Builds a reduced rational; throws RangeError on a zero denominator. */
export function rational(num: bigint, den: bigint = 1n): Rational {
  if (den === 0n) throw new RangeError('zero denominator');
  const sign = den < 0n ? -1n : 1n;
  const divisor = gcd(num, den) || 1n;
  return { num: (sign * num) / divisor, den: (sign * den) / divisor };
}

export const ZERO = rational(0n);

export function add(a: Rational, b: Rational): Rational {
  return rational(a.num * b.den + b.num * a.den, a.den * b.den);
}

export function sub(a: Rational, b: Rational): Rational {
  return rational(a.num * b.den - b.num * a.den, a.den * b.den);
}

export function mul(a: Rational, b: Rational): Rational {
  return rational(a.num * b.num, a.den * b.den);
}

/** a / b, or undefined when b is zero (the caller decides what a division by zero means). */
export function div(a: Rational, b: Rational): Rational | undefined {
  return b.num === 0n ? undefined : rational(a.num * b.den, a.den * b.num);
}

export function neg(a: Rational): Rational {
  return { num: -a.num, den: a.den };
}

export function equals(a: Rational, b: Rational): boolean {
  return a.num === b.num && a.den === b.den;
}

export function isInteger(a: Rational): boolean {
  return a.den === 1n;
}

/** Largest exponent we raise to: keeps a hostile `2^999999999` from hanging the process. */
const MAX_EXPONENT = 512n;

/** a^b for an integer b of modest size; undefined otherwise (non-integer powers are not rational in general). */
export function pow(a: Rational, b: Rational): Rational | undefined {
  if (b.den !== 1n) return undefined;
  const e = b.num < 0n ? -b.num : b.num;
  if (e > MAX_EXPONENT) return undefined;
  const bitsEstimate = (a.num < 0n ? -a.num : a.num).toString(2).length + a.den.toString(2).length;
  if (BigInt(bitsEstimate) * e > 8192n) return undefined;
  const raised = rational(a.num ** e, a.den ** e);
  return b.num < 0n ? div(rational(1n), raised) : raised;
}

/** Parses a plain decimal literal ("12", "0.50", ".5", "3."); undefined if it is not one. */
export function parseDecimal(text: string): Rational | undefined {
  const match = /^(-?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!match) return undefined;
  const [, sign = '', whole = '', fraction = ''] = match;
  if (whole === '' && fraction === '') return undefined;
  const digits = BigInt((whole || '0') + fraction);
  const value = rational(digits, 10n ** BigInt(fraction.length));
  return sign === '-' ? neg(value) : value;
}

/** Canonical text: "18", "-1/2". */
export function formatRational(a: Rational): string {
  return a.den === 1n ? a.num.toString() : `${a.num.toString()}/${a.den.toString()}`;
}

export function toNumber(a: Rational): number {
  return Number(a.num) / Number(a.den);
}
