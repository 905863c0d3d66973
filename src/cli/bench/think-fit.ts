// The thinking axis of `ponder bench --fit-policy --think-budgets …`: candidates at every thinking budget,
// the streams they draw from, and the acceptance comparison — the fitted policy, on the problems it was not
// fitted on, against every fixed (thinking budget, samples) setting on the same problems. fit.ts does the
// fitting itself (the same per-bin rule, with tokens as the cost and the bin's best as the reference).
import { createController } from '../../engine/stopping/create';
import type { Policy, PolicyBin, PolicyThink } from '../../engine/stopping/policy';
import type { BenchProblem } from './datasets';
import { bootstrapInterval, mean, round } from './stats';
import type { SampleStream } from './streams';
import { runOnStream } from './streams';

export interface ThinkingAxis {
  /** Thinking budgets per sample, ascending (0 = no thinking). */
  readonly budgets: readonly number[];
  /** Sample counts of the fixed settings compared (majority vote over N samples). */
  readonly samples: readonly number[];
  readonly streamFor: (problem: BenchProblem, repeat: number, thinkBudget: number) => SampleStream;
}

export interface FixedSetting {
  readonly thinkBudget: number;
  readonly samples: number;
  readonly accuracy: number;
  readonly meanTokens: number;
}

export interface ThinkingComparison {
  /** Problems scored: each by the policy fitted on the other folds, in `repeats` runs. */
  readonly problems: number;
  /** Cross-validation folds (2: halves). */
  readonly folds: number;
  /** Runs per problem: the bench's repeats times `orders`. */
  readonly repeats: number;
  /** Orders of each repeat's samples every setting is scored in (fit-orders.ts). */
  readonly orders: number;
  readonly adaptive: { readonly accuracy: number; readonly ci95: [number, number]; readonly meanTokens: number };
  readonly fixed: readonly FixedSetting[];
  /** The most accurate fixed setting (ties: the cheaper). */
  readonly best: FixedSetting;
  /** Adaptive tokens as a share of the best fixed setting's. */
  readonly tokenRatio: number;
  /** Adaptive accuracy is at least the best fixed setting's. */
  readonly reachesBest: boolean;
  /** The cheapest fixed setting at least as accurate as adaptive, if any. */
  readonly cheapestAsAccurate?: FixedSetting;
}

export function thinkOf(budget: number): PolicyThink {
  return budget === 0 ? { mode: 'off' } : { mode: 'on', budget };
}

/** The thinking budget a think setting samples at (undefined: the smallest, the probe's). */
export function budgetOfThink(think: PolicyThink | undefined, axis: ThinkingAxis): number {
  const smallest = axis.budgets[0] ?? 0;
  if (!think) return smallest;
  const budget = think.mode === 'off' ? 0 : (think.budget ?? Math.max(...axis.budgets));
  if (!axis.budgets.includes(budget)) throw new Error(`no samples were drawn at thinking budget ${budget} (--think-budgets ${axis.budgets.join(',')})`);
  return budget;
}

/** Every candidate at every thinking budget (without the axis, the candidates as they are). */
export function withThinking(candidates: readonly PolicyBin[], axis: ThinkingAxis | undefined): PolicyBin[] {
  if (!axis) return [...candidates];
  return axis.budgets.flatMap((budget) => candidates.map((c) => ({ ...c, think: thinkOf(budget) })));
}

/** The fit's reasons per bin, for the policy's meta (the live tree quotes them). */
export function thinkReasons(choices: readonly { readonly bin: number; readonly why?: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of choices) if (c.why) out[String(c.bin)] = c.why;
  return out;
}

interface FitLike {
  readonly dataset: string;
  readonly problems: readonly BenchProblem[];
  readonly repeats: number;
  readonly seed: number;
  readonly thinking?: ThinkingAxis;
}

/** How a fold's policy did on its held-out problems, run as a live session runs it (fit.ts's `score`). */
export interface HeldOutRuns {
  /** Per held-out problem, in order: the share of its repeats answered right. */
  readonly perProblem: readonly number[];
  /** Every token those runs generated. */
  readonly tokens: number;
}

/**
 * Every problem scored by the policy fitted on the folds it was not in (the folds' held-out runs), against
 * every fixed setting (majority vote over N samples at one thinking budget) on the same problems, repeats
 * and orders of their samples (`input` reads `orders` orders per repeat).
 */
