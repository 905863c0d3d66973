// Ponder adaptive at the outcome level: a short probe, a difficulty estimate mapped to one of five bins,
// and the bin's policy entry (strategy, share of the maximum, stopping threshold) for the rest. It never
// draws more than the user's maximum. Every decision is recorded for the tree.
import type { SearchDecision } from '../../protocol/tree';
import { BetaRuleController } from './beta-rule';
import { ControllerBase } from './controller-base';
import type { VoteRule } from './controller-base';
import type { ConsistencyPrior } from './consistency-prior';
import { MIN_PRIOR_PROBLEMS, PRIOR_SETTLE_THRESHOLD } from './consistency-prior';
import type { DifficultyEstimate } from './difficulty';
import { estimateDifficulty } from './difficulty';
import { DEFAULT_STOP_MODEL } from './default-stop-model';
import { EscController } from './esc';
import { LearnedStopController } from './learned';
import { FixedVoteController } from './fixed';
import type { Policy, PolicyBin } from './policy';
import { binCap, DEFAULT_POLICY, describeThink, probeSize, sameThink } from './policy';
import type { PolicyThink } from './policy';
import { PosteriorController } from './posterior';
import type { StopModel } from './stop-model';
import { VoteTally } from './tally';
import type { ControllerResult, Observation, SamplingController } from './types';
import { UnsupportedStrategyError } from './types';

/** Strategies the outcome-level controller can run inside a bin. */
export const BIN_STRATEGIES = ['posterior', 'learned', 'majority', 'weighted', 'esc', 'beta'] as const;

export interface AdaptiveOptions {
  readonly maxSamples: number;
  readonly policy?: Policy;
  /**
   * What the run's earlier problems showed of the model's consistency. When set, a probe whose samples all
   * agree may end early (see ConsistencyPrior), and this problem is recorded into it when it finishes.
   */
  readonly prior?: ConsistencyPrior;
}

export class AdaptiveController implements SamplingController {
  private readonly policy: Policy;
  private readonly tally = new VoteTally();
  private readonly probe: number;
  private inner: ControllerBase | undefined;
  private estimate: DifficultyEstimate | undefined;
  private cap = 0;
  private recorded = false;
  /** Fewest samples the prior may settle this problem on (2 on a problem it audits). */
  private settleFrom = 1;

  constructor(readonly options: AdaptiveOptions) {
    if (!Number.isInteger(options.maxSamples) || options.maxSamples < 1) {
      throw new RangeError(`maxSamples must be a positive integer, got ${options.maxSamples}`);
    }
    this.policy = options.policy ?? DEFAULT_POLICY;
    assertOutcomePolicy(this.policy);
    this.probe = probeSize(this.policy, options.maxSamples);
  }

  next(): number {
    if (!this.inner) {
      if (this.settledByPrior()) return 0;
      // When the prior could settle the problem early, the probe is drawn one sample at a time while it still
      // could (from the second sample on a problem the prior audits), then the rest at once; otherwise the
      // probe is drawn at once, as without a prior.
      const prior = this.options.prior;
      if (prior && this.tally.samples === 0) this.settleFrom = prior.auditsNext() ? 2 : 1;
      if (prior && probeSampleAlone(this.tally, this.policy, this.options.maxSamples, this.probe, prior, this.settleFrom)) return 1;
      if (this.tally.samples < this.probe) return this.probe - this.tally.samples;
      this.startBin();
    }
    return this.inner?.next() ?? 0;
  }

  /**
   * Ends the probe early when every sample so far agrees, the difficulty estimate is the easiest bin, and
   * the run's consistency prior (learned from at least MIN_PRIOR_PROBLEMS finished problems) puts the
   * probability that this answer holds to the maximum at or above bin 1's threshold.
   */
  private settledByPrior(): boolean {
    const prior = this.options.prior;
    if (!prior) return false;
    const settled = settlementByPrior(this.tally, this.policy, this.options.maxSamples, this.probe, prior, this.settleFrom);
    if (!settled) return false;
    this.estimate = settled.estimate;
    this.cap = this.tally.samples;
    this.inner = new SettledController(this.tally, settled.rule, settled.message, settled.data);
    return true;
  }

