// --fit-policy: learns the adaptive policy's per-bin settings from data by the compute-optimal rule — for
// each difficulty bin, the setting that is most accurate at the budget, or, where no setting is confidently
// more accurate than the base policy's, the cheapest one that confidently loses at most `tolerance` of
// overall accuracy (see `choose`). The probe stays the base policy's (on the thinking axis the fit tries its
// thinking budget and size too, each probe with every candidate), so a run's difficulty estimate does
// not depend on the candidate; the bins are the base policy's cuts or, with `fitCuts`, the quintiles of the
// estimates on the problems fitted (Snell et al.'s bins, calibrated to the model). k-fold cross-validation
// (default two: halves) on a seeded split of the problems reports the fitted policy against the base policy
// on the fold it was not fitted on; the policy written out is fitted on all problems. The learned stopping
// rule is a candidate too; its model is fitted on the problems being fitted (each fold's fitting problems,
// then all), so a fold is never scored by a model that saw it.
import { ConsistencyPrior } from '../../engine/stopping/consistency-prior';
import { seededRandom, shuffledIndices } from '../../engine/model/replay';
import { AdaptiveController } from '../../engine/stopping/adaptive';
import { quintileCuts } from '../../engine/stopping/calibrate';
import { binOf } from '../../engine/stopping/difficulty';
import type { StopRun } from '../../engine/stopping/fit-stop-model';
import { fitStopModel } from '../../engine/stopping/fit-stop-model';
import type { Policy, PolicyBin } from '../../engine/stopping/policy';
import { sameThink } from '../../engine/stopping/policy';
import type { StopModel } from '../../engine/stopping/stop-model';
import type { BenchProblem } from './datasets';
import type { StreamSource } from './source-run';
import type { SampleStream } from './streams';
import { runOnSource } from './source-run';
import { bootstrapInterval, mean, round } from './stats';
import { orderedAxis, THINK_FIT_ORDERS } from './fit-orders';
import { decidePrior } from './fit-prior';
import { PairedGain } from './paired';
import type { HeldOutRuns, ThinkingAxis, ThinkingComparison } from './think-fit';
import { bestFixedOn, budgetOfThink, compareWithFixed, probingAt, thinkReasons, withThinking } from './think-fit';

/** The settings a bin may take. */
export function candidateSettings(): PolicyBin[] {
  const out: PolicyBin[] = [{ strategy: 'posterior', params: { vote: 'auto' }, budgetShare: 0, stopThreshold: 0.95 }];
  for (const share of [0.25, 0.5, 1]) {
    for (const threshold of [0.8, 0.9, 0.95, 0.99]) out.push({ strategy: 'posterior', params: { vote: 'auto' }, budgetShare: share, stopThreshold: threshold });
  }
  // The minimum gain (flip-gain.ts) over the whole maximum: the built-in half point and a looser 2 points,
  // for models whose samples scatter.
  for (const minGain of [0.005, 0.02]) {
    for (const threshold of [0.9, 0.95, 0.99]) out.push({ strategy: 'posterior', params: { vote: 'auto', minGain }, budgetShare: 1, stopThreshold: threshold });
  }
  for (const window of [2, 4]) out.push({ strategy: 'esc', params: { window }, budgetShare: 1, stopThreshold: 0.95 });
  out.push({ strategy: 'beta', params: {}, budgetShare: 1, stopThreshold: 0.95 });
  out.push({ strategy: 'majority', params: {}, budgetShare: 1, stopThreshold: 1 });
  return out;
}

/**
 * The settings a bin may take on the thinking axis, at each thinking budget: the posterior rule at three
 * thresholds over the whole maximum, and majority over it. Fewer than without the axis, because every one is
 * multiplied by the budgets and the probes, and with many near-equal candidates per bin the fit chooses the
 * luckiest on the problems fitted rather than the best on the next ones.
 */
export function thinkingCandidates(): PolicyBin[] {
  const out: PolicyBin[] = [];
  for (const threshold of [0.9, 0.95, 0.99]) out.push({ strategy: 'posterior', params: { vote: 'auto' }, budgetShare: 1, stopThreshold: threshold });
  out.push({ strategy: 'majority', params: {}, budgetShare: 1, stopThreshold: 1 });
  return out;
}

