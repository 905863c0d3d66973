// Writes the remaining steps of a chain, one per operation, with seeded mistakes. Each step computes from
// the values the chain holds as written, so an earlier mistake propagates; a later step is correct or
// wrong on its own. The last written step carries the boxed answer, which is always the chain's own result.
import type { ChainState } from './chain-reader';
import type { SimParams } from './config';
import { misread, sharpen, slip, stepDifficulty, stepErrorRate, stepHazard, type MistakeKind } from './mistakes';
import { formatEquation, type Plan, type StepValues } from './plan';
import { apply, Rational, type Operator } from './rational';
import { Rng } from './random';
import { tokenize } from './tokenizer';
import { skippable, type Trap } from './traps';

export interface ValueOption {
  readonly text: string;
  /** The model's probability of writing this value here (at T = 1, as log-probabilities report it). */
  readonly probability: number;
}

export interface WrittenStep {
  readonly op: number;
  readonly text: string;
  /** Where the step's result starts in `text`, and what else the model might have written there. */
  readonly resultAt: number;
  readonly resultOptions: readonly ValueOption[];
  readonly mistake?: MistakeKind;
  readonly trap: boolean;
}

export interface SolverInput {
  readonly plan: Plan;
  readonly state: ChainState;
  readonly trap: Trap | undefined;
  readonly temperature: number;
  readonly params: SimParams;
  readonly rng: Rng;
  /** Factor on every error probability from thinking (thinking-trace.ts); 1 or absent: no thinking. */
  readonly errorScale?: number;
}

/** Writes steps for every operation after the chain's last one. */
export function continueChain(input: SolverInput): WrittenStep[] {
  const { plan, state, trap, temperature, params, rng } = input;
  const scale = Math.min(1, Math.max(0, input.errorScale ?? 1));
  const values = new Map(state.values);
  const written = new Set(state.values.keys());
  const length = plan.ops.length;
  const nonNegative = plan.kind === 'word';
  const drafts: { op: number; values: StepValues; options: ValueOption[]; mistake?: MistakeKind; trap: boolean }[] = [];

  const valueOf = (index: number): Rational => {
    const held = values.get(index);
    if (held) return held;
    // Never written (skipped earlier): the chain carries on as if this operation were not there.
    const planOp = plan.ops[index];
    if (!planOp) return Rational.of(0);
    const operand = (o: typeof planOp.left): Rational => (o.kind === 'literal' ? o.value : valueOf(o.op));
    if (skippable(plan, index)) return valueOf(index - 1);
    return apply(planOp.op, operand(planOp.left), operand(planOp.right)) ?? Rational.of(0);
  };

  for (let index = state.lastOp + 1; index < length; index++) {
    const planOp = plan.ops[index];
    if (!planOp || written.has(index)) continue;
    const a = planOp.left.kind === 'literal' ? planOp.left.value : valueOf(planOp.left.op);
    const b = planOp.right.kind === 'literal' ? planOp.right.value : valueOf(planOp.right.op);
    const correct = apply(planOp.op, a, b);
    const difficulty = correct ? stepDifficulty(planOp.op, a, b, correct, params) : 1;
    const hazard = stepHazard(difficulty, index + 1, length, params);
    const rate = stepErrorRate(hazard, temperature, params) * scale;
    const rawRate = stepErrorRate(hazard, 1, params);

    // A trap's mistake is fixed by the content: the same inputs give the same wrong step every time.
    const canSkip = skippable(plan, index) && written.has(index - 1);
    const atTrap = trap?.op === index && correct !== undefined;
    const trapOutcome = atTrap
      ? mistaken(trap.kind, planOp.op, a, b, correct, canSkip, nonNegative, new Rng(plan.key, 'trap', index, a.toString(), b.toString()))
      : undefined;
    const trapValue = trapOutcome !== undefined && trapOutcome !== 'skip' && trap ? { value: trapOutcome.result, strength: trap.strength } : undefined;
    const distribution = valueDistribution(planOp.op, a, b, correct, rawRate, trapValue, plan.key, index);
    let outcome: Outcome | 'skip';
    let trapFires = false;
    if (!correct) {
      outcome = { mistake: 'slip', op: planOp.op, result: Rational.of(0) }; // ÷ 0 after an earlier mistake
    } else if (temperature <= 0) {
      // Greedy decoding: the most likely first token, then the most likely value under it.
      const pick = greedyValue(distribution);
      trapFires = trap !== undefined && atTrap && (trapValue ? pick === trapValue.value.toString() : trap.strength > 0.5);
      // A reasoning trace catches a greedy trap as often as it removes errors (fixed by the content and seed).
      if (trapFires && scale < 1) trapFires = rng.chance(scale);
      if (trapFires && trapOutcome) outcome = trapOutcome;
      else if (pick !== undefined && pick !== correct.toString()) outcome = { mistake: 'slip', op: planOp.op, result: Rational.parse(pick) ?? correct };
      else outcome = { op: planOp.op, result: correct };
    } else {
      trapFires = trap !== undefined && atTrap && rng.chance(sharpen(trap.strength, temperature) * scale);
      if (trapFires && trapOutcome) outcome = trapOutcome;
      else if (rng.chance(rate)) outcome = mistaken(pickMistake(params, rng), planOp.op, a, b, correct, canSkip, nonNegative, rng);
      else outcome = { op: planOp.op, result: correct };
    }
    if (outcome === 'skip') {
      values.set(index, valueOf(index - 1));
      continue;
    }
    values.set(index, outcome.result);
    written.add(index);
    const options = withChosen(distribution, outcome.result, rawRate);
    drafts.push({
      op: index,
      values: { op: outcome.op, a, b, result: outcome.result },
      options,
      ...(outcome.mistake ? { mistake: outcome.mistake } : {}),
      trap: trapFires,
    });
  }

  const finalValue = valueOf(length - 1);
  const steps = drafts.map((draft, i): WrittenStep => {
    const equation = formatEquation(draft.values);
    const last = i === drafts.length - 1;
    const text = plan.ops[draft.op]?.describe({
      equation,
      values: draft.values,
      first: state.stepsWritten === 0 && i === 0,
      ...(last ? { boxed: finalValue.toLatex() } : {}),
    }) ?? equation;
    const resultAt = text.indexOf(equation) + equation.lastIndexOf(' = ') + 3;
    return { op: draft.op, text, resultAt, resultOptions: draft.options, ...(draft.mistake ? { mistake: draft.mistake } : {}), trap: draft.trap };
  });
  if (steps.length === 0 && !state.finished) {
    // Everything left was skipped: the chain still ends with its answer.
    steps.push({ op: length - 1, text: `So the answer is \\boxed{${finalValue.toLatex()}}`, resultAt: -1, resultOptions: [], mistake: 'skip', trap: false });
  }
  return steps;
}