  /**
   * The bin's policy entry once the probe is done (undefined while probing): a caller that draws samples
   * from several sources (the bench's thinking budgets) reads here where the next ones come from.
   */
  get binEntry(): PolicyBin | undefined {
    return this.inner && this.estimate ? this.policy.bins[this.estimate.bin - 1] : undefined;
  }

  observe(observation: Observation): void {
    if (this.inner) this.inner.observe(observation);
    else this.tally.add(observation.key, observation.score, observation.tokens, observation.confidence);
  }

  private startBin(): void {
    const estimate = estimateDifficulty(this.tally, this.policy);
    const entry = this.policy.bins[estimate.bin - 1];
    if (!entry) throw new RangeError(`no policy entry for bin ${estimate.bin}`);
    this.estimate = estimate;
    // A bin that thinks otherwise than the probe starts its own vote: the probe only measured difficulty.
    const fresh = thinksApart(this.policy, entry);
    this.cap = binCap(entry, this.options.maxSamples, fresh ? 0 : this.probe);
    this.inner = binController(entry, estimate.bin, this.cap, this.options.maxSamples, fresh ? new VoteTally() : this.tally, entry.stopThreshold, this.policy.stopModel);
  }

  result(): ControllerResult {
    if (!this.inner) this.startBin();
    const inner = this.inner as ControllerBase;
    const estimate = this.estimate as DifficultyEstimate;
    const entry = this.policy.bins[estimate.bin - 1] as PolicyBin;
    const own = inner.result();
    if (this.options.prior && !this.recorded) {
      this.recorded = true;
      recordIntoPrior(this.options.prior, this.tally);
    }
    const scorePart = estimate.meanScore === undefined ? '' : `, mean verifier score ${estimate.meanScore.toFixed(2)}`;
    const decisions: SearchDecision[] = [
      {
        kind: 'difficulty',
        message: `estimated difficulty ${estimate.difficulty.toFixed(2)} from ${estimate.probeSamples} probe samples (agreement ${formatShare(estimate.agreement)}${scorePart}): bin ${estimate.bin} of 5`,
        data: {
          difficulty: round(estimate.difficulty),
          bin: estimate.bin,
          agreement: round(estimate.agreement),
          probeSamples: estimate.probeSamples,
          ...(estimate.meanScore === undefined ? {} : { meanScore: round(estimate.meanScore) }),
        },
      },
      inner instanceof SettledController
        ? {
            kind: 'strategy',
            message: `bin ${estimate.bin}: settled during the probe by what the run's earlier problems showed of this model's consistency`,
            data: { strategy: 'prior', cap: this.cap, maxSamples: this.options.maxSamples, stopThreshold: entry.stopThreshold },
          }
        : {
            kind: 'strategy',
            message: `bin ${estimate.bin}: ${describeBinSetting(entry, this.cap, this.options.maxSamples, entry.stopThreshold)}${entry.think ? `; ${describeThink(entry.think)}` : ''}`,
            data: { strategy: entry.strategy, cap: this.cap, maxSamples: this.options.maxSamples, stopThreshold: entry.stopThreshold, ...thinkData(entry.think) },
          },
      ...own.decisions,
    ];
    return { ...own, decisions, difficulty: estimate.difficulty, bin: estimate.bin };
  }
}

export interface PriorSettlement {
  readonly estimate: DifficultyEstimate;
  readonly rule: VoteRule;
  /** Why, for the tree's stop decision. */
  readonly message: string;
  readonly data: Record<string, number | string | boolean>;
}

/**
 * Whether the run's consistency prior settles a problem during its probe: at least `fromSamples` samples,
 * every one agreeing (none without an answer), the difficulty estimate is the easiest bin, which samples as
 * the probe does (a bin that thinks otherwise would not take the probe's answer: see thinksApart), the prior has
 * learned from at least MIN_PRIOR_PROBLEMS finished problems, and it puts the probability that this answer
 * still leads at the maximum at or above the settling threshold (bin 1's, and never below
 * PRIOR_SETTLE_THRESHOLD). Shared by the bench's controller and live adaptive solving.
 */
