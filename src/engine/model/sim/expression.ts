// Arithmetic-expression problems: "What is (17 + 5) * 3 - 4?", "Compute 12*(3+4)/7". Integers, + - * /
// (also × ÷ −), parentheses, unary minus on a number; exact rational results. The plan has one operation
// per operator, in evaluation order (left operand first, then right, then the operator itself).
import { literal, ref, type Operand, type Plan, type PlanOp, type StepContext } from './plan';
import { readOperator, Rational, type Operator } from './rational';

type Node = { readonly kind: 'number'; readonly value: Rational } | { readonly kind: 'binary'; readonly op: Operator; readonly left: Node; readonly right: Node };

/** Longer or deeper expressions are declined (and the recursive parser stays far from the stack limit). */
const MAX_EXPRESSION_LENGTH = 2000;
const MAX_NESTING = 50;

const LEAD = /^\s*(?:(?:what\s+is|what's|compute|calculate|evaluate|simplify|work\s+out|find(?:\s+the\s+value\s+of)?)\b\s*:?\s*)?/iu;
const EXPRESSION_CHARS = /^[0-9\s+\-−–*×·/÷()]+/u;

/**
 * Reads the problem's first sentence as an expression question; anything after it is ignored (the
 * reasoner only does what it can read). Undefined when the problem is not of this form, has no operator,
 * or divides by zero.
 */
export function readExpressionProblem(problem: string): Plan | undefined {
  const afterLead = problem.replace(LEAD, '');
  const body = EXPRESSION_CHARS.exec(afterLead)?.[0];
  if (!body || body.length > MAX_EXPRESSION_LENGTH || nesting(body) > MAX_NESTING) return undefined;
  const rest = afterLead.slice(body.length);
  // The expression must end the sentence: "?", ".", "!", "= ?", or the end of the text (not "2.5").
  if (!/^(?:$|\s*=\s*\??|[?!]|\.(?!\d))/u.test(rest)) return undefined;
  const tree = parseExpression(body);
  if (!tree || tree.kind === 'number') return undefined;
  const ops: PlanOp[] = [];
  flatten(tree, ops);
  return { kind: 'expression', key: `expression:${canonical(tree)}`, ops, goal: `the value of ${render(tree)}` };
}

function nesting(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (const char of text) {
    if (char === '(') deepest = Math.max(deepest, ++depth);
    else if (char === ')') depth--;
  }
  return deepest;
}

/** Appends the operations of `node` in evaluation order; returns the operand that stands for it. */
function flatten(node: Node, ops: PlanOp[]): Operand {
  if (node.kind === 'number') return literal(node.value);
  const left = flatten(node.left, ops);
  const right = flatten(node.right, ops);
  ops.push({ op: node.op, left, right, describe: describeExpressionStep });
  return ref(ops.length - 1);
}

function describeExpressionStep(context: StepContext): string {
  if (context.boxed !== undefined) {
    const lead = context.first ? '' : 'Finally, ';
    return `${lead}${context.equation}, so the answer is \\boxed{${context.boxed}}`;
  }
  return `${context.first ? 'First' : 'Next'}, ${context.equation}.`;
}

function canonical(node: Node): string {
  return node.kind === 'number' ? node.value.toString() : `(${canonical(node.left)}${node.op}${canonical(node.right)})`;
}

const PRECEDENCE: Record<Operator, number> = { '+': 1, '-': 1, '×': 2, '÷': 2 };

const ASCII: Record<Operator, string> = { '+': '+', '-': '-', '×': '*', '÷': '/' };

/** Human form with the parentheses that are needed; `ascii` writes * and / as people type them. */
export function render(node: Node, ascii = false): string {
  if (node.kind === 'number') return node.value.isNegative() ? `(${node.value.toString()})` : node.value.toString();
  const wrap = (child: Node, right: boolean): string => {
    const text = render(child, ascii);
    if (child.kind === 'number') return text;
    const tighter = PRECEDENCE[child.op] < PRECEDENCE[node.op];
    const sameButRight = right && PRECEDENCE[child.op] === PRECEDENCE[node.op] && (node.op === '-' || node.op === '÷' || child.op !== node.op);
    return tighter || sameButRight ? `(${text})` : text;
  };
  return `${wrap(node.left, false)} ${ascii ? ASCII[node.op] : node.op} ${wrap(node.right, true)}`;
}

type Token = { readonly kind: 'number'; readonly text: string } | { readonly kind: 'op'; readonly op: Operator } | { readonly kind: 'paren'; readonly open: boolean };

function lex(text: string): Token[] | undefined {
  const tokens: Token[] = [];
  const pattern = /\s*(?:(\d+)|([+\-−–*×·/÷])|([()]))/gyu;
  let index = 0;
  while (index < text.length) {
    pattern.lastIndex = index;
    const match = pattern.exec(text);
    if (!match) return /^\s*$/u.test(text.slice(index)) ? tokens : undefined;
    index = pattern.lastIndex;
    if (match[1] !== undefined) tokens.push({ kind: 'number', text: match[1] });
    else if (match[2] !== undefined) {
      const op = readOperator(match[2]);
      if (!op) return undefined;
      tokens.push({ kind: 'op', op });
    } else tokens.push({ kind: 'paren', open: match[3] === '(' });
  }
  return tokens;
}

/** Recursive descent with the usual precedence and left associativity. */
export function parseExpression(text: string): Node | undefined {
  const tokens = lex(text);
  if (!tokens || tokens.length === 0) return undefined;
  let at = 0;
  const peek = (): Token | undefined => tokens[at];

  const primary = (): Node | undefined => {
    const token = peek();
    if (!token) return undefined;
    if (token.kind === 'paren' && token.open) {
      at++;
      const inner = sum();
      const close = peek();
      if (!inner || !close || close.kind !== 'paren' || close.open) return undefined;
      at++;
      return inner;
    }
    let sign = 1n;
    if (token.kind === 'op' && token.op === '-') {
      // Unary minus only on a number: "-(3 + 4)" would need an operation the plan cannot show.
      const next = tokens[at + 1];
      if (!next || next.kind !== 'number') return undefined;
      sign = -1n;
      at++;
    }
    const number = peek();
    if (!number || number.kind !== 'number') return undefined;
    at++;
    return { kind: 'number', value: Rational.of(sign * BigInt(number.text)) };
  };

  const product = (): Node | undefined => {
    let left = primary();
    for (let token = peek(); left && token?.kind === 'op' && (token.op === '×' || token.op === '÷'); token = peek()) {
      at++;
      const right = primary();
      if (!right) return undefined;
      left = { kind: 'binary', op: token.op, left, right };
    }
    return left;
  };

  const sum = (): Node | undefined => {
    let left = product();
    for (let token = peek(); left && token?.kind === 'op' && (token.op === '+' || token.op === '-'); token = peek()) {
      at++;
      const right = product();
      if (!right) return undefined;
      left = { kind: 'binary', op: token.op, left, right };
    }
    return left;
  };

  const tree = sum();
  return tree && at === tokens.length ? tree : undefined;
}

export type ExpressionNode = Node;