/** The learned stopping rule at these thresholds: candidates whose model is fitted on the problems being fitted. */
export const LEARNED_THRESHOLDS = [0.8, 0.9, 0.95, 0.99] as const;

function learnedSettings(): PolicyBin[] {
  return LEARNED_THRESHOLDS.map((stopThreshold) => ({ strategy: 'learned', params: { vote: 'majority' }, budgetShare: 1, stopThreshold }));
}

/** Orders per problem the stopping model is fitted on (more add little and cost time). */
const STOP_MODEL_ORDERS = 2;

interface RunOutcome {
  /** The probe's difficulty estimate (the same for every candidate: they share the probe); none if the probe did not finish. */
  readonly difficulty: number | undefined;
  readonly correct: boolean;
  readonly samples: number;
  /** Every generated token of the samples drawn (thinking, answer, verification). */
  readonly tokens: number;
}

export interface PolicyScore {
  readonly accuracy: number;
  readonly ci95: [number, number];
  readonly meanSamples: number;
  readonly meanTokens: number;
  readonly problems: number;
}

export interface FoldReport {
  readonly fold: string;
  readonly fitProblems: number;
  readonly heldOutProblems: number;
  readonly base: PolicyScore;
  readonly fitted: PolicyScore;
  readonly policy: Policy;
  /** Indices (into the problems) of the fold scored (a half with two folds). */
  readonly heldOut: readonly number[];
  /** The fitted policy's runs on them (for the thinking axis's comparison with fixed settings). */
  readonly fittedRuns: HeldOutRuns;
}

export interface BinChoice {
  readonly bin: number;
  readonly runs: number;
  /** Problems with at least one run in this bin. */
  readonly problems: number;
  readonly chosen: PolicyBin;
  /** The base setting was kept (too few problems, or nothing confidently better or cheaper). */
  readonly kept: boolean;
  readonly accuracy: number;
  readonly meanSamples: number;
  readonly meanTokens: number;
  readonly bestAccuracy: number;
  /** Why this setting, in words (the decision the live tree shows for the bin). */
  readonly why?: string;
}

export interface FitReport {
  readonly dataset: string;
  readonly budget: number;
  readonly tolerance: number;
  readonly folds: FoldReport[];
  readonly policy: Policy;
  readonly choices: BinChoice[];
  /** With the thinking axis: the fitted policy against every fixed setting on held-out problems. */
  readonly thinking?: ThinkingComparison;
}

export interface FitInput {
  readonly dataset: string;
  readonly problems: readonly BenchProblem[];
  readonly repeats: number;
  readonly budget: number;
  readonly seed: number;
  readonly base: Policy;
  /** Overall accuracy (a fraction) each bin may give up for fewer samples. */
  readonly tolerance: number;
  /** Set the difficulty cuts at the quintiles of the probe's estimates on the problems fitted. */
  readonly fitCuts?: boolean;
  readonly streamFor: (problem: BenchProblem, repeat: number) => SampleStream;
  /**
   * Without the thinking axis: where a policy's think settings draw from (a policy file's thinking bins on
   * a live backend); absent, every setting reads `streamFor`'s stream.
   */
  readonly sourceFor?: (problem: BenchProblem, repeat: number) => StreamSource;
  /**
   * The thinking axis (--think-budgets): cost counted in tokens; one run-wide setting (the probe's thinking
   * budget and a candidate at some budget) that confidently reaches the best fixed setting on the problems
   * fitted, then per bin a cheaper one where it confidently loses nothing (see fitOn in fitPolicy).
   */
  readonly thinking?: ThinkingAxis;
  /** Cross-validation folds (default 2: halves). */
  readonly folds?: number;
  /** With the thinking axis: orders of each (problem, repeat)'s samples the fit reads (default THINK_FIT_ORDERS; see fit-orders.ts). */
  readonly fitOrders?: number;
}