export function settlementByPrior(tally: VoteTally, policy: Policy, maxSamples: number, probe: number, prior: ConsistencyPrior, fromSamples = 1): PriorSettlement | undefined {
  if (!policy.consistencyPrior || prior.problems < MIN_PRIOR_PROBLEMS || tally.samples < Math.max(1, fromSamples) || tally.samples >= probe) return undefined;
  if (tally.distinct !== 1 || tally.answered !== tally.samples) return undefined;
  const estimate = estimateDifficulty(tally, policy);
  const entry = policy.bins[0];
  if (estimate.bin !== 1 || !entry || thinksApart(policy, entry)) return undefined;
  const threshold = settleThreshold(entry);
  const holds = prior.unanimousHolds(tally.samples, maxSamples - tally.samples);
  if (holds < threshold) return undefined;
  const rate = prior.meanNewAnswerRate();
  return {
    estimate,
    rule: voteRule(entry, tally),
    message: `${tally.samples === 1 ? 'the first sample' : `all ${tally.samples} samples`} agree, and on the ${prior.problems} problems before it this model gave a new answer at its second sample ${formatShare(rate)} of the time: P(this answer still leads at ${maxSamples} samples) = ${holds.toFixed(3)} ≥ ${threshold}`,
    data: { probability: round(holds), threshold, priorProblems: prior.problems, newAnswerRate: round(rate), samples: tally.samples },
  };
}

/** The probability the prior alone must reach to settle a problem: bin 1's threshold, and never below PRIOR_SETTLE_THRESHOLD. */
function settleThreshold(entry: PolicyBin): number {
  return Math.max(entry.stopThreshold, PRIOR_SETTLE_THRESHOLD);
}

/**
 * Whether the probe's next sample is drawn alone: every sample so far agrees (none without an answer) and,
 * with it, the prior could settle the problem (from `settleFrom` samples: 2 on a problem it audits). Live
 * solving and the bench's controller both draw the probe this way.
 */
export function probeSampleAlone(tally: VoteTally, policy: Policy, maxSamples: number, probe: number, prior: ConsistencyPrior, settleFrom: number): boolean {
  return tally.distinct <= 1 && tally.answered === tally.samples && priorMaySettle(policy, maxSamples, probe, prior, Math.max(tally.samples + 1, settleFrom));
}

/**
 * Whether `samples` unanimous samples would settle a problem under this prior: only then is it worth drawing
 * the probe a sample at a time (live, the rest of the probe would otherwise run alongside it).
 */
function priorMaySettle(policy: Policy, maxSamples: number, probe: number, prior: ConsistencyPrior, samples = 1): boolean {
  const entry = policy.bins[0];
  return (
    !!policy.consistencyPrior &&
    !!entry &&
    !thinksApart(policy, entry) &&
    samples < probe &&
    prior.problems >= MIN_PRIOR_PROBLEMS &&
    prior.unanimousHolds(samples, maxSamples - samples) >= settleThreshold(entry)
  );
}

/** What a finished problem teaches the prior: distinct answers (a sample without one counts as its own) and samples. */
export function recordIntoPrior(prior: ConsistencyPrior, tally: VoteTally): void {
  prior.record(tally.distinct + (tally.samples - tally.answered), tally.samples);
}

/** A probe that the consistency prior settled: it has stopped already, with its reason. */
class SettledController extends ControllerBase {
  constructor(
    tally: VoteTally,
    private readonly rule: VoteRule,
    message: string,
    data: Record<string, number | string | boolean>,
  ) {
    super(tally.samples, tally);
    this.stop('confident', message, data);
  }

  next(): number {
    return 0;
  }

  protected voteRule(): VoteRule {
    return this.rule;
  }
}

/**
 * The bin samples with another think setting than the probe: its samples are a different kind (a thinking
 * sample is right far more often and costs many times the tokens), so the probe's do not join its vote and
 * do not count against its samples.
 */
export function thinksApart(policy: Policy, entry: PolicyBin): boolean {
  return entry.think !== undefined && !sameThink(entry.think, policy.probe.think);
}

/** Throws when a bin names a strategy that needs step-level generation. */
export function assertOutcomePolicy(policy: Policy): void {
  policy.bins.forEach((bin, i) => {
    if (!(BIN_STRATEGIES as readonly string[]).includes(bin.strategy)) {
      throw new UnsupportedStrategyError(
        bin.strategy,
        `the outcome-level controller cannot run "${bin.strategy}" (policy bin ${i + 1}): it needs step-level generation; outcome-level strategies are ${BIN_STRATEGIES.join(', ')}`,
      );
    }
  });
}

