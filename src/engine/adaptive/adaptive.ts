// Ponder's adaptive mode (compute-optimal scaling, Snell et al. 2024), live: a short probe of whole
// samples, each scored by the verifier; a difficulty estimate from their agreement and scores, mapped to
// one of five bins (stopping/difficulty.ts, the estimate `ponder bench` uses); then the bin's policy entry
// decides the rest:
// - an outcome-level strategy (posterior, majority, weighted, esc, beta) goes on sampling under its
//   stopping controller, continuing the probe's tally: it stops once the leader is confidently ahead, or
//   at the bin's cap (a hopeless bin gets a small one);
// - a step-level strategy (beam, dvts, lookahead, revisions) runs with the bin's parameters within the
//   bin's share of what the probe left of the token cap; its own chains decide the answer.
// It never passes the user's maximum (samples and the ledger's hard token cap). Every decision (the
// difficulty, the strategy and budget, why it stopped) is recorded in the tree.
import { binCap, probeSize } from '../stopping/policy';
import type { Policy, PolicyBin } from '../stopping/policy';
import { binController, describeBinSetting, formatParams, probeSampleAlone, recordIntoPrior, settlementByPrior, thinksApart, voteRule } from '../stopping/adaptive';
import { estimateDifficulty } from '../stopping/difficulty';
import type { DifficultyEstimate } from '../stopping/difficulty';
import { VoteTally } from '../stopping/tally';
import { choose } from '../search/choose';
import { paramsFromRecord } from '../search/params';
import type { Vote } from '../search/tally';
import { tallyVotes } from '../search/tally';
import type { SampleCounts, SearchContext, SearchOutcome, StopReason, StrategyDefinition } from '../search/types';
import { AnswerKeys } from './answer-keys';
import { drawSamples } from './draw';
import type { DrawnSample } from './draw';
import { isStepBinStrategy } from './live-policy';
import { resolvePolicy } from './load-policy';
import { runStepBin } from './step-bin';
import { contextForThink } from './think-bin';
import { describeThink } from '../stopping/policy';
import type { PolicyThink } from '../stopping/policy';

/** As weighted.ts: tokens set aside for verifying whole samples. */
const ASSUMED_STEPS_PER_CHAIN = 12;
const MAX_VERIFY_SHARE = 0.25;