export async function fitPolicy(given: FitInput): Promise<FitReport> {
  // With the thinking axis the fit reads every (problem, repeat) in several orders of its samples (see
  // fit-orders.ts), and the held-out problems are scored, and compared with fixed settings, in the same
  // orders: a problem's samples at one budget are exchangeable draws, so each order is a run that could have
  // happened, and one order alone decides majority@N's ties (and so "the best fixed setting") by luck.
  const orders = given.fitOrders ?? THINK_FIT_ORDERS;
  const input: FitInput = given.thinking
    ? { ...given, repeats: given.repeats * orders, thinking: orderedAxis(given.thinking, given.budget, orders, given.seed, given.dataset) }
    : given;
  // With the thinking axis the probe may think at any of the budgets (a probe without thinking is cheap but
  // cannot see what thinking changes; one that thinks costs more, and its samples join the vote of a bin that
  // thinks as it does), and draw the base policy's number of samples or two (a thinking sample costs many
  // plain ones, and a probe that joins the vote sets the fewest samples a problem can take): every probe is
  // tried with every run-wide setting.
  const probeSizes = [...new Set([PROBE_SAMPLES_MIN, input.base.probe.samples])].filter((n) => n <= input.base.probe.samples);
  const bases = input.thinking ? input.thinking.budgets.flatMap((budget) => probeSizes.map((samples) => probingAt(input.base, budget, samples))) : [input.base];
  const fixed = withThinking(input.thinking ? thinkingCandidates() : candidateSettings(), input.thinking);
  // The base policy's own settings are always candidates, so "keep it" is always an option.
  for (const bin of input.base.bins) if (bin.strategy !== 'learned' && !fixed.some((c) => sameSetting(c, bin))) fixed.push(bin);
  // outcomes[candidate][problem][repeat] per probe, for the candidates that do not depend on the fitted problems.
  // (One probe at a time: live streams draw on demand, and two runs must not draw from one stream at once.)
  const fixedOutcomes: RunOutcome[][][][] = [];
  for (const base of bases) fixedOutcomes.push(await outcomesOf(input, fixed, base));
  const splits = foldSplits(input.problems.length, input.folds ?? 2, seededRandom('fit-split', input.seed, input.dataset));
  // The learned rule's model is fitted on the problems being fitted, never on the fold it is scored on.
  const withLearned = async (problems: readonly number[], probe: number): Promise<{ candidates: PolicyBin[]; outcomes: RunOutcome[][][]; base: Policy }> => {
    const probeBase = bases[probe] as Policy;
    const base: Policy = input.thinking ? probeBase : { ...probeBase, stopModel: await stopModelOn({ ...input, base: probeBase }, problems) };
    // Not on the thinking axis: the model is fitted on the probe's samples, and a bin that thinks otherwise
    // draws samples of another kind (longer, more often right) than the ones it learned from.
    const learned = input.thinking ? [] : withThinking(learnedSettings(), input.thinking);
    for (const bin of input.base.bins) if (bin.strategy === 'learned' && !learned.some((c) => sameSetting(c, bin))) learned.push(bin);
    return { candidates: [...fixed, ...learned], outcomes: [...(fixedOutcomes[probe] ?? []), ...(await outcomesOf(input, learned, base))], base };
  };
  const fitOn = async (problems: readonly number[], fittedOn: string): Promise<{ policy: Policy; choices: BinChoice[] }> => {
    const fitted = await fitBinsOn(problems, fittedOn);
    const decided = await decidePrior(fitted.policy, problems, input.repeats, input.tolerance, async (policy, p, r, prior) => {
      const outcome = await runPolicy(policy, sourceFor(input, input.problems[p] as BenchProblem, r), input.budget, prior);
      return { correct: outcome.correct, cost: input.thinking ? outcome.tokens : outcome.samples };
    });
    return { policy: { ...decided.policy, meta: { ...decided.policy.meta, consistencyPrior: decided.why } }, choices: fitted.choices };
  };
  const fitBinsOn = async (problems: readonly number[], fittedOn: string): Promise<{ policy: Policy; choices: BinChoice[] }> => {
    if (!input.thinking) {
      const context = await withLearned(problems, 0);
      return choose({ ...input, base: context.base }, context.candidates, context.outcomes, problems, fittedOn);
    }
    // The thinking axis, in two steps for every probe (its thinking budget and size). First one setting for
    // every bin: the cheapest, in tokens, that reaches the best fixed setting's accuracy on the problems
    // fitted. Few choices, so little room to pick a lucky one. Then, bin by bin, the usual rule against that
    // setting: a cheaper one only where it confidently loses nothing there (a bin of easy problems may need
    // less). The probe whose policy costs least after both steps wins: the probe sets the bins, so the
    // cheapest run-wide setting (say, a short thinking probe that finds every problem unanimous) can leave
    // nothing for the second step, where a cheaper probe that tells easy problems from hard ones would.
    const target = await targetOn(input, problems);
    const runs = Math.max(1, problems.length * input.repeats);
    const allowedLoss = input.tolerance * runs;
    let best: { reaches: boolean; tokens: number; correct: number; fitted: { policy: Policy; choices: BinChoice[] } } | undefined;
    for (let probe = 0; probe < bases.length; probe++) {
      const context = await withLearned(problems, probe);
      let mine: { c: number; correct: number; tokens: number; reaches: boolean } | undefined;
      context.candidates.forEach((_, c) => {
        let correct = 0;
        let tokens = 0;
        // Paired with the best fixed setting, run by run: "reaches" means its loss against it is confidently
        // within the tolerance (the one-sided bound the per-bin rule uses), not only equal in count, since a
        // count met by trading problems won and lost is what a lucky setting looks like.
        const paired = new PairedGain();
        problems.forEach((p, i) => {
          let diff = 0;
          (context.outcomes[c]?.[p] ?? []).forEach((o, r) => {
            correct += o.correct ? 1 : 0;
            tokens += o.tokens;
            diff += (o.correct ? 1 : 0) - (target.runs[i]?.[r] ? 1 : 0);
          });
          paired.addProblem(diff);
        });
        const reaches = paired.lowerBound() >= -allowedLoss - 1e-9;
        if (!mine || beats({ reaches, tokens, correct }, mine)) mine = { c, correct, tokens, reaches };
      });
      if (!mine) continue;
      const setting = context.candidates[mine.c] as PolicyBin;
      const runWide =
        `the run-wide setting (the probe ${describeProbe(bases[probe] as Policy)}): the cheapest single setting that ${mine.reaches ? 'confidently reaches' : 'comes closest to'} ` +
        `the best fixed setting on the problems fitted (${target.label}, ${pct(target.correct / runs)}): ${pct(mine.correct / runs)} at ${Math.round(mine.tokens / runs)} tokens per problem`;
      const base: Policy = { ...context.base, bins: [setting, setting, setting, setting, setting] };
      const fitted = choose({ ...input, base }, context.candidates, context.outcomes, problems, fittedOn, runWide);
      // What the policy costs after the per-bin step, on the problems fitted (each run falls in one bin).
      const tokens = fitted.choices.reduce((sum, b) => sum + b.meanTokens * b.runs, 0);
      const correct = fitted.choices.reduce((sum, b) => sum + b.accuracy * b.runs, 0);
      const candidate = { reaches: mine.reaches, tokens, correct, fitted };
      if (!best || beats(candidate, best)) best = candidate;
    }
    return (best as NonNullable<typeof best>).fitted;
  };
  const folds: FoldReport[] = [];
  for (const { name, fitSet, heldOut } of splits) {
    const { policy } = await fitOn(fitSet, `${input.dataset}, ${name}`);
    const base = await score(input, input.base, heldOut, `${name}:base`);
    const fitted = await score(input, policy, heldOut, `${name}:fitted`);
    folds.push({
      fold: name,
      fitProblems: fitSet.length,
      heldOutProblems: heldOut.length,
      base: base.score,
      fitted: fitted.score,
      policy,
      heldOut,
      fittedRuns: fitted.runs,
    });
  }
  const all = input.problems.map((_, i) => i);
  const final = await fitOn(all, `${input.dataset}, all ${all.length} problems`);
  const thinking = input.thinking ? await compareWithFixed(input, folds, orders) : undefined;
  return { dataset: input.dataset, budget: input.budget, tolerance: input.tolerance, folds, policy: final.policy, choices: final.choices, ...(thinking ? { thinking } : {}) };
}

