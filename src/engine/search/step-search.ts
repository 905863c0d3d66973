// Step-level search against the verifier, shared by beam search, DVTS and lookahead (Snell et al. 2024;
// search-and-learn). Chains grow one step per round: every kept chain is expanded (one generation each,
// stopped at the blank line that ends a step), every new step is scored, chains that state a final answer
// (or reach the depth limit) are finished and vote, and of the rest only the best are kept:
// - beam search: one pool; the top N/M chains are kept and share the next round's N expansions;
// - DVTS: N/M independent subtrees; each keeps only its best chain (greedy), and ends when that chain ends.
// Candidates are ranked by the verifier's score of their newest step (with lookahead: of the step at the end
// of the rollout), as Snell et al. rank beams by the PRM's latest prediction; ranking by a whole-chain
// aggregate such as `min` would let one misjudged step sink a sound chain for good. Chains not kept stay in
// the tree, marked pruned with the reason. The finished chains are chosen among by verifier-weighted vote,
// each weighted by its aggregate (options.aggregation) over all its step scores.
import { describeModelError } from '../model/errors';
import { NEUTRAL_SCORE } from '../verify/yes-no';
import { choose } from './choose';
import type { PartialChain } from './partial-chain';
import { emptyChain } from './partial-chain';
import { runPool } from './pool';
import { rolloutScore } from './rollout';
import type { StepSettings } from './params';
import type { FinishedChain } from './step-finish';
import { finishChain, votesOf } from './step-finish';
import type { Expansion } from './step-expand';
import { expandStep } from './step-expand';
import { scoreNewSteps } from './step-score';
import { tallyVotes } from './tally';
import type { Vote } from './tally';
import type { SampleCounts, SearchContext, SearchOutcome, StopReason } from './types';

export interface StepSearchPlan {
  /** For people: 'beam search', 'DVTS', 'lookahead search (k=2)'. */
  readonly label: string;
  readonly settings: StepSettings;
  /** Independent pools of chains: 1 for beam search, N/M for DVTS. */
  readonly groups: number;
  /** Chains each group keeps per round. */
  readonly keepPerGroup: number;
  /** Expansions each group makes per round, shared among its kept chains. */
  readonly expansionsPerGroup: number;
  /** DVTS: a group ends when its best candidate is a finished chain. */
  readonly endGroupWhenBestFinishes: boolean;
  /** Steps rolled out before scoring (lookahead); 0 for none. */
  readonly lookahead: number;
  /** Keep the ledger's spending (and reservations) at or below this (a share of the cap in adaptive mode). */
  readonly tokenCeiling?: number;
  /** Scored whole chains drawn before the search (adaptive mode's probe): they join the final weighted vote,
   *  so the tokens spent measuring difficulty also count towards the answer. */
  readonly priorVotes?: readonly Vote[];
}

interface Task {
  readonly chain: PartialChain;
  readonly group: number;
  readonly seed: number;
}

interface Candidate {
  readonly group: number;
  readonly order: number;
  readonly expansion: Expansion;
  readonly parent: PartialChain;
  readonly chain?: PartialChain;
  readonly score: number;
}

