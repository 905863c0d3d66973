// Writes an arithmetic-expression problem with the level's number of operators. It grows an expression
// one operator at a time (sometimes a parenthesised pair), keeping every intermediate value a whole,
// positive number within the level's size class, so the answer is a positive integer.
import { render, type ExpressionNode } from './expression';
import type { GeneratedText } from './generate-word';
import type { Level } from './problems';
import { apply, Rational, type Operator } from './rational';
import type { Rng } from './random';

const LEADS = ['What is {}?', 'Compute {}.', 'Calculate {}.', 'Evaluate {}.'];

export function generateExpression(level: Level, rng: Rng): GeneratedText {
  const between = (range: readonly [number, number]): number => rng.int(range[0], range[1]);
  const target = rng.int(level.ops[0], level.ops[1]);
  let node: ExpressionNode = number(between(level.start));
  let ops = 0;
  while (ops < target) {
    const grown = ops + 2 <= target && rng.chance(0.3) ? withGroup(node, level, rng) : withNumber(node, level, rng);
    node = grown.node;
    ops += grown.ops;
  }
  const answer = valueOf(node);
  return { text: rng.pick(LEADS).replace('{}', render(node, true)), ops, answer };
}

function number(n: number): ExpressionNode {
  return { kind: 'number', value: Rational.of(n) };
}

function binary(op: Operator, left: ExpressionNode, right: ExpressionNode): ExpressionNode {
  return { kind: 'binary', op, left, right };
}

function valueOf(node: ExpressionNode): Rational {
  if (node.kind === 'number') return node.value;
  return apply(node.op, valueOf(node.left), valueOf(node.right)) ?? Rational.of(0);
}

function acceptable(node: ExpressionNode, level: Level): boolean {
  const value = valueOf(node);
  return value.isInteger() && value.toNumber() >= 1 && value.toNumber() <= level.cap;
}

/** `node op n` (or `n op node`) for a fitting number n. */
function withNumber(node: ExpressionNode, level: Level, rng: Rng): { node: ExpressionNode; ops: number } {
  const value = valueOf(node).toNumber();
  const between = (range: readonly [number, number]): number => rng.int(range[0], range[1]);
  for (let attempt = 0; attempt < 12; attempt++) {
    const op = rng.pick<Operator>(['+', '-', '×', '÷', '+', '-']);
    let candidate: ExpressionNode;
    if (op === '÷') {
      const divisors = [2, 3, 4, 5, 6, 7, 8, 9, 10, 12].filter((d) => value % d === 0 && value / d >= 1);
      if (divisors.length === 0) continue;
      candidate = binary('÷', node, number(rng.pick(divisors)));
    } else if (op === '×') {
      candidate = rng.chance(0.3) ? binary('×', number(between(level.count)), node) : binary('×', node, number(between(level.count)));
    } else if (op === '-' && rng.chance(0.2)) {
      candidate = binary('-', number(value + between(level.amount)), node);
    } else {
      candidate = binary(op, node, number(op === '-' ? Math.min(between(level.amount), value) : between(level.amount)));
    }
    if (acceptable(candidate, level)) return { node: candidate, ops: 1 };
  }
  return { node: binary('+', node, number(between(level.amount))), ops: 1 };
}

/** `node op (a op2 b)`: two operations, the group evaluated first. */
function withGroup(node: ExpressionNode, level: Level, rng: Rng): { node: ExpressionNode; ops: number } {
  const value = valueOf(node).toNumber();
  const between = (range: readonly [number, number]): number => rng.int(range[0], range[1]);
  for (let attempt = 0; attempt < 12; attempt++) {
    const innerOp = rng.pick<Operator>(['+', '-', '+']);
    const x = between(level.amount);
    const y = between(level.count);
    const group = binary(innerOp, number(Math.max(x, y)), number(Math.min(x, y)));
    const groupValue = valueOf(group).toNumber();
    const op = rng.pick<Operator>(['+', '-', '×', '÷']);
    if (op === '×' && groupValue > level.count[1] * 3) continue;
    if (op === '÷' && (groupValue === 0 || value % groupValue !== 0)) continue;
    const candidate = binary(op, node, group);
    if (acceptable(candidate, level)) return { node: candidate, ops: 2 };
  }
  return withNumber(node, level, rng);
}