/** The best fixed setting on the problems fitted: what the thinking axis's policy must reach there. */
async function targetOn(input: FitInput, problems: readonly number[]): Promise<FitTarget> {
  const axis = input.thinking as ThinkingAxis;
  const best = await bestFixedOn(problems.map((p) => input.problems[p] as BenchProblem), input.repeats, axis);
  return { correct: best.correct, runs: best.runs, label: `${describeThinkBudget(best.thinkBudget)} × majority@${best.samples}` };
}

/**
 * Between two settings on the thinking axis: one that reaches the best fixed setting beats one that does
 * not; among those that reach, the cheaper; among those that do not, the more accurate, then the cheaper.
 */
function beats(a: { reaches: boolean; tokens: number; correct: number }, b: { reaches: boolean; tokens: number; correct: number }): boolean {
  if (a.reaches !== b.reaches) return a.reaches;
  if (a.reaches) return a.tokens < b.tokens - 1e-9;
  return a.correct > b.correct + 1e-9 || (Math.abs(a.correct - b.correct) <= 1e-9 && a.tokens < b.tokens - 1e-9);
}

/** The smallest probe the thinking fit tries besides the base policy's. */
const PROBE_SAMPLES_MIN = 2;

function describeProbe(policy: Policy): string {
  const think = policy.probe.think;
  return `${describeThinkBudget(think?.mode === 'on' ? (think.budget ?? 0) : 0)}, ${policy.probe.samples} samples`;
}

