// How likely a step is to go wrong, and what a wrong step looks like. The kinds are the ones small models
// make on grade-school arithmetic: slips (off by a little, a lost carry, a dropped or swapped digit, one
// partial product too many), a misread operation (+ for −, × for ÷), and a skipped operation.
import type { SimParams } from './config';
import { apply, Rational, type Operator } from './rational';
import type { Rng } from './random';

export type MistakeKind = 'slip' | 'misread' | 'skip';

/** How hard one operation is, relative to a one-digit addition (= 1). */
export function stepDifficulty(op: Operator, a: Rational, b: Rational, result: Rational, params: SimParams): number {
  const digits = Math.max(a.digits(), b.digits(), result.digits());
  let weight = params.operatorWeights[op] * params.digitGrowth ** (digits - 1);
  const shorter = op === '×' ? Math.min(a.digits(), b.digits()) : op === '÷' ? Math.min(b.digits(), result.digits()) : 1;
  weight *= params.longOperationGrowth ** (shorter - 1);
  return weight;
}

/**
 * How error-prone step `position` (1-based) of a `length`-operation problem is: its difficulty, raised for
 * later steps (the model loses track) and for longer problems. Random mistakes and traps both scale with it.
 */
export function stepHazard(difficulty: number, position: number, length: number, params: SimParams): number {
  return difficulty * (1 + params.positionGrowth * (position - 1)) * (1 + params.lengthGrowth * (length - 1));
}

/** P(random mistake) at a step of hazard `hazard`, at `temperature`. Temperature 0 (greedy) makes none. */
export function stepErrorRate(hazard: number, temperature: number, params: SimParams): number {
  const atReference = Math.min(params.maxStepErrorRate, params.stepErrorRate * hazard);
  const scaled = atReference * (Math.max(0, temperature) / params.referenceTemperature);
  return Math.min(params.maxStepErrorRate, scaled);
}

/** The probability of taking a path the model gives probability `p` at T = 1, when sampling at `temperature`. */
export function sharpen(p: number, temperature: number): number {
  if (temperature <= 0) return p > 0.5 ? 1 : 0;
  const yes = p ** (1 / temperature);
  const no = (1 - p) ** (1 / temperature);
  return yes + no > 0 ? yes / (yes + no) : 0;
}

/** The operation a misreading puts in place of `op`, if it gives a sensible result here. */
export function misread(op: Operator, a: Rational, b: Rational, nonNegative: boolean): Operator | undefined {
  const candidates: Operator[] = op === '+' ? ['-'] : op === '-' ? ['+'] : op === '×' ? ['÷', '+'] : ['×'];
  for (const candidate of candidates) {
    const result = apply(candidate, a, b);
    if (!result) continue;
    if (nonNegative && result.isNegative()) continue;
    // A small model turns × into ÷ when it divides evenly; otherwise it tends to add instead.
    if (candidate === '÷' && a.isInteger() && b.isInteger() && !result.isInteger()) continue;
    return candidate;
  }
  return undefined;
}

type SlipKind = 'small' | 'carry' | 'drop' | 'swap' | 'partial';

/**
 * A wrong value for `a op b = correct` that a careless hand would write. Deterministic given the rng, so
 * a systematic mistake (drawn from a content-seeded rng) is the same every time.
 */
export function slip(op: Operator, a: Rational, b: Rational, correct: Rational, rng: Rng): Rational {
  const negative = correct.num < 0n;
  const magnitude = negative ? -correct.num : correct.num;
  const digits = magnitude.toString().length;
  const kinds: SlipKind[] = ['small', 'small'];
  if (digits >= 2 || a.digits() >= 2 || b.digits() >= 2) kinds.push('carry', 'carry');
  if (digits >= 3) kinds.push('drop');
  if (digits >= 2 && /(.)(?!\1)./u.test(magnitude.toString())) kinds.push('swap');
  if (op === '×' && a.isInteger() && b.isInteger() && a.num !== 0n) kinds.push('partial');
  const kind = rng.pick(kinds);
  let wrong = magnitude;
  switch (kind) {
    case 'small':
      wrong = magnitude + BigInt(rng.pick([1, 2, -1, -2]));
      break;
    case 'carry': {
      const power = 10n ** BigInt(rng.int(1, Math.max(1, digits - 1)));
      // A lost carry makes a sum smaller; a lost borrow makes a difference larger.
      wrong = op === '+' ? magnitude - power : op === '-' ? magnitude + power : magnitude + (rng.chance(0.5) ? power : -power);
      break;
    }
    case 'drop': {
      const text = magnitude.toString();
      const at = rng.int(1, text.length - 1);
      wrong = BigInt(text.slice(0, at) + text.slice(at + 1));
      break;
    }
    case 'swap': {
      const text = magnitude.toString();
      const positions = [...text.slice(1)].map((_, i) => i).filter((i) => text[i] !== text[i + 1]);
      const at = rng.pick(positions);
      wrong = BigInt(text.slice(0, at) + (text[at + 1] ?? '') + (text[at] ?? '') + text.slice(at + 2));
      break;
    }
    case 'partial': {
      // One partial product too many or too few: a × (b ± 1).
      const extra = a.num < 0n ? -a.num : a.num;
      wrong = magnitude + (rng.chance(0.5) ? extra : -extra);
      break;
    }
  }
  if (wrong < 0n) wrong = -wrong;
  if (wrong === magnitude) wrong = magnitude + 1n;
  return Rational.of(negative ? -wrong : wrong, correct.den);
}
