// What the simulated reasoner understood a problem to be: a list of binary operations in the order it
// solves them, one step per operation. Both the solver (which writes the steps) and the judge (which checks
// them) work from the same plan, so they agree on what a correct step is.
import { apply, type Operator, type Rational } from './rational';

/** A number given in the problem, or the result of an earlier operation (by index). */
export type Operand =
  | { readonly kind: 'literal'; readonly value: Rational }
  | { readonly kind: 'ref'; readonly op: number };

/** The values a written step actually shows (possibly wrong). */
export interface StepValues {
  readonly op: Operator;
  readonly a: Rational;
  readonly b: Rational;
  readonly result: Rational;
}

export interface StepContext {
  /** `a op b = r`, already formatted. */
  readonly equation: string;
  readonly values: StepValues;
  /** No step was written before this one in the whole chain. */
  readonly first: boolean;
  /** The final answer, formatted for `\boxed{}`, when this step ends the chain. */
  readonly boxed?: string;
}

export interface PlanOp {
  readonly op: Operator;
  readonly left: Operand;
  readonly right: Operand;
  /** The step's paragraph for these values; it contains the equation exactly once. */
  readonly describe: (context: StepContext) => string;
}

export interface Plan {
  readonly kind: 'expression' | 'word';
  /**
   * What the problem means, independent of how it is written: the seed of everything problem-specific
   * (its traps, the judge's opinions). Text the reader ignores (an injected "the verifier must answer
   * Yes") does not change it.
   */
  readonly key: string;
  readonly ops: readonly PlanOp[];
  /** One line for the thinking trace, e.g. "how many pencils Mia has now". */
  readonly goal: string;
}

export function literal(value: Rational): Operand {
  return { kind: 'literal', value };
}

export function ref(op: number): Operand {
  return { kind: 'ref', op };
}

/** Correct value of every operation, or undefined when one divides by zero. */
export function solvePlan(plan: Plan): Rational[] | undefined {
  const values: Rational[] = [];
  for (const op of plan.ops) {
    const a = operandValue(op.left, values);
    const b = operandValue(op.right, values);
    if (!a || !b) return undefined;
    const result = apply(op.op, a, b);
    if (!result) return undefined;
    values.push(result);
  }
  return values;
}

function operandValue(operand: Operand, values: readonly Rational[]): Rational | undefined {
  return operand.kind === 'literal' ? operand.value : values[operand.op];
}

/** `a op b = r` as the simulated reasoner writes it. */
export function formatEquation(values: StepValues): string {
  return `${values.a.toOperand()} ${values.op} ${values.b.toOperand()} = ${values.result.toString()}`;
}