export async function stepSearch(context: SearchContext, plan: StepSearchPlan): Promise<SearchOutcome & { finished: FinishedChain[] }> {
  const { tree, ledger, options, signal, verifier } = context;
  if (!verifier) throw new Error(`${plan.label} needs a verifier`);
  const { settings } = plan;
  const finished: FinishedChain[] = [];
  const ceilingKeep = plan.tokenCeiling === undefined ? 0 : Math.max(0, ledger.tokenCap - Math.floor(plan.tokenCeiling));
  let frontier: PartialChain[][] = Array.from({ length: plan.groups }, (_, g) => [emptyChain(tree.rootId, g)]);
  let outOfBudget = false;
  let failed = 0;
  let succeeded = 0;
  let firstError: unknown;
  let unscored = 0;
  let pendingJudgements = 0;
  let round = 0;

  // Keep back what judging the round's steps will cost, and what lies above the ceiling.
  const reserve = () => ({ minTokens: settings.minTokensPerStep, keep: ceilingKeep + verifier.tokensPerStep * (pendingJudgements + 1) });
  const stopLaunching = (count: number) => () =>
    signal.aborted || outOfBudget || (succeeded === 0 && failed >= Math.max(2, Math.min(options.parallelism, count)));

  while (frontier.some((group) => group.length > 0) && !signal.aborted && !outOfBudget) {
    const tasks: Task[] = [];
    frontier.forEach((kept, group) => {
      const counts = spread(plan.expansionsPerGroup, kept.length);
      kept.forEach((chain, i) => {
        // Siblings are queued together: they send the same prefix, which a prefix cache then serves.
        for (let j = 0; j < (counts[i] ?? 0); j++) tasks.push({ chain, group, seed: seedFor(options.seed, round, tasks.length) });
      });
    });
    pendingJudgements = tasks.length;
    // A round runs in phases: every expansion, then (lookahead) every rollout, then every judgement. Calls
    // of one kind in a row, in tree order, share the longest prompt prefixes, so a server's prefix cache
    // serves them (a judgement between two expansions would evict the generator's prefix, and vice versa).
    const expansions: (Expansion | undefined)[] = [];
    await runPool(
      tasks.length,
      options.parallelism,
      async (index) => {
        const task = tasks[index] as Task;
        const expansion = await expandStep(context, task.chain, { seed: task.seed, temperature: options.temperature, maxTokens: settings.maxTokensPerStep, reserve: reserve() });
        if (expansion.kind === 'failed') {
          failed += 1;
          firstError ??= expansion.error;
        } else if (expansion.kind === 'no-budget') outOfBudget = true;
        else if (expansion.kind === 'step') succeeded += 1;
        expansions[index] = expansion;
      },
      stopLaunching(tasks.length),
    );
    const written = tasks.flatMap((task, index) => {
      const expansion = expansions[index];
      return expansion?.kind === 'step' ? [{ task, index, expansion, chain: expansion.chain }] : [];
    });
    pendingJudgements = written.length;
    const rolloutScores = new Map<number, number>();
    if (plan.lookahead > 0) {
      const rolling = written.filter((w) => !w.expansion.answer && w.chain.steps.length < settings.maxDepth);
      await runPool(
        rolling.length,
        options.parallelism,
        async (i) => {
          const w = rolling[i] as (typeof rolling)[number];
          const rollout = await rolloutScore(context, w.chain, plan.lookahead, { seed: options.seed, maxTokens: settings.maxTokensPerStep, reserve });
          unscored += rollout.unscored;
          rolloutScores.set(w.index, rollout.score);
        },
        () => signal.aborted,
      );
    }
    const candidates: (Candidate | undefined)[] = tasks.map((task, index) => {
      const expansion = expansions[index];
      return expansion && expansion.kind !== 'step' ? { group: task.group, order: index, expansion, parent: task.chain, score: -1 } : undefined;
    });
    await runPool(
      written.length,
      options.parallelism,
      async (i) => {
        const w = written[i] as (typeof written)[number];
        let chain = w.chain;
        let score = rolloutScores.get(w.index);
        if (score === undefined) {
          const scored = await scoreNewSteps(context, chain);
          unscored += scored.unscored;
          chain = scored.chain;
          score = scored.chain.scores.at(-1) ?? NEUTRAL_SCORE;
        } else {
          chain = { ...chain, scores: [...chain.scores, ...new Array<number>(chain.steps.length - chain.scores.length).fill(score)] };
        }
        pendingJudgements = Math.max(0, pendingJudgements - 1);
        candidates[w.index] = { group: w.task.group, order: w.index, expansion: w.expansion, parent: w.task.chain, chain, score };
      },
      () => signal.aborted,
    );

    if (succeeded === 0 && failed > 0 && !signal.aborted) throw firstError;
    frontier = frontier.map((_, group) => selectGroup(group, candidates.filter((c): c is Candidate => c?.group === group)));
    round += 1;
  }

  function selectGroup(group: number, candidates: Candidate[]): PartialChain[] {
    const open: Candidate[] = [];
    const ended = new Set<string>();
    for (const candidate of candidates) {
      const { expansion, chain } = candidate;
      if (expansion.kind === 'ended' && !ended.has(candidate.parent.tipId)) {
        ended.add(candidate.parent.tipId);
        finished.push(finishChain(context, candidate.parent, undefined, 'the model ended the chain without a final answer'));
      }
      if (expansion.kind !== 'step' || !chain) continue;
      if (expansion.answer) finished.push(finishChain(context, chain, expansion.answer));
      else if (chain.steps.length >= settings.maxDepth) finished.push(finishChain(context, chain, undefined, `the chain reached the depth limit of ${settings.maxDepth} steps`));
      else open.push(candidate);
    }
    if (signal.aborted || outOfBudget) return [];
    const ranked = candidates.filter((c) => c.chain).sort((a, b) => b.score - a.score || a.order - b.order);
    const best = ranked[0];
    if (plan.endGroupWhenBestFinishes && best && !open.includes(best)) {
      for (const c of open) prune(c, `subtree ${group + 1} ended: its best candidate (score ${best.score.toFixed(2)}) finished the chain`);
      return [];
    }
    open.sort((a, b) => b.score - a.score || a.order - b.order);
    const kept = open.slice(0, plan.keepPerGroup);
    const cut = kept.at(-1)?.score;
    open.slice(plan.keepPerGroup).forEach((c, i) =>
      prune(c, `score ${c.score.toFixed(2)} ranked ${plan.keepPerGroup + i + 1} of ${open.length} open candidates; the top ${plan.keepPerGroup} were kept (cut at ${cut?.toFixed(2) ?? '?'})`),
    );
    return kept.map((c) => c.chain as PartialChain);
  }

  function prune(candidate: Candidate, reason: string): void {
    const id = candidate.chain?.tipId;
    if (id) tree.update(id, { status: 'pruned', reason });
  }

  if (unscored > 0 && !signal.aborted) {
    tree.decide({ kind: 'warning', message: `${unscored} steps could not be scored and counted with the neutral score`, data: { unscored } });
  }
  if (failed > 0 && !signal.aborted) {
    tree.decide({ kind: 'warning', message: `${failed} step generations failed (first: ${describeModelError(firstError)})`, data: { failed } });
  }
  if (outOfBudget && !signal.aborted) {
    tree.decide({
      kind: 'stop',
      message: `the token budget ran out after ${round} rounds with ${finished.length} finished chains`,
      data: { rounds: round, finished: finished.length, tokenCap: ledger.tokenCap },
    });
  }
  const stopReason: StopReason = signal.aborted ? 'cancelled' : outOfBudget ? 'budget' : 'completed';
  const prior = plan.priorVotes ?? [];
  const tallies = tallyVotes([...prior, ...votesOf(finished)], (a, b) => context.answers.equivalent(a, b), 'weight');
  const how = `weighted vote over ${finished.length} finished chains of ${plan.label}${prior.length > 0 ? ` and ${prior.length} probe samples` : ''}`;
  const choice = choose(context, tallies, how, stopReason);
  const answered = finished.filter((f) => f.answer !== undefined).length;
  const samples: SampleCounts = {
    requested: settings.beamWidth,
    answered,
    unanswered: finished.length - answered,
    failed,
    cancelled: signal.aborted ? 1 : 0,
    notStarted: 0,
  };
  return { ...choice, answers: tallies, stopReason, samples, finished };
}

/** `total` expansions over `n` chains: as even as possible, the better-ranked chains first. */
function spread(total: number, n: number): number[] {
  if (n === 0) return [];
  const base = Math.floor(total / n);
  return Array.from({ length: n }, (_, i) => base + (i < total % n ? 1 : 0));
}

/** Distinct, reproducible seeds per (round, task). */
function seedFor(base: number, round: number, task: number): number {
  return base + round * 100_003 + task;
}
