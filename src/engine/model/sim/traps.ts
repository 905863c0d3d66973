// Systematic mistakes. Real small models do not err at random only: on some problems they take the same
// wrong turn again and again, so majority voting converges on a wrong answer. A problem's trap is fixed by
// a hash of what the problem means (its plan key): whether it has one, at which step, of which kind, and
// how strongly the model is drawn to it.
import type { SimParams } from './config';
import { stepDifficulty, stepHazard, type MistakeKind } from './mistakes';
import type { Plan } from './plan';
import type { Rational } from './rational';
import { hashUnit } from './random';

export interface Trap {
  /** Index of the operation where the model goes wrong. */
  readonly op: number;
  readonly kind: MistakeKind;
  /** The model's probability of the wrong path at T = 1; above 0.5 it is also the greedy choice. */
  readonly strength: number;
}

/** Hazard of every operation of the plan (see stepHazard), at its correct values. */
export function planHazards(plan: Plan, correct: readonly Rational[], params: SimParams): number[] {
  return plan.ops.map((op, i) => {
    const value = (operand: (typeof op)['left']): Rational | undefined =>
      operand.kind === 'literal' ? operand.value : correct[operand.op];
    const a = value(op.left);
    const b = value(op.right);
    const result = correct[i];
    const difficulty = a && b && result ? stepDifficulty(op.op, a, b, result, params) : 1;
    return stepHazard(difficulty, i + 1, plan.ops.length, params);
  });
}

/** Whether skipping operation `index` leaves a chain that still reads naturally (see solver.ts). */
export function skippable(plan: Plan, index: number): boolean {
  const op = plan.ops[index];
  if (!op || index === 0) return false;
  return (op.left.kind === 'ref' && op.left.op === index - 1) || (op.right.kind === 'ref' && op.right.op === index - 1);
}

export function trapOf(plan: Plan, correct: readonly Rational[], params: SimParams): Trap | undefined {
  const hazards = planHazards(plan, correct, params);
  const total = hazards.reduce((sum, h) => sum + h, 0);
  if (hashUnit(plan.key, 'trap') >= 1 - Math.exp(-params.trapRate * total)) return undefined;

  let target = hashUnit(plan.key, 'trap-step') * total;
  let op = hazards.length - 1;
  for (let i = 0; i < hazards.length; i++) {
    target -= hazards[i] ?? 0;
    if (target < 0) {
      op = i;
      break;
    }
  }
  const mix = params.trapMix;
  const roll = hashUnit(plan.key, 'trap-kind') * (mix.slip + mix.misread + mix.skip);
  let kind: MistakeKind = roll < mix.slip ? 'slip' : roll < mix.slip + mix.misread ? 'misread' : 'skip';
  if (kind === 'skip' && !skippable(plan, op)) kind = 'slip';
  const strength = params.trapStrengthMin + (params.trapStrengthMax - params.trapStrengthMin) * hashUnit(plan.key, 'trap-strength');
  return { op, kind, strength };
}