export async function adaptiveSearch(context: SearchContext): Promise<SearchOutcome> {
  const { tree, ledger, options, signal, verifier } = context;
  const { policy, origin } = await resolvePolicy(options.adaptive?.policy);
  const maxSamples = options.samples;
  const probe = probeSize(policy, maxSamples);
  const keys = new AnswerKeys(context.answers);
  const tally = new VoteTally();
  const drawn: DrawnSample[] = [];
  let failed = 0;
  const verifyAllowance = verifier ? Math.min(Math.floor(ledger.tokenCap * MAX_VERIFY_SHARE), maxSamples * verifier.tokensPerStep * ASSUMED_STEPS_PER_CHAIN) : 0;
  const verifyKeep = () => Math.max(0, verifyAllowance - ledger.committed('verify'));

  // 1. The probe (with the policy's probe think setting, when it has one).
  const probeContext = await contextForThink(context, policy.probe.think, 'the probe');
  if (policy.probe.think) recordThink(context, policy.probe.think, 'the probe', 'the policy probes with it, so that difficulty is measured the same way for every problem', origin);
  // When the session's consistency prior could settle the problem early, the probe is drawn a sample at a
  // time while it still could (from the second sample on a problem the prior audits), then the rest at once;
  // otherwise the probe runs at once, as without a prior.
  const prior = policy.consistencyPrior ? options.adaptive?.prior : undefined;
  const settleFrom = prior?.auditsNext() ? 2 : 1;
  const oneAtATime = (): boolean => !!prior && probeSampleAlone(tally, policy, maxSamples, probe, prior, settleFrom);
  // Samples asked for so far: each has its own index (and seed), whether it answered or failed.
  let asked = 0;
  const take = (batch: Awaited<ReturnType<typeof drawSamples>>, count: number): void => {
    asked += count;
    failed += batch.failures.length;
    for (const sample of batch.samples) {
      drawn.push(sample);
      tally.add(sample.observation.key, sample.observation.score, sample.observation.tokens);
    }
  };
  const firstCount = oneAtATime() ? 1 : probe;
  const first = await drawSamples(probeContext, keys, 0, firstCount, verifyKeep);
  if (first.samples.length === 0 && first.failures.length > 0 && !signal.aborted) throw first.failures[0];
  take(first, firstCount);
  if (signal.aborted || first.outOfBudget) return finishVotes(context, drawn, tally, 'majority vote over the probe', maxSamples, first.outOfBudget, failed);
  if (prior) {
    let settled = settlementByPrior(tally, policy, maxSamples, probe, prior, settleFrom);
    while (!settled && asked < probe && oneAtATime()) {
      const one = await drawSamples(probeContext, keys, asked, 1, verifyKeep);
      take(one, 1);
      if (signal.aborted || one.outOfBudget || one.samples.length === 0) return finishVotes(context, drawn, tally, 'majority vote over the probe', maxSamples, one.outOfBudget, failed);
      settled = settlementByPrior(tally, policy, maxSamples, probe, prior, settleFrom);
    }
    if (settled) {
      recordDifficulty(context, settled.estimate);
      record(context, {
        kind: 'strategy',
        message: `bin ${settled.estimate.bin}: settled during the probe by what this session's earlier problems showed of the model's consistency`,
        data: { strategy: 'prior', bin: settled.estimate.bin, cap: tally.samples, maxSamples, policy: origin },
      });
      tree.decide({ kind: 'stop', message: settled.message, data: settled.data });
      recordIntoPrior(prior, tally);
      const which = tally.samples === 1 ? 'the first sample' : `the first ${tally.samples} samples`;
      return finishVotes(context, drawn, tally, `${which}, settled by the model's consistency on ${prior.problems - 1} earlier problems`, maxSamples, false, failed, settled.rule);
    }
    if (asked < probe) {
      const rest = await drawSamples(probeContext, keys, asked, probe - asked, verifyKeep);
      take(rest, probe - asked);
      if (signal.aborted || rest.outOfBudget) return finishVotes(context, drawn, tally, 'majority vote over the probe', maxSamples, rest.outOfBudget, failed);
    }
  }

  // 2. Difficulty → bin → policy entry.
  const estimate = estimateDifficulty(tally, policy);
  const entry = policy.bins[estimate.bin - 1] as PolicyBin;
  recordDifficulty(context, estimate);
  const threshold = options.adaptive?.confidence ?? entry.stopThreshold;
  // The bin's think setting applies to everything drawn from here on.
  if (entry.think) recordThink(context, entry.think, `bin ${estimate.bin}`, thinkReason(policy, estimate.bin), origin);
  const binContext = await contextForThink(context, entry.think, `bin ${estimate.bin}`);
  // A bin that thinks otherwise than the probe votes over its own samples only (see thinksApart).
  const fresh = thinksApart(policy, entry);

  // 3a. Step-level bins.
  if (isStepBinStrategy(entry.strategy)) {
    const spent = ledger.tokenCap - ledger.available;
    const ceiling = Math.floor(spent + entry.budgetShare * (ledger.tokenCap - spent));
    const samples = binCap(entry, maxSamples, probe);
    const params = { ...options.params, ...paramsFromRecord(entry.params, `policy bin ${estimate.bin} params`) };
    record(context, {
      kind: 'strategy',
      message:
        `bin ${estimate.bin}: ${entry.strategy}${formatParams(entry.params)} with N=${params.beamWidth ?? samples}, ` +
        `up to ${ceiling} of ${ledger.tokenCap} tokens (${Math.round(entry.budgetShare * 100)}% of what the probe left)${entry.strategy === 'revisions' ? '; the probe only measured difficulty' : '; the probe samples join the final vote'}`,
      data: { strategy: entry.strategy, bin: estimate.bin, samples, tokenCeiling: ceiling, tokenCap: ledger.tokenCap, policy: origin },
    });
    const sub: SearchContext = { ...binContext, options: { ...binContext.options, samples, params } };
    const probeVotes = fresh ? [] : drawn.flatMap((s) => (s.vote ? [s.vote] : []));
    if (prior) recordIntoPrior(prior, tally);
    return runStepBin(entry.strategy, sub, ceiling, probeVotes);
  }

  // 3b. Outcome-level bins: go on sampling under the bin's stopping controller.
  const cap = binCap(entry, maxSamples, fresh ? 0 : probe);
  const binTally = fresh ? new VoteTally() : tally;
  const probeDrawn = drawn.length;
  record(context, {
    kind: 'strategy',
    message: `bin ${estimate.bin}: ${describeBinSetting(entry, cap, maxSamples, threshold)}`,
    data: { strategy: entry.strategy, bin: estimate.bin, cap, maxSamples, stopThreshold: threshold, policy: origin },
  });
  const controller = binController(entry, estimate.bin, cap, maxSamples, binTally, threshold, policy.stopModel);
  let next = drawn.length;
  let outOfBudget = false;
  for (let count = controller.next(); count > 0 && !signal.aborted; count = controller.next()) {
    const batch = await drawSamples(binContext, keys, next, count, verifyKeep);
    failed += batch.failures.length;
    for (const sample of batch.samples) {
      drawn.push(sample);
      controller.observe(sample.observation);
    }
    next += count;
    outOfBudget = batch.outOfBudget;
    // Fewer than asked (budget, cancellation, failing calls): the controller cannot be satisfied.
    if (batch.samples.length < count) break;
  }
  const result = controller.result();
  for (const decision of result.decisions) tree.decide(decision);
  if (prior && !signal.aborted) recordIntoPrior(prior, tally);
  const rule = voteRule(entry, binTally);
  const voters = fresh ? drawn.slice(probeDrawn) : drawn;
  const how = `${rule === 'weighted' ? 'verifier-weighted vote' : 'majority vote'} over ${voters.length} samples (adaptive, bin ${estimate.bin}, ${entry.strategy}${fresh ? '; the probe only measured difficulty' : ''})`;
  return finishVotes(context, voters, binTally, how, maxSamples, outOfBudget, failed, rule, result.answer);
}

