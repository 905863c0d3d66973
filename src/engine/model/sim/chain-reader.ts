// Reads a chain of written steps against the plan: which operation each step performs, whether it is
// correct, and what values the chain now holds. A step is correct when it performs an operation of the
// problem, with the right operator, on the values the chain holds *as written* (so a step that correctly
// continues from an earlier wrong value is correct), and its arithmetic is exact. The solver continues
// from this state, and the judge's ground truth comes from it.
import type { Plan, StepValues } from './plan';
import { apply, type Rational } from './rational';
import { readBoxed, readEquation } from './step-text';

export interface StepReading {
  readonly equation?: StepValues;
  readonly boxed?: Rational;
  /** The operation the step performs, if it could be matched to one. */
  readonly op?: number;
  /** True/false when it can be judged; undefined for a step that states nothing to check. */
  readonly correct: boolean | undefined;
}

export interface ChainState {
  /** Value the chain holds for each operation it has written. */
  readonly values: ReadonlyMap<number, Rational>;
  /** Highest operation index written so far, −1 before any. */
  readonly lastOp: number;
  /** A boxed answer has been given. */
  readonly finished: boolean;
  readonly stepsWritten: number;
}

export interface ChainReading {
  readonly steps: readonly StepReading[];
  readonly state: ChainState;
}

export const EMPTY_CHAIN: ChainState = { values: new Map(), lastOp: -1, finished: false, stepsWritten: 0 };

export function readChain(plan: Plan, steps: readonly string[]): ChainReading {
  const values = new Map<number, Rational>();
  let lastOp = -1;
  let finished = false;
  const readings: StepReading[] = [];
  const finalOp = plan.ops.length - 1;

  for (const step of steps) {
    const equation = readEquation(step);
    const boxed = readBoxed(step);
    if (boxed) finished = true;
    if (!equation) {
      // A step that only states the answer is right when it repeats what the chain computed last.
      const final = values.get(finalOp);
      const correct = boxed === undefined ? undefined : final !== undefined && boxed.equals(final);
      readings.push({ ...(boxed ? { boxed } : {}), correct });
      continue;
    }
    const op = matchOperation(plan, equation, values, lastOp);
    if (op === undefined) {
      readings.push({ equation, ...(boxed ? { boxed } : {}), correct: false });
      continue;
    }
    const correct = isCorrect(plan, op, equation, values) && (boxed === undefined || (op === finalOp && boxed.equals(equation.result)));
    values.set(op, equation.result);
    lastOp = Math.max(lastOp, op);
    readings.push({ equation, ...(boxed ? { boxed } : {}), op, correct });
  }
  return { steps: readings, state: { values, lastOp, finished, stepsWritten: steps.length } };
}

/** The operand values a step at `op` should use, from what the chain holds (undefined if it holds none). */
export function expectedOperands(plan: Plan, op: number, values: ReadonlyMap<number, Rational>): [Rational | undefined, Rational | undefined] {
  const planOp = plan.ops[op];
  if (!planOp) return [undefined, undefined];
  const read = (operand: typeof planOp.left): Rational | undefined =>
    operand.kind === 'literal' ? operand.value : values.get(operand.op);
  return [read(planOp.left), read(planOp.right)];
}

function isCorrect(plan: Plan, op: number, equation: StepValues, values: ReadonlyMap<number, Rational>): boolean {
  const planOp = plan.ops[op];
  if (!planOp || planOp.op !== equation.op) return false;
  const [a, b] = expectedOperands(plan, op, values);
  if (!a || !b) return false;
  const commutative = equation.op === '+' || equation.op === '×';
  const same = (a.equals(equation.a) && b.equals(equation.b)) || (commutative && a.equals(equation.b) && b.equals(equation.a));
  const result = apply(equation.op, equation.a, equation.b);
  return same && result !== undefined && result.equals(equation.result);
}

/**
 * The not-yet-written operation a step most plausibly performs: the operator and the problem's own numbers
 * weigh most, then the chain's values; ties go to the operation the chain is due to do next.
 */
function matchOperation(plan: Plan, equation: StepValues, values: ReadonlyMap<number, Rational>, lastOp: number): number | undefined {
  let best: number | undefined;
  let bestScore = 0;
  let bestDistance = Infinity;
  plan.ops.forEach((planOp, index) => {
    if (values.has(index)) return;
    let score = planOp.op === equation.op ? 4 : 0;
    const written = [equation.a, equation.b];
    for (const operand of [planOp.left, planOp.right]) {
      if (operand.kind === 'literal') {
        if (written.some((w) => w.equals(operand.value))) score += 3;
      } else {
        const held = values.get(operand.op);
        if (held) score += 1;
        if (held && written.some((w) => w.equals(held))) score += 2;
      }
    }
    // Operations after the last one written come first, nearest first; earlier (skipped) ones after them.
    const distance = index > lastOp ? index - lastOp : plan.ops.length + (lastOp - index);
    if (score > bestScore || (score === bestScore && score > 0 && distance < bestDistance)) {
      best = index;
      bestScore = score;
      bestDistance = distance;
    }
  });
  if (best !== undefined) return best;
  // Nothing in common with any operation: take it as an attempt at the next one.
  return lastOp + 1 < plan.ops.length && !values.has(lastOp + 1) ? lastOp + 1 : undefined;
}
