// The step judge: how strongly the simulated model believes "step N is correct". Its belief is a fixed
// property of the prompt's content (as a real model's log-probabilities are; the seed only matters for
// sampling the answer token), drawn so that it leans the right way with the configured accuracy:
//   yes-logit = ± spread · (Φ⁻¹(accuracy) + z),  z ~ N(0, 1) from a hash of the problem and the steps,
// with + for a correct step and − for an incorrect one, so P(logit on the right side) = accuracy exactly.
// Incorrect steps at the problem's trap use the (lower) trap accuracy: the judge shares the solver's
// blind spot there.
import { readChain } from './chain-reader';
import { judgeAccuracies, type SimParams } from './config';
import { solvePlan } from './plan';
import { hashUnit, normalFrom } from './random';
import { trapOf } from './traps';
import { readProblem } from './understand';

export interface Judgement {
  /** The judge's P(yes) (relative to yes + no). */
  readonly pYes: number;
  /** Whether the step really is correct; undefined when the reasoner cannot tell (unknown problem, no claim). */
  readonly truth: boolean | undefined;
  /** The step is wrong at the problem's trap. */
  readonly atTrap: boolean;
  /** What the judgement depends on (the problem as understood and the steps' claims), for seeding its sampling. */
  readonly key: string;
}

/** When there is nothing to check, the judge leans slightly towards Yes, as small judges do. */
const UNINFORMED_LEAN = 0.4;

/** Judges step `stepNumber` (1-based) of `steps` for `problem`. */
export function judgeStep(problem: string, steps: readonly string[], stepNumber: number, params: SimParams): Judgement {
  const plan = readProblem(problem);
  const shown = steps.slice(0, stepNumber);
  if (!plan || shown.length < stepNumber) {
    const key = ['unknown', problem, ...shown].join('\u0000');
    return { pYes: sigmoid(params.judgeSpread * noise(key) + UNINFORMED_LEAN), truth: undefined, atTrap: false, key };
  }
  const reading = readChain(plan, shown);
  const step = reading.steps[stepNumber - 1];
  // The judge's opinion depends on what the steps say (their equations and answers), not on their wording.
  const canonical = reading.steps.map((s, i) =>
    s.equation ? `${s.equation.a.toString()}${s.equation.op}${s.equation.b.toString()}=${s.equation.result.toString()}|${s.boxed?.toString() ?? ''}` : `text:${shown[i]?.trim() ?? ''}`,
  );
  const key = [plan.key, ...canonical].join('\u0000');
  const z = noise(key);
  const truth = step?.correct;
  if (truth === undefined) return { pYes: sigmoid(params.judgeSpread * z + UNINFORMED_LEAN), truth, atTrap: false, key };
  const correct = solvePlan(plan);
  const trap = correct ? trapOf(plan, correct, params) : undefined;
  const atTrap = !truth && trap !== undefined && step?.op === trap.op;
  const { onCorrect, onIncorrect } = judgeAccuracies(params);
  const accuracy = truth ? onCorrect : atTrap ? params.judgeAccuracyOnTrap : onIncorrect;
  const logit = (truth ? 1 : -1) * params.judgeSpread * (inverseNormal(accuracy) + z);
  return { pYes: sigmoid(logit), truth, atTrap, key };
}

function noise(key: string): number {
  return normalFrom(hashUnit('judge-u1', key), hashUnit('judge-u2', key));
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Φ⁻¹(p), Acklam's rational approximation (relative error < 1.2e-9). */
export function inverseNormal(p: number): number {
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const at = (xs: number[], i: number): number => xs[i] ?? 0;
  const low = 0.02425;
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((at(c, 0) * q + at(c, 1)) * q + at(c, 2)) * q + at(c, 3)) * q + at(c, 4)) * q + at(c, 5)) / ((((at(d, 0) * q + at(d, 1)) * q + at(d, 2)) * q + at(d, 3)) * q + 1);
  }
  if (p > 1 - low) return -inverseNormal(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((at(a, 0) * r + at(a, 1)) * r + at(a, 2)) * r + at(a, 3)) * r + at(a, 4)) * r + at(a, 5)) * q) / (((((at(b, 0) * r + at(b, 1)) * r + at(b, 2)) * r + at(b, 3)) * r + at(b, 4)) * r + 1);
}