function describeThinkBudget(budget: number): string {
  return budget === 0 ? 'no thinking' : `thinking ${budget}`;
}

/** Where a (problem, repeat)'s samples come from: one stream, or one per thinking budget. */
function sourceFor(input: FitInput, problem: BenchProblem, repeat: number): StreamSource {
  const axis = input.thinking;
  if (!axis) {
    if (input.sourceFor) return input.sourceFor(problem, repeat);
    const stream = input.streamFor(problem, repeat);
    return () => stream;
  }
  return (think) => axis.streamFor(problem, repeat, budgetOfThink(think, axis));
}

async function outcomesOf(input: FitInput, candidates: readonly PolicyBin[], base: Policy): Promise<RunOutcome[][][]> {
  const outcomes: RunOutcome[][][] = candidates.map(() => input.problems.map(() => []));
  for (let p = 0; p < input.problems.length; p++) {
    const problem = input.problems[p] as BenchProblem;
    for (let r = 0; r < input.repeats; r++) {
      const source = sourceFor(input, problem, r);
      for (let c = 0; c < candidates.length; c++) {
        outcomes[c]?.[p]?.push(await runPolicy(uniformPolicy(base, candidates[c] as PolicyBin), source, input.budget));
      }
    }
  }
  return outcomes;
}

/** The stopping model fitted on these problems' first orders (the same streams the bench drew), at every power-of-two cap up to the budget. */
async function stopModelOn(input: FitInput, problems: readonly number[]): Promise<StopModel> {
  const runs: StopRun[][] = [];
  for (const p of problems) {
    const problem = input.problems[p] as BenchProblem;
    const orders: StopRun[] = [];
    for (let r = 0; r < Math.min(STOP_MODEL_ORDERS, input.repeats); r++) {
      const stream = sourceFor(input, problem, r)(input.base.probe.think);
      await stream.ensure(Math.min(input.budget, stream.limit));
      const samples = stream.samples.slice(0, input.budget);
      orders.push({
        keys: samples.map((s) => s.key),
        scores: samples.map((s) => s.score),
        confidences: samples.map((s) => s.confidence ?? null),
        tokens: samples.map((s) => s.tokens),
        correct: samples.map((s) => s.correct),
      });
    }
    runs.push(orders);
  }
  const caps: number[] = [];
  for (let c = 2; c < input.budget; c *= 2) caps.push(c);
  caps.push(input.budget);
  return fitStopModel([{ name: input.dataset, problems: runs, caps }]);
}

