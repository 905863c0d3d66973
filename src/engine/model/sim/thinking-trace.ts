// The thinking mode of the simulated reasoner (docs/simulator.md, "Thinking"). Asked to think with a
// budget, or configured as a thinking model, it writes a reasoning trace before its answer. How long a trace
// a problem wants grows with the problem's summed step hazard (harder problems want longer traces), with
// some spread from sample to sample. Thinking makes mistakes rarer, saturating in the tokens actually spent:
//
//     error × (1 − thinkGain · (1 − e^(−t/τ))),   τ = wanted / thinkSaturation
//
// so a trace of its natural length buys 1 − e^(−thinkSaturation) of the full gain, a trace the budget cuts
// buys what its tokens buy, and "Wait" extensions beyond the natural length add little (s1's extrapolation).
// The scale applies to random mistakes and to the chance that the problem's trap fires.
import type { SimParams } from './config';
import type { Plan } from './plan';
import { Rng } from './random';
import type { Rational } from './rational';
import { countTokens, tokenize } from './tokenizer';
import { planHazards } from './traps';
import type { SimThinkingOutcome, SimRequest } from './types';

export interface ThinkingPlan {
  /** Thinking tokens this sample writes (after any cut or extension). */
  readonly tokens: number;
  /** What the problem wanted for this sample: its natural trace length. */
  readonly wanted: number;
  /** Factor on every error probability: 1 = no thinking. */
  readonly errorScale: number;
  /** Set when the request had a budget (or a prefilled trace): what the engine is told. */
  readonly outcome?: SimThinkingOutcome;
}

/** Thinking tokens one "Wait" extension adds, as a share of the natural trace (at least 16 tokens). */
const WAIT_SHARE = 0.3;

/**
 * How this sample thinks, or undefined when it writes no reasoning trace (thinking off, or a non-thinking
 * model asked to think without a budget: the short cosmetic outline of earlier versions stays).
 */
export function thinkingFor(request: SimRequest, plan: Plan, correct: readonly Rational[], params: SimParams, seed: number): ThinkingPlan | undefined {
  // A raw prompt that closed the trace (budget forcing through the stand-in) carries the trace's text.
  const prior = request.priorThinkingTokens ?? (request.priorThinking !== undefined && !request.think ? countTokens(request.priorThinking) : undefined);
  if (prior !== undefined) {
    // The trace was written already (closed by the caller, e.g. a forced close through a raw prompt): the
    // answer is what those tokens buy, and no new trace is written.
    const wanted = wantedTokens(plan, correct, params, seed);
    const tokens = Math.max(0, Math.floor(prior));
    return { tokens: 0, wanted, errorScale: errorScale(tokens, wanted, params) };
  }
  if (!request.think) return undefined;
  const thinkingModel = request.thinkingModel ?? params.thinkingModel;
  // The engine's trace allowance is a budget only to a model that writes the full trace.
  const budget = request.thinkingBudget?.allowance && !thinkingModel ? undefined : request.thinkingBudget;
  if (!budget && !thinkingModel) return undefined;
  const wanted = wantedTokens(plan, correct, params, seed);
  if (!budget) return { tokens: wanted, wanted, errorScale: errorScale(wanted, wanted, params) };
  const max = Math.max(0, Math.floor(budget.maxTokens));
  const min = Math.min(max, Math.max(0, Math.floor(budget.minTokens ?? 0)));
  let tokens = wanted;
  let extensions = 0;
  const step = Math.max(16, Math.round(wanted * WAIT_SHARE));
  while (tokens < min) {
    tokens += step;
    extensions += 1;
  }
  const cut = tokens > max;
  tokens = Math.min(tokens, max);
  const ending = cut ? 'cut' : extensions > 0 ? 'extended' : 'natural';
  return {
    tokens,
    wanted,
    errorScale: errorScale(tokens, wanted, params),
    outcome: {
      tokens,
      budget: max,
      ending,
      extensions,
      method: 'simulated: the model closes its own trace at the budget',
      ...(budget.allowance ? { allowance: true } : {}),
    },
  };
}

/** The natural trace length of this sample: base + per unit of summed hazard, log-normally spread per seed. */
export function wantedTokens(plan: Plan, correct: readonly Rational[], params: SimParams, seed: number): number {
  const hazard = planHazards(plan, correct, params).reduce((sum, h) => sum + h, 0);
  const typical = params.thinkBaseTokens + params.thinkTokensPerHazard * hazard;
  const rng = new Rng('think-length', seed, plan.key);
  // Box–Muller: a standard normal from two uniforms.
  const z = Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  return Math.max(16, Math.round(typical * Math.exp(params.thinkLengthSpread * z - (params.thinkLengthSpread ** 2) / 2)));
}

/** The factor on error probabilities after `tokens` of thinking on a problem that wanted `wanted`. */
export function errorScale(tokens: number, wanted: number, params: SimParams): number {
  if (tokens <= 0 || wanted <= 0) return 1;
  const tau = wanted / params.thinkSaturation;
  return 1 - params.thinkGain * (1 - Math.exp(-tokens / tau));
}

/**
 * The trace's text, exactly `tokens` tokens long: the plan worked through, each operation checked, and
 * "Wait" re-checks until the length is reached (what reasoning models spend their tokens on).
 */
export function traceText(plan: Plan, correct: readonly Rational[], tokens: number, seed: number): string {
  if (tokens <= 0) return '';
  const rng = new Rng('think-text', seed, plan.key);
  const lines: string[] = [`I need ${plan.goal}. There ${plan.ops.length === 1 ? 'is 1 operation' : `are ${plan.ops.length} operations`}; let me work through them one at a time.`];
  const describe = (i: number): string => {
    const op = plan.ops[i];
    const value = correct[i];
    if (!op || !value) return 'Let me re-read the problem.';
    const operand = (o: typeof op.left): string => (o.kind === 'literal' ? o.value.toString() : (correct[o.op]?.toString() ?? 'the previous result'));
    return `Step ${i + 1}: ${operand(op.left)} ${op.op} ${operand(op.right)}. That gives ${value.toString()}.`;
  };
  const checks = ['Let me double-check that.', 'Wait, is that the right operation here?', 'Going back over it once more.', 'Hmm, let me verify the arithmetic.', 'Wait, let me re-read that sentence of the problem.'];
  let text = '';
  let count = 0;
  let i = 0;
  // Sentences are added until the text holds enough tokens, then cut to exactly `tokens`.
  while (count < tokens) {
    const line = lines.length > 0 ? (lines.shift() as string) : i < plan.ops.length ? describe(i++) : `${rng.pick(checks)} ${describe(rng.int(0, plan.ops.length - 1))}`;
    const piece = text === '' ? line : ` ${line}`;
    text += piece;
    count += countTokens(piece);
  }
  return tokenize(text).slice(0, tokens).join('');
}
