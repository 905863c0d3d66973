// A small, safe arithmetic parser: tokens → syntax tree, by recursive descent. Model output is
// untrusted, so nothing is ever handed to eval(); input length and nesting depth are capped.
import type { Rational } from './rational';
import { parseDecimal } from './rational';

export type BinaryOp = '+' | '-' | '*' | '/' | '^';
export type FunctionName = (typeof FUNCTIONS)[number];

export type Expr =
  | { readonly kind: 'num'; readonly value: Rational; readonly literal: string; readonly decimal: boolean }
  | { readonly kind: 'const'; readonly name: 'pi' | 'inf' }
  | { readonly kind: 'var'; readonly name: string }
  | { readonly kind: 'neg'; readonly arg: Expr }
  | { readonly kind: 'bin'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'call'; readonly fn: FunctionName; readonly arg: Expr };

export interface ParseOptions {
  /** `2x`, `3(4+1)`, `2sqrt(3)`: multiplication without a sign, as written in math answers. */
  readonly implicitMultiplication: boolean;
  /** Single-letter variables, π, ∞, `^` and the functions below; off for plain arithmetic. */
  readonly symbols: boolean;
}

/** Plain arithmetic only: + - * / and parentheses over numbers (Game of 24). */
export const ARITHMETIC: ParseOptions = { implicitMultiplication: false, symbols: false };
/** What math answers use: implicit products, powers, roots, π, variables. */
export const MATH: ParseOptions = { implicitMultiplication: true, symbols: true };

export const FUNCTIONS = [
  'sqrt', 'sin', 'cos', 'tan', 'sec', 'csc', 'cot', 'arcsin', 'arccos', 'arctan', 'ln', 'log', 'exp',
] as const;

const MAX_INPUT = 2000;
const MAX_DEPTH = 100;

type Token =
  | { readonly type: 'num'; readonly text: string }
  | { readonly type: 'ident'; readonly text: string }
  | { readonly type: 'op'; readonly text: BinaryOp | '(' | ')' };

const OPERATOR_ALIASES: Readonly<Record<string, BinaryOp | '(' | ')'>> = {
  '+': '+', '-': '-', '−': '-', '–': '-', '*': '*', '×': '*', '·': '*', '⋅': '*', '/': '/', '÷': '/',
  '^': '^', '(': '(', ')': ')',
};

function tokenize(text: string): Token[] | undefined {
  const tokens: Token[] = [];
  const pattern = /\s+|(\d+(?:\.\d*)?|\.\d+)|([A-Za-z]+|π|∞)|(.)/gsy;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text)) !== null) {
    const [, number, ident, other] = match;
    if (number !== undefined) tokens.push({ type: 'num', text: number });
    else if (ident !== undefined) tokens.push({ type: 'ident', text: ident });
    else if (other !== undefined) {
      const op = OPERATOR_ALIASES[other];
      if (op === undefined) return undefined;
      tokens.push({ type: 'op', text: op });
    }
    if (pattern.lastIndex >= text.length) break;
  }
  return tokens;
}