/** Why a cheaper setting was taken: no loss at all on the problems fitted, or a loss the tolerance allows. */
export function cheaperWording(pick: { correct: number } | undefined, reference: { correct: number } | undefined, tolerance: number): string {
  const lost = (reference?.correct ?? 0) - (pick?.correct ?? 0);
  if (lost <= 0) return 'cheaper here, with no loss on the problems fitted, than';
  return `cheaper here, losing ${lost} run${lost === 1 ? '' : 's'} on the problems fitted (confidently within the ${round(tolerance * 100, 2)}-point tolerance), than`;
}

/**
 * A bin seen on fewer problems keeps the base setting: with a handful of problems, "no difference seen"
 * says little about the next problem (on 10 problems a fit happily learns settings that lose on the next 10).
 */
export const MIN_PROBLEMS_PER_BIN = 20;

/**
 * Per bin, against the base policy's own setting for that bin (paired: the same runs): if some candidate
 * is confidently more accurate (the lower 95% bound of its gain in correct runs is above 0), take the one
 * with the largest such bound; otherwise take the cheapest candidate whose loss is confidently within the
 * tolerance. Differences are summed per problem, so repeats of one problem do not count as independent
 * evidence. With little data in a bin nothing is confident and the base setting stays: the fit only moves
 * away from the base where the data says so.
 */