/** Chooses among the drawn samples; `leader` (the controller's answer key) goes first when given. */
function finishVotes(
  context: SearchContext,
  drawn: readonly DrawnSample[],
  tally: VoteTally,
  how: string,
  maxSamples: number,
  outOfBudget: boolean,
  failed: number,
  rule: 'majority' | 'weighted' = tally.scored > 0 ? 'weighted' : 'majority',
  leader?: string | null,
): SearchOutcome {
  const { signal, tree } = context;
  const votes: Vote[] = drawn.flatMap((s) => (s.vote ? [s.vote] : []));
  const tallies = tallyVotes(votes, (a, b) => context.answers.equivalent(a, b), rule === 'weighted' ? 'weight' : 'votes');
  if (leader) {
    const at = tallies.findIndex((t) => t.answer === leader || context.answers.equivalent(t.answer, leader));
    if (at > 0) tallies.unshift(...tallies.splice(at, 1));
  }
  const stopReason: StopReason = signal.aborted ? 'cancelled' : outOfBudget ? 'budget' : 'completed';
  if (failed > 0 && !signal.aborted) {
    tree.decide({ kind: 'warning', message: `${failed} samples failed; the answer rests on the others`, data: { failed } });
  }
  if (outOfBudget && !signal.aborted) {
    tree.decide({ kind: 'stop', message: `the token budget ran out after ${drawn.length} samples`, data: { samples: drawn.length, tokenCap: context.ledger.tokenCap } });
  }
  const choice = choose(context, tallies, how, stopReason);
  const answered = drawn.filter((s) => s.vote).length;
  const samples: SampleCounts = {
    requested: maxSamples,
    answered,
    unanswered: drawn.length - answered,
    failed,
    cancelled: signal.aborted ? 1 : 0,
    notStarted: Math.max(0, maxSamples - drawn.length - failed),
  };
  return { ...choice, answers: tallies, stopReason, samples };
}

function recordDifficulty(context: SearchContext, estimate: DifficultyEstimate): void {
  const scorePart = estimate.meanScore === undefined ? '' : `, mean verifier score ${estimate.meanScore.toFixed(2)}`;
  record(context, {
    kind: 'difficulty',
    message:
      `estimated difficulty ${estimate.difficulty.toFixed(2)} from ${estimate.probeSamples} probe samples ` +
      `(agreement ${Math.round(estimate.agreement * 100)}%${scorePart}): bin ${estimate.bin} of 5`,
    data: {
      difficulty: round(estimate.difficulty),
      bin: estimate.bin,
      agreement: round(estimate.agreement),
      probeSamples: estimate.probeSamples,
      ...(estimate.meanScore === undefined ? {} : { meanScore: round(estimate.meanScore) }),
    },
  });
}

/** A decision goes into the run's decisions and, as a node under the problem, into the tree the UI draws. */
function record(context: SearchContext, decision: { kind: 'difficulty' | 'strategy'; message: string; data: Record<string, number | string | boolean> }): void {
  context.tree.add({ parentId: context.tree.rootId, kind: 'decision', text: decision.message });
  context.tree.decide(decision);
}

/** The decision that says how the model thinks for the probe or a bin, and why. */
function recordThink(context: SearchContext, think: PolicyThink, where: string, why: string, origin: string): void {
  record(context, {
    kind: 'strategy',
    message: `${where}: ${describeThink(think)}; ${why}`,
    data: { thinkMode: think.mode, ...(think.budget === undefined ? {} : { thinkBudget: think.budget }), policy: origin, ...(where.startsWith('bin ') ? { bin: Number(where.slice(4)) } : {}) },
  });
}

/** Why the policy thinks this way in a bin: the fit's own words when it left them, else the policy's. */
function thinkReason(policy: Policy, bin: number): string {
  const reasons = policy.meta?.thinkReasons;
  const given = reasons && typeof reasons === 'object' ? (reasons as Record<string, unknown>)[String(bin)] : undefined;
  return typeof given === 'string' ? given : 'the policy\'s setting for this difficulty';
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

export const ADAPTIVE: StrategyDefinition = {
  name: 'adaptive',
  description: 'adaptive: a scored probe estimates difficulty; the policy picks strategy and budget per difficulty bin; sampling stops once the answer is safe',
  needsVerifier: true,
  run: adaptiveSearch,
};

export type { Policy };