class Parser {
  private index = 0;
  private depth = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly options: ParseOptions,
  ) {}

  parseAll(): Expr | undefined {
    const expr = this.expression();
    return expr !== undefined && this.index === this.tokens.length ? expr : undefined;
  }

  private peek(): Token | undefined {
    return this.tokens[this.index];
  }

  private isOp(text: string): boolean {
    const token = this.peek();
    return token?.type === 'op' && token.text === text;
  }

  private expression(): Expr | undefined {
    if (++this.depth > MAX_DEPTH) return undefined;
    let left = this.term();
    while (left !== undefined && (this.isOp('+') || this.isOp('-'))) {
      const op = this.isOp('+') ? '+' : '-';
      this.index++;
      const right = this.term();
      left = right === undefined ? undefined : { kind: 'bin', op, left, right };
    }
    this.depth--;
    return left;
  }

  private term(): Expr | undefined {
    let left = this.unary();
    while (left !== undefined) {
      if (this.isOp('*') || this.isOp('/')) {
        const op = this.isOp('*') ? '*' : '/';
        this.index++;
        const right = this.unary();
        left = right === undefined ? undefined : { kind: 'bin', op, left, right };
      } else if (this.options.implicitMultiplication && this.startsImplicitFactor()) {
        const right = this.power();
        left = right === undefined ? undefined : { kind: 'bin', op: '*', left, right };
      } else break;
    }
    return left;
  }

  /** A factor may follow without a sign unless it is a bare number after a number ("2 3" is not 6). */
  private startsImplicitFactor(): boolean {
    const token = this.peek();
    if (token === undefined) return false;
    if (token.type === 'ident') return true;
    if (token.type === 'op') return token.text === '(';
    const previous = this.tokens[this.index - 1];
    return previous?.type === 'op' && previous.text === ')';
  }

  private unary(): Expr | undefined {
    if (this.isOp('-') || this.isOp('+')) {
      const negative = this.isOp('-');
      this.index++;
      if (++this.depth > MAX_DEPTH) return undefined;
      const arg = this.unary();
      this.depth--;
      if (arg === undefined) return undefined;
      return negative ? { kind: 'neg', arg } : arg;
    }
    return this.power();
  }

  private power(): Expr | undefined {
    const base = this.primary();
    if (base === undefined || !this.isOp('^')) return base;
    if (!this.options.symbols) return undefined;
    this.index++;
    if (++this.depth > MAX_DEPTH) return undefined;
    const exponent = this.unary();
    this.depth--;
    return exponent === undefined ? undefined : { kind: 'bin', op: '^', left: base, right: exponent };
  }

  private primary(): Expr | undefined {
    const token = this.peek();
    if (token === undefined) return undefined;
    this.index++;
    if (token.type === 'num') {
      const value = parseDecimal(token.text);
      if (value === undefined) return undefined;
      return { kind: 'num', value, literal: token.text, decimal: token.text.includes('.') };
    }
    if (token.type === 'op') {
      if (token.text !== '(') return undefined;
      const inner = this.expression();
      if (inner === undefined || !this.isOp(')')) return undefined;
      this.index++;
      return inner;
    }
    return this.options.symbols ? this.identifier(token.text) : undefined;
  }

  private identifier(name: string): Expr | undefined {
    const lower = name.toLowerCase();
    if (lower === 'pi' || name === 'π') return { kind: 'const', name: 'pi' };
    if (lower === 'inf' || lower === 'infty' || lower === 'infinity' || name === '∞') return { kind: 'const', name: 'inf' };
    const fn = FUNCTIONS.find((candidate) => candidate === lower);
    if (fn !== undefined) {
      // The argument is one primary, so `sqrt(2)^2` is (√2)², as written.
      if (++this.depth > MAX_DEPTH) return undefined;
      const arg = this.primary();
      this.depth--;
      return arg === undefined ? undefined : { kind: 'call', fn, arg };
    }
    // Only single letters are variables: a longer word ("east", "none") is text, not a product of letters.
    return name.length === 1 ? { kind: 'var', name: lower } : undefined;
  }
}

/** Parses `text`; undefined when it is not an expression of the allowed form. */
export function parseExpression(text: string, options: ParseOptions = MATH): Expr | undefined {
  if (text.length > MAX_INPUT) return undefined;
  const tokens = tokenize(text);
  if (tokens === undefined || tokens.length === 0) return undefined;
  return new Parser(tokens, options).parseAll();
}

/** Every number literal in the tree, left to right. */
export function numberLiterals(expr: Expr): Expr[] {
  switch (expr.kind) {
    case 'num':
      return [expr];
    case 'neg':
    case 'call':
      return numberLiterals(expr.arg);
    case 'bin':
      return [...numberLiterals(expr.left), ...numberLiterals(expr.right)];
    default:
      return [];
  }
}

/** The variable names in the tree, sorted. */
export function variablesOf(expr: Expr): string[] {
  const names = new Set<string>();
  const visit = (node: Expr): void => {
    if (node.kind === 'var') names.add(node.name);
    else if (node.kind === 'neg' || node.kind === 'call') visit(node.arg);
    else if (node.kind === 'bin') {
      visit(node.left);
      visit(node.right);
    }
  };
  visit(expr);
  return [...names].sort();
}