function choose(input: FitInput, candidates: readonly PolicyBin[], outcomes: RunOutcome[][][], problems: readonly number[], fittedOn: string, runWide?: string): { policy: Policy; choices: BinChoice[] } {
  const totalRuns = problems.length * input.repeats;
  const allowed = input.tolerance * totalRuns;
  const choices: BinChoice[] = [];
  // Every candidate sees the same probe, so the estimates of the first candidate are everyone's.
  const estimates = problems.flatMap((p) => (outcomes[0]?.[p] ?? []).flatMap((o) => (o.difficulty === undefined ? [] : [o.difficulty])));
  const difficulty = input.fitCuts && estimates.length > 0 ? { ...input.base.difficulty, cuts: quintileCuts(estimates) } : input.base.difficulty;
  const binning = { ...input.base, difficulty };
  // With the thinking axis the cost is tokens (a thinking sample costs many times a plain one), and the base
  // policy is the run-wide setting chosen first (see fitPolicy).
  const byTokens = input.thinking !== undefined;
  const bins = input.base.bins.map((baseEntry, binIndex) => {
    const bin = binIndex + 1;
    const referenceIndex = candidates.findIndex((c) => sameSetting(c, baseEntry));
    const baseIndex = referenceIndex;
    const baseOutcomes = baseIndex >= 0 ? outcomes[baseIndex] : undefined;
    const stats = candidates.map((_, c) => {
      let runs = 0;
      let correct = 0;
      let samples = 0;
      let tokens = 0;
      const paired = new PairedGain();
      let seenProblems = 0;
      for (const p of problems) {
        let diff = 0;
        let seen = false;
        const mine = outcomes[c]?.[p] ?? [];
        const base = baseOutcomes?.[p] ?? [];
        mine.forEach((o, r) => {
          if (o.difficulty === undefined || binOf(o.difficulty, binning) !== bin) return;
          seen = true;
          runs += 1;
          correct += o.correct ? 1 : 0;
          samples += o.samples;
          tokens += o.tokens;
          diff += (o.correct ? 1 : 0) - (base[r]?.correct ? 1 : 0);
        });
        paired.addProblem(diff);
        if (seen) seenProblems += 1;
      }
      return { c, runs, correct, samples, tokens, cost: byTokens ? tokens : samples, seenProblems, lower: paired.lowerBound() };
    });
    const runs = stats[0]?.runs ?? 0;
    if (runs === 0 && byTokens) {
      choices.push({ bin, runs: 0, problems: 0, chosen: baseEntry, kept: true, accuracy: 0, meanSamples: 0, meanTokens: 0, bestAccuracy: 0, why: `no problem fell in this bin when fitting: ${runWide ?? 'the base setting'}` });
      return baseEntry;
    }
    if (runs === 0 || baseIndex < 0) return baseEntry;
    const best = Math.max(...stats.map((s) => s.correct));
    const describe = (s: (typeof stats)[number] | undefined) => ({
      accuracy: round((s?.correct ?? 0) / runs),
      meanSamples: round((s?.samples ?? 0) / runs, 4),
      meanTokens: round((s?.tokens ?? 0) / runs, 2),
    });
    if ((stats[0]?.seenProblems ?? 0) < MIN_PROBLEMS_PER_BIN) {
      // Too few problems to tell settings apart: the base setting stays.
      const kept = stats[baseIndex];
      const keptEntry = baseEntry;
      choices.push({
        bin,
        runs,
        problems: kept?.seenProblems ?? 0,
        chosen: keptEntry,
        kept: true,
        ...describe(kept),
        bestAccuracy: round(best / runs),
        why: `${kept?.seenProblems ?? 0} problems fell in this bin (fewer than ${MIN_PROBLEMS_PER_BIN}): ${runWide ?? 'the base setting'}`,
      });
      return keptEntry;
    }
    const better = stats.filter((s) => s.lower > 0).sort((x, y) => y.lower - x.lower || x.cost - y.cost || x.c - y.c);
    const cheaper = stats.filter((s) => s.lower >= -allowed - 1e-9).sort((x, y) => x.cost - y.cost || y.correct - x.correct || x.c - y.c);
    const pick = better[0] ?? cheaper[0] ?? stats[baseIndex];
    const chosen = candidates[pick?.c ?? baseIndex] as PolicyBin;
    const reference = stats[baseIndex];
    const shown = describe(pick);
    const why = byTokens
      ? pick?.c === baseIndex
        ? `${runWide ?? 'the base setting'}; no other setting was confidently cheaper without a loss here (${pct(shown.accuracy)} at ${Math.round(shown.meanTokens)} tokens)`
        : `${better[0] ? 'confidently more accurate here than' : cheaperWording(pick, reference, input.tolerance)} the run-wide setting ` +
          `(${pct(shown.accuracy)} at ${Math.round(shown.meanTokens)} tokens; run-wide ${pct(describe(reference).accuracy)} at ${Math.round(describe(reference).meanTokens)} tokens)`
      : undefined;
    choices.push({
      bin,
      runs,
      problems: pick?.seenProblems ?? 0,
      chosen,
      kept: sameSetting(chosen, baseEntry),
      ...shown,
      bestAccuracy: round(best / runs),
      ...(why ? { why } : {}),
    });
    return chosen;
  });
  const policy: Policy = {
    ...input.base,
    difficulty,
    description: `fitted by ponder bench --fit-policy on ${fittedOn} at budget ${input.budget} (tolerance ${input.tolerance * 100} points)`,
    bins: bins as unknown as Policy['bins'],
    meta: {
      fittedOn,
      budget: input.budget,
      repeats: input.thinking ? input.repeats / (input.fitOrders ?? THINK_FIT_ORDERS) : input.repeats,
      ...(input.thinking ? { orders: input.fitOrders ?? THINK_FIT_ORDERS } : {}),
      seed: input.seed,
      tolerance: input.tolerance,
      cuts: input.fitCuts ? 'quintiles of the probe estimates' : 'the base policy\'s',
      ...(input.thinking ? { thinkBudgets: [...input.thinking.budgets], cost: 'tokens', thinkReasons: thinkReasons(choices) } : {}),
    },
  };
  return { policy, choices };
}

/** What the thinking axis's fitted policy must reach on the problems it is fitted on: the best fixed setting. */
interface FitTarget {
  readonly correct: number;
  /** Per problem fitted (in the order fitted), per repeat: whether the best fixed setting was right. */
  readonly runs: readonly (readonly boolean[])[];
  readonly label: string;
}