/**
 * The stopping controller of an outcome-level policy bin, continuing `tally`. Live adaptive solving builds
 * its bins with this too (with the user's confidence target as `threshold` when set), so a policy means
 * the same live and in `ponder bench`.
 */
export function binController(
  entry: PolicyBin,
  bin: number,
  cap: number,
  maxSamples: number,
  tally: VoteTally,
  threshold = entry.stopThreshold,
  model: StopModel = DEFAULT_STOP_MODEL,
): ControllerBase {
  const rule = voteRule(entry, tally);
  switch (entry.strategy) {
    case 'learned':
      return new LearnedStopController(
        { maxSamples: cap, threshold, model, rule, minSamples: Math.min(cap, Math.ceil(numberParam(entry, 'minShare', 0) * maxSamples - 1e-9)) },
        tally,
      );
    case 'posterior':
      return new PosteriorController(
        {
          maxSamples: cap,
          threshold,
          rule,
          minSamples: Math.min(cap, Math.ceil(numberParam(entry, 'minShare', 0) * maxSamples - 1e-9)),
          ...(numberParam(entry, 'minGain', 0) > 0 ? { minGain: numberParam(entry, 'minGain', 0) } : {}),
          ...(cap < maxSamples
            ? { capReason: 'hopeless' as const, capMessage: `bin ${bin} allows ${cap} of ${maxSamples} samples: with this little agreement, more samples are unlikely to help` }
            : {}),
        },
        tally,
      );
    case 'majority':
    case 'weighted':
      return new FixedVoteController(cap, entry.strategy, tally);
    case 'esc':
      return new EscController(cap, integerParam(entry, 'window', 4), rule, tally);
    case 'beta':
      return new BetaRuleController(cap, Math.min(threshold, 0.999999), rule, tally);
    default:
      throw new UnsupportedStrategyError(entry.strategy, `the outcome-level controller cannot run "${entry.strategy}"`);
  }
}

/** `vote`: "majority", "weighted", or "auto" (weighted when the samples carry verifier scores). */
export function voteRule(entry: PolicyBin, tally: VoteTally): VoteRule {
  const vote = entry.params.vote;
  if (vote === 'majority' || vote === 'weighted') return vote;
  if (entry.strategy === 'weighted' || entry.strategy === 'majority') return entry.strategy;
  return tally.scored > 0 ? 'weighted' : 'majority';
}

function numberParam(entry: PolicyBin, name: string, fallback: number): number {
  const value = entry.params[name];
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}

function integerParam(entry: PolicyBin, name: string, fallback: number): number {
  const value = entry.params[name];
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : fallback;
}

/** A bin's parameters as " (k=v, …)", or nothing. */
export function formatParams(params: PolicyBin['params']): string {
  const parts = Object.entries(params).map(([k, v]) => `${k}=${String(v)}`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

/**
 * A bin's setting as the tree shows it: "posterior (vote=auto), up to 64 of 64 samples, stop at confidence
 * 0.9 or once sampling on could win less than 0.5 points of accuracy". The minimum gain is said in words,
 * as the stop it causes is.
 */
export function describeBinSetting(entry: PolicyBin, cap: number, maxSamples: number, threshold: number): string {
  const { minGain, ...params } = entry.params;
  const points = typeof minGain === 'number' && minGain > 0 ? Math.round(minGain * 1e4) / 100 : undefined;
  const gain = points === undefined ? '' : ` or once sampling on could win less than ${points} point${points === 1 ? '' : 's'} of accuracy`;
  return `${entry.strategy}${formatParams(params)}, up to ${cap} of ${maxSamples} samples, stop at confidence ${threshold}${gain}`;
}

/** A bin's think setting as decision data (nothing when the bin leaves it to the run). */
export function thinkData(think: PolicyThink | undefined): Record<string, string | number> {
  if (!think) return {};
  return { thinkMode: think.mode, ...(think.budget === undefined ? {} : { thinkBudget: think.budget }) };
}

function formatShare(x: number): string {
  return `${Math.round(x * 100)}%`;
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