export async function compareWithFixed(
  input: FitLike,
  folds: readonly { readonly heldOut: readonly number[]; readonly fittedRuns: HeldOutRuns }[],
  orders = 1,
): Promise<ThinkingComparison> {
  const axis = input.thinking as ThinkingAxis;
  const perProblem = folds.flatMap((f) => f.fittedRuns.perProblem);
  const tokens = folds.reduce((sum, f) => sum + f.fittedRuns.tokens, 0);
  const runs = perProblem.length * input.repeats;
  const scored = folds.flatMap((f) => f.heldOut);
  const fixed: FixedSetting[] = [];
  const scoredProblems = scored.map((p) => input.problems[p] as BenchProblem);
  for (const budget of axis.budgets) {
    for (const samples of axis.samples) {
      const { correct, tokens: spent } = await fixedRuns(scoredProblems, input.repeats, axis, budget, samples);
      const n = Math.max(1, scored.length * input.repeats);
      fixed.push({ thinkBudget: budget, samples, accuracy: round(correct / n), meanTokens: round(spent / n, 1) });
    }
  }
  const best = [...fixed].sort((a, b) => b.accuracy - a.accuracy || a.meanTokens - b.meanTokens)[0] as FixedSetting;
  const accuracy = round(mean(perProblem));
  const meanTokens = round(tokens / Math.max(1, runs), 1);
  const [low, high] = bootstrapInterval(perProblem, input.seed, input.dataset, 'thinking adaptive');
  const asAccurate = fixed.filter((f) => f.accuracy >= accuracy).sort((a, b) => a.meanTokens - b.meanTokens)[0];
  return {
    problems: scored.length,
    folds: folds.length,
    repeats: input.repeats,
    orders,
    adaptive: { accuracy, ci95: [round(low), round(high)], meanTokens },
    fixed,
    best,
    tokenRatio: round(meanTokens / Math.max(1e-9, best.meanTokens), 4),
    reachesBest: accuracy >= best.accuracy,
    ...(asAccurate ? { cheapestAsAccurate: asAccurate } : {}),
  };
}

/**
 * The most accurate fixed setting (majority vote over N samples at one thinking budget; ties: the cheaper)
 * on these problems: what the fitted policy must match, on the problems it is fitted on, with its correct
 * runs and tokens there, and whether each run (per problem, per repeat) was right.
 */
export async function bestFixedOn(
  problems: readonly BenchProblem[],
  repeats: number,
  axis: ThinkingAxis,
): Promise<{ readonly thinkBudget: number; readonly samples: number; readonly correct: number; readonly tokens: number; readonly runs: readonly (readonly boolean[])[] }> {
  let best: { thinkBudget: number; samples: number; correct: number; tokens: number; runs: readonly (readonly boolean[])[] } | undefined;
  for (const budget of axis.budgets) {
    for (const samples of axis.samples) {
      const { correct, tokens, runs } = await fixedRuns(problems, repeats, axis, budget, samples);
      if (!best || correct > best.correct || (correct === best.correct && tokens < best.tokens)) best = { thinkBudget: budget, samples, correct, tokens, runs };
    }
  }
  return best ?? { thinkBudget: axis.budgets[0] ?? 0, samples: axis.samples[0] ?? 1, correct: 0, tokens: 0, runs: [] };
}

/** The base policy with the probe at this thinking budget (and, given, this many samples). */
export function probingAt(base: Policy, budget: number, samples = base.probe.samples): Policy {
  return { ...base, probe: { ...base.probe, samples, think: thinkOf(budget) } };
}

/** One fixed setting (majority vote over `samples` at `budget`) on these problems: correct runs, tokens, and each run's correctness. */
async function fixedRuns(
  problems: readonly BenchProblem[],
  repeats: number,
  axis: ThinkingAxis,
  budget: number,
  samples: number,
): Promise<{ correct: number; tokens: number; runs: boolean[][] }> {
  let correct = 0;
  let tokens = 0;
  const runs: boolean[][] = [];
  for (const problem of problems) {
    const mine: boolean[] = [];
    for (let r = 0; r < repeats; r++) {
      const stream = axis.streamFor(problem, r, budget);
      const outcome = await runOnStream(createController({ strategy: 'majority', params: {} }, Math.min(samples, stream.limit)), stream);
      correct += outcome.correct ? 1 : 0;
      tokens += outcome.tokens;
      mine.push(outcome.correct);
    }
    runs.push(mine);
  }
  return { correct, tokens, runs };
}