function pickMistake(params: SimParams, rng: Rng): MistakeKind {
  const { slip: s, misread: m, skip: k } = params.mistakeMix;
  const index = rng.weighted([s, m, k]);
  return index === 0 ? 'slip' : index === 1 ? 'misread' : 'skip';
}

interface Outcome {
  readonly mistake?: MistakeKind;
  readonly op: Operator;
  readonly result: Rational;
}

/** The step a mistake of `kind` produces here, falling back to a slip where that kind cannot happen. */
function mistaken(
  kind: MistakeKind,
  op: Operator,
  a: Rational,
  b: Rational,
  correct: Rational,
  canSkip: boolean,
  nonNegative: boolean,
  rng: Rng,
): Outcome | 'skip' {
  if (kind === 'skip' && canSkip) return 'skip';
  if (kind === 'misread') {
    const swapped = misread(op, a, b, nonNegative);
    const result = swapped && apply(swapped, a, b);
    if (swapped && result) return { mistake: 'misread', op: swapped, result };
  }
  return { mistake: 'slip', op, result: slip(op, a, b, correct, rng) };
}

/**
 * The model's distribution over what it writes as this step's result (at T = 1, as log-probabilities report
 * it): the trap's value at the trap step, the correct value, and a few slips sharing the random-error mass.
 */
function valueDistribution(
  op: Operator,
  a: Rational,
  b: Rational,
  correct: Rational | undefined,
  rawRate: number,
  trap: { readonly value: Rational; readonly strength: number } | undefined,
  key: string,
  index: number,
): ValueOption[] {
  const options = new Map<string, number>();
  const add = (value: Rational, probability: number): void => {
    options.set(value.toString(), (options.get(value.toString()) ?? 0) + probability);
  };
  let rest = 1;
  if (trap) {
    add(trap.value, trap.strength);
    rest = 1 - trap.strength;
  }
  if (correct) {
    add(correct, rest * (1 - rawRate));
    const alternatives = new Rng(key, 'alternatives', index, a.toString(), b.toString());
    for (let i = 0; i < 3; i++) add(slip(op, a, b, correct, alternatives), (rest * rawRate) / 3);
  }
  return [...options].map(([text, probability]) => ({ text, probability })).sort((x, y) => y.probability - x.probability);
}

/** The distribution with the written value among it (a sampled slip not among the listed ones gets a small share). */
function withChosen(options: readonly ValueOption[], chosen: Rational, rawRate: number): ValueOption[] {
  if (options.some((o) => o.text === chosen.toString())) return [...options];
  return [...options, { text: chosen.toString(), probability: Math.max(1e-4, rawRate / 12) }];
}

/** Greedy decoding over values: the first token with the most mass, then the likeliest value starting with it. */
function greedyValue(options: readonly ValueOption[]): string | undefined {
  const byToken = new Map<string, number>();
  for (const o of options) {
    const first = tokenize(o.text)[0] ?? o.text;
    byToken.set(first, (byToken.get(first) ?? 0) + o.probability);
  }
  const best = [...byToken].sort((x, y) => y[1] - x[1])[0]?.[0];
  return options.find((o) => (tokenize(o.text)[0] ?? o.text) === best)?.text;
}
