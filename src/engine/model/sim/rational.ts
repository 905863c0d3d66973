// Exact rationals (bigint numerator and denominator, always reduced, denominator positive), so the
// simulated reasoner's correct steps are exactly correct and its wrong ones are wrong by design only.

export class Rational {
  private constructor(
    readonly num: bigint,
    readonly den: bigint,
  ) {}

  static of(num: bigint | number, den: bigint | number = 1n): Rational {
    let n = BigInt(num);
    let d = BigInt(den);
    if (d === 0n) throw new RangeError('division by zero');
    if (d < 0n) {
      n = -n;
      d = -d;
    }
    const g = gcd(n < 0n ? -n : n, d);
    return new Rational(n / g, d / g);
  }

  /** Reads `12`, `-7`, `22/7`, `(−3)`; undefined for anything else. */
  static parse(text: string): Rational | undefined {
    const match = /^\(?\s*([-−]?)(\d+)(?:\s*\/\s*(\d+))?\s*\)?$/u.exec(text.trim());
    if (!match) return undefined;
    const sign = match[1] ? -1n : 1n;
    const den = match[3] === undefined ? 1n : BigInt(match[3]);
    if (den === 0n) return undefined;
    return Rational.of(sign * BigInt(match[2] ?? '0'), den);
  }

  add(other: Rational): Rational {
    return Rational.of(this.num * other.den + other.num * this.den, this.den * other.den);
  }
  sub(other: Rational): Rational {
    return Rational.of(this.num * other.den - other.num * this.den, this.den * other.den);
  }
  mul(other: Rational): Rational {
    return Rational.of(this.num * other.num, this.den * other.den);
  }
  /** Undefined when dividing by zero. */
  div(other: Rational): Rational | undefined {
    if (other.num === 0n) return undefined;
    return Rational.of(this.num * other.den, this.den * other.num);
  }

  equals(other: Rational): boolean {
    return this.num === other.num && this.den === other.den;
  }
  isInteger(): boolean {
    return this.den === 1n;
  }
  isNegative(): boolean {
    return this.num < 0n;
  }
  /** Digits written for this value (numerator and denominator), a proxy for how hard it is to handle. */
  digits(): number {
    const n = (this.num < 0n ? -this.num : this.num).toString().length;
    return this.den === 1n ? n : n + this.den.toString().length;
  }

  /** `62`, `-7`, `22/7`. */
  toString(): string {
    return this.den === 1n ? this.num.toString() : `${this.num}/${this.den}`;
  }
  /** As an operand inside an equation: negatives and fractions in parentheses, `(-7)`, `(22/7)`. */
  toOperand(): string {
    return this.den === 1n && this.num >= 0n ? this.num.toString() : `(${this.toString()})`;
  }
  /** As a boxed final answer: `62`, `-7`, `\frac{22}{7}`, `-\frac{22}{7}`. */
  toLatex(): string {
    if (this.den === 1n) return this.num.toString();
    const sign = this.num < 0n ? '-' : '';
    const abs = this.num < 0n ? -this.num : this.num;
    return `${sign}\\frac{${abs}}{${this.den}}`;
  }
  toNumber(): number {
    return Number(this.num) / Number(this.den);
  }
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a === 0n ? 1n : a;
}

export type Operator = '+' | '-' | '×' | '÷';

/** `a op b`, or undefined for a division by zero. */
export function apply(op: Operator, a: Rational, b: Rational): Rational | undefined {
  switch (op) {
    case '+':
      return a.add(b);
    case '-':
      return a.sub(b);
    case '×':
      return a.mul(b);
    case '÷':
      return a.div(b);
  }
}

/** Reads an operator symbol as written in a problem or a step. */
export function readOperator(symbol: string): Operator | undefined {
  switch (symbol) {
    case '+':
      return '+';
    case '-':
    case '−':
    case '–':
      return '-';
    case '*':
    case '×':
    case '·':
      return '×';
    case '/':
    case '÷':
      return '÷';
    default:
      return undefined;
  }
}