function sameSetting(a: PolicyBin, b: PolicyBin): boolean {
  return (
    sameThink(a.think, b.think) &&
    a.strategy === b.strategy &&
    a.budgetShare === b.budgetShare &&
    a.stopThreshold === b.stopThreshold &&
    a.maxSamples === b.maxSamples &&
    JSON.stringify(Object.entries(a.params).sort()) === JSON.stringify(Object.entries(b.params).sort())
  );
}

async function score(input: FitInput, policy: Policy, problems: readonly number[], label: string): Promise<{ score: PolicyScore; runs: HeldOutRuns }> {
  const perProblem: number[] = [];
  let samples = 0;
  // As in the bench itself: each random order is a run whose consistency prior learns from its problems.
  const priors = Array.from({ length: input.repeats }, () => (policy.consistencyPrior ? new ConsistencyPrior() : undefined));
  let tokens = 0;
  for (const p of problems) {
    const problem = input.problems[p] as BenchProblem;
    let correct = 0;
    for (let r = 0; r < input.repeats; r++) {
      const outcome = await runPolicy(policy, sourceFor(input, problem, r), input.budget, priors[r]);
      correct += outcome.correct ? 1 : 0;
      samples += outcome.samples;
      tokens += outcome.tokens;
    }
    perProblem.push(correct / input.repeats);
  }
  const [low, high] = bootstrapInterval(perProblem, input.seed, input.dataset, label);
  return {
    score: {
      accuracy: round(mean(perProblem)),
      ci95: [round(low), round(high)],
      meanSamples: round(samples / Math.max(1, problems.length * input.repeats), 4),
      meanTokens: round(tokens / Math.max(1, problems.length * input.repeats), 2),
      problems: problems.length,
    },
    runs: { perProblem, tokens },
  };
}

/**
 * The policy on one (problem, repeat): the probe draws from the stream of the probe's think setting, the
 * bin from the stream of the bin's (the same stream, continued, when they are the same). With one stream
 * this is runOnStream.
 */
export async function runPolicy(policy: Policy, source: StreamSource, budget: number, prior?: ConsistencyPrior): Promise<RunOutcome> {
  const first = source(policy.probe.think);
  const controller = new AdaptiveController({ maxSamples: Math.min(budget, first.limit), policy, ...(prior ? { prior } : {}) });
  const outcome = await runOnSource(controller, policy.probe.think, source);
  return { difficulty: outcome.difficulty, correct: outcome.correct, samples: outcome.samples, tokens: outcome.tokens };
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

function uniformPolicy(base: Policy, bin: PolicyBin): Policy {
  return { ...base, bins: [bin, bin, bin, bin, bin] };
}

/** A fit that cannot run on the data given; its message says what to change. */
export class FitError extends Error {
  override readonly name = 'FitError';
}

/** A seeded k-fold split: each fold is held out once and fitted on the others. Two folds keep the halves' names. */
export function foldSplits(n: number, k: number, random: () => number): { name: string; fitSet: number[]; heldOut: number[] }[] {
  if (n < k) throw new FitError(`--fit-folds ${k} needs at least ${k} problems to hold one out in each fold; there are ${n} (raise --limit or lower --fit-folds)`);
  const order = shuffledIndices(n, random);
  if (k === 2) {
    const half = Math.floor(order.length / 2);
    const a = order.slice(0, half).sort((x, y) => x - y);
    const b = order.slice(half).sort((x, y) => x - y);
    return [
      { name: 'fit on half A, report on half B', fitSet: a, heldOut: b },
      { name: 'fit on half B, report on half A', fitSet: b, heldOut: a },
    ];
  }
  return Array.from({ length: k }, (_, f) => {
    const heldOut = order.filter((_, i) => i % k === f).sort((x, y) => x - y);
    const fitSet = order.filter((_, i) => i % k !== f).sort((x, y) => x - y);
    return { name: `fit on the other ${k - 1} folds, report on fold ${f + 1} of ${k}`, fitSet, heldOut };
  });
}
