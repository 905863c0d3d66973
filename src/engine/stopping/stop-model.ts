// The learned stopping model: a logistic estimate of P(the answer leading now is the answer majority@cap
// would give) from everything a run has seen, not only vote counts — the posterior rule's probability, the
// shares of leader and runner-up, how far into the cap the run is, samples without an answer, and, where
// the samples carry them, the verifier's scores, the model's token confidence (DeepConf-style) and the
// length of the leader's samples against the rest. Every feature is a share, a log-ratio or a difference
// of means, so the same weights mean the same thing for any model, task and budget. Weights are fitted by
// `ponder bench --fit-policy` per model, and across recorded sets for the built-in default
// (bench/stopping.ts, validated leave-one-set-out); the label is the oracle's (engine/stopping/oracle.ts).
import { leaderHoldsProbability } from './leader-holds';
import type { VoteTally } from './tally';

export const STOP_FEATURES = [
  'holdsLogit',
  'leaderShare',
  'runnerShare',
  'remainingShare',
  'logSamples',
  'unanswered',
  'leaderScore',
  'scoreGap',
  'confidenceGap',
  'lengthRatio',
  'logCap',
  'voteMargin',
  'logLeaderVotes',
] as const;
export type StopFeature = (typeof STOP_FEATURES)[number];

export interface StopModel {
  /** Feature names, in the order of `weights`. */
  readonly features: readonly StopFeature[];
  readonly weights: readonly number[];
  readonly intercept: number;
}

export class StopModelError extends Error {
  override readonly name = 'StopModelError';
}

/** The posterior probability is squeezed into this range before its logit, so one feature cannot be infinite. */
const HOLDS_CLAMP = 1e-4;

/** The features of a run after `tally.samples` samples under a cap of `cap`, in STOP_FEATURES order. */
export function stopFeatures(tally: VoteTally, cap: number): number[] {
  const k = tally.samples;
  const [leader, runnerUp] = tally.topTwo();
  const a = leader?.votes ?? 0;
  const b = runnerUp?.votes ?? 0;
  const remaining = Math.max(0, cap - k);
  const leaderWinsTies = !runnerUp || (leader !== undefined && leader.first < runnerUp.first);
  const holds = a === 0 ? 0 : leaderHoldsProbability(a, b, k - a - b, remaining, leaderWinsTies);
  const clamped = Math.min(1 - HOLDS_CLAMP, Math.max(HOLDS_CLAMP, holds));
  const evidence = leader ? tally.evidenceOf(leader.key) : undefined;
  const leaderScore = evidence && evidence.scored > 0 ? evidence.scoreSum / evidence.scored : undefined;
  const otherScored = tally.scored - (evidence?.scored ?? 0);
  const otherScore = otherScored > 0 ? (tally.scoreSum - (evidence?.scoreSum ?? 0)) / otherScored : undefined;
  const leaderConfidence = evidence && evidence.confident > 0 ? evidence.confidenceSum / evidence.confident : undefined;
  const otherConfident = tally.confident - (evidence?.confident ?? 0);
  const otherConfidence = otherConfident > 0 ? (tally.confidenceSum - (evidence?.confidenceSum ?? 0)) / otherConfident : undefined;
  const meanTokens = k > 0 ? tally.tokens / k : 0;
  const leaderTokens = evidence && a > 0 ? evidence.tokens / a : 0;
  return [
    Math.log(clamped / (1 - clamped)),
    k === 0 ? 0 : a / k,
    k === 0 ? 0 : b / k,
    cap > 0 ? remaining / cap : 0,
    Math.log(Math.max(1, k)),
    k === 0 ? 0 : 1 - tally.answered / k,
    leaderScore === undefined ? 0 : leaderScore - 0.5,
    leaderScore === undefined || otherScore === undefined ? 0 : leaderScore - otherScore,
    leaderConfidence === undefined || otherConfidence === undefined ? 0 : leaderConfidence - otherConfidence,
    meanTokens > 0 && leaderTokens > 0 ? Math.log(leaderTokens / meanTokens) : 0,
    Math.log(Math.max(1, cap)),
    k === 0 ? 0 : (a - b) / Math.sqrt(k),
    Math.log(Math.max(1, a)),
  ];
}

/** P(the current leader is majority@cap's answer) under `model`. */
export function predictStop(model: StopModel, tally: VoteTally, cap: number): number {
  return predictFromFeatures(model, stopFeatures(tally, cap));
}

export function predictFromFeatures(model: StopModel, all: readonly number[]): number {
  let z = model.intercept;
  model.features.forEach((name, i) => {
    z += (model.weights[i] ?? 0) * (all[STOP_FEATURES.indexOf(name)] ?? 0);
  });
  return 1 / (1 + Math.exp(-z));
}

/** Validates a stop model from policy JSON; `path` prefixes every message. */
export function parseStopModel(json: unknown, path: string): StopModel {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new StopModelError(`${path} must be an object with features, weights and intercept`);
  const o = json as Record<string, unknown>;
  for (const key of Object.keys(o)) if (!['features', 'weights', 'intercept'].includes(key)) throw new StopModelError(`${path}.${key} is not a stop-model setting (expected features, weights, intercept)`);
  if (!Array.isArray(o.features) || o.features.some((f) => !(STOP_FEATURES as readonly unknown[]).includes(f))) {
    throw new StopModelError(`${path}.features must list feature names among ${STOP_FEATURES.join(', ')}`);
  }
  if (!Array.isArray(o.weights) || o.weights.length !== o.features.length || o.weights.some((w) => typeof w !== 'number' || !Number.isFinite(w))) {
    throw new StopModelError(`${path}.weights must be ${o.features.length} finite numbers, one per feature`);
  }
  if (typeof o.intercept !== 'number' || !Number.isFinite(o.intercept)) throw new StopModelError(`${path}.intercept must be a finite number`);
  return { features: o.features as StopFeature[], weights: o.weights as number[], intercept: o.intercept };
}
