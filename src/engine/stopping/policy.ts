// The adaptive policy is data: a probe size, how difficulty is estimated from the probe, and per
// difficulty bin the strategy, its parameters, its share of the user's maximum and its stopping threshold.
// `ponder bench --fit-policy` learns one from recorded samples; solve and the extension load the same JSON.
//
// JSON form:
// {
//   "version": 1,
//   "probe": { "samples": 4 },
//   "difficulty": { "scoreWeight": 0.5, "cuts": [0.2, 0.4, 0.6, 0.8] },
//   "bins": { "1": { "strategy": "posterior", "params": {}, "budgetShare": 1, "stopThreshold": 0.9 }, …, "5": { … } }
// }
// `"consistencyPrior": true` lets a run learn how consistent the model is from its earlier problems and end a
// unanimous probe early (engine/stopping/consistency-prior.ts); absent or false, probes run in full.
// A bin (and the probe) may also say how the model thinks: "think": { "mode": "off" } or
// { "mode": "on" | "low" | "medium" | "high", "budget": 1024 } (thinking tokens per sample, forced closed at the
// budget). Absent: the run's own think setting. `--fit-policy --think-budgets …` fits it per bin.
// A bin's strategy may be `learned`: the stopping model of the policy's optional "stopModel" ({features,
// weights, intercept}; the built-in one when absent) with the bin's stopThreshold.
// Outcome-level parameters: posterior `vote` (auto | majority | weighted; auto = weighted when samples carry
// verifier scores), `minShare` (samples to draw, as a share of the maximum, before the rule may stop) and
// `minGain` (also stop once sampling on could win less than this in accuracy, engine/stopping/flip-gain.ts);
// esc `window`. Strategy names are open: outcome-level ones (posterior, majority, weighted, esc, beta) run anywhere;
// step-level ones (beam, dvts, lookahead, revisions, …) parse here and run where step-level generation
// exists. Unknown keys in a bin are rejected so that a misspelt setting is not silently ignored.

import type { StopModel } from './stop-model';
import { parseStopModel, StopModelError } from './stop-model';

export const BIN_COUNT = 5;
export type ParamValue = number | string | boolean;

/** How the model thinks in a bin: not at all, or on (or at a level) with a budget of thinking tokens per sample. */
export type ThinkMode = 'off' | 'on' | 'low' | 'medium' | 'high';
export const THINK_MODES: readonly ThinkMode[] = ['off', 'on', 'low', 'medium', 'high'];

export interface PolicyThink {
  readonly mode: ThinkMode;
  /** Thinking tokens per sample (budget forcing); absent: no budget. Never set with mode "off". */
  readonly budget?: number;
}

export interface PolicyBin {
  /** How the model thinks for this bin's samples; absent: the run's own setting. */
  readonly think?: PolicyThink;
  readonly strategy: string;
  readonly params: Readonly<Record<string, ParamValue>>;
  /** Share of what the probe left of the user's maximum that this bin may use, in [0, 1]; 0 means the probe alone. */
  readonly budgetShare: number;
  /** An absolute cap on samples for this bin, on top of the share. */
  readonly maxSamples?: number;
  /** The confidence the stopping rule needs (posterior or Beta rule), in (0, 1]. */
  readonly stopThreshold: number;
}

export interface Policy {
  readonly version: 1;
  readonly description?: string;
  /** The probe's size and, optionally, how the model thinks while probing (absent: the run's own setting). */
  readonly probe: { readonly samples: number; readonly think?: PolicyThink };
  readonly difficulty: {
    /** Weight of the verifier's mean probe score against answer agreement, in [0, 1] (used when scores exist). */
    readonly scoreWeight: number;
    /** Four increasing cut points in (0, 1): difficulty above the i-th cut puts a problem past bin i. */
    readonly cuts: readonly [number, number, number, number];
  };
  /** Bins 1 (easiest) … 5 (hardest). */
  readonly bins: readonly [PolicyBin, PolicyBin, PolicyBin, PolicyBin, PolicyBin];
  /** The stopping model `learned` bins use (default: the built-in one, engine/stopping/default-stop-model.ts). */
  readonly stopModel?: StopModel;
  /**
   * Learn the model's consistency across the problems of a run (ConsistencyPrior) and let it end a
   * unanimous probe early. Default false: policy files written before it behave as they did.
   */
  readonly consistencyPrior?: boolean;
  /** Where the policy came from (fit statistics); carried along, not interpreted. */
  readonly meta?: Readonly<Record<string, unknown>>;
}

/**
 * The built-in policy's minimum gain: stop a problem once sampling on to the maximum could win it less than
 * half a point of accuracy (flip-gain.ts). Not fitted: half a point is the loss `ponder bench` allows a
 * stopping rule against majority@max, so a run that stops every problem below it gives up less than that
 * in expectation under the rule's own model.
 */
export const BUILT_IN_MIN_GAIN = 0.005;

/**
 * The built-in policy. Every bin uses the posterior rule, voting by majority (or by verifier weight when
 * the samples carry scores). Bin 1 (a unanimous probe) stops at 0.9: there a confident leader is rarely
 * overturned. Bins 2–5 need 0.95, with the whole budget. Bins 4–5 (no two probe answers agree; no answer
 * at all, or a verifier that rejects what it sees) once gave up early — 0.8, and bin 5 a quarter of what the
 * probe left — on the view that a leader emerging from scattered answers is wrong whichever one it is. On
 * a recorded set none of the thresholds was chosen on (code-davinci-002 on AQuA) the final majority on
 * such problems is right more often than an early leader, and giving up lost 1.4 points there
 * (docs/bench.md, "Leave-one-set-out"). Where scattered answers really are all wrong (Game of 24) the
 * minimum gain does what giving up did, more weakly: in every bin the rule also stops once what sampling on
 * could still win is below BUILT_IN_MIN_GAIN, so a race between two minority answers is not settled.
 * Chosen on recorded real samples (the family `bench/stopping.ts` chooses among, validated leave-one-set-out)
 * and on synthetic answer distributions; `ponder bench` reports it against the baselines, and
 * `--fit-policy` fits one to a dataset.
 */
export const DEFAULT_POLICY: Policy = {
  version: 1,
  description:
    'built-in: probe 4 samples; posterior stopping at 0.9 (unanimous probe) or 0.95 (otherwise), or once sampling on could win less than half a point of accuracy',
  probe: { samples: 4 },
  difficulty: { scoreWeight: 0.5, cuts: [0.2, 0.4, 0.6, 0.8] },
  bins: [
    { strategy: 'posterior', params: { vote: 'auto', minGain: BUILT_IN_MIN_GAIN }, budgetShare: 1, stopThreshold: 0.9 },
    { strategy: 'posterior', params: { vote: 'auto', minGain: BUILT_IN_MIN_GAIN }, budgetShare: 1, stopThreshold: 0.95 },
    { strategy: 'posterior', params: { vote: 'auto', minGain: BUILT_IN_MIN_GAIN }, budgetShare: 1, stopThreshold: 0.95 },
    { strategy: 'posterior', params: { vote: 'auto', minGain: BUILT_IN_MIN_GAIN }, budgetShare: 1, stopThreshold: 0.95 },
    { strategy: 'posterior', params: { vote: 'auto', minGain: BUILT_IN_MIN_GAIN }, budgetShare: 1, stopThreshold: 0.95 },
  ],
  consistencyPrior: true,
};

export class PolicyError extends Error {
  override readonly name = 'PolicyError';
}

const STRATEGY_NAME = /^[a-z][a-z0-9-]*$/;
const BIN_KEYS = new Set(['strategy', 'params', 'budgetShare', 'maxSamples', 'stopThreshold', 'think']);
const PROBE_KEYS = new Set(['samples', 'think']);
const TOP_KEYS = new Set(['version', 'description', 'probe', 'difficulty', 'bins', 'stopModel', 'consistencyPrior', 'meta']);

/** Parses policy JSON text; `source` (a file name) prefixes every message. */
export function parsePolicyText(text: string, source = 'policy'): Policy {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new PolicyError(`${source} is not valid JSON: ${(error as Error).message}`);
  }
  return parsePolicy(json, source);
}

/** Validates a parsed policy; every problem is reported with its path, e.g. `bins.3.stopThreshold`. */
export function parsePolicy(json: unknown, source = 'policy'): Policy {
  const fail = (path: string, problem: string): never => {
    throw new PolicyError(`${source}: ${path} ${problem}`);
  };
  const root = asObject(json, 'the policy', fail);
  for (const key of Object.keys(root)) if (!TOP_KEYS.has(key)) fail(key, `is not a policy setting (expected ${[...TOP_KEYS].join(', ')})`);
  if (root.version !== 1) fail('version', `must be 1, got ${show(root.version)}`);
  const probe = asObject(root.probe, 'probe', fail);
  for (const key of Object.keys(probe)) if (!PROBE_KEYS.has(key)) fail(`probe.${key}`, `is not a probe setting (expected ${[...PROBE_KEYS].join(', ')})`);
  const probeSamples = integerIn(probe.samples, 'probe.samples', 1, 1_000_000, fail);
  const probeThink = probe.think === undefined ? undefined : parseThink(probe.think, 'probe.think', fail);
  const difficulty = asObject(root.difficulty, 'difficulty', fail);
  const scoreWeight = numberIn(difficulty.scoreWeight, 'difficulty.scoreWeight', 0, 1, fail);
  if (!Array.isArray(difficulty.cuts) || difficulty.cuts.length !== BIN_COUNT - 1) {
    fail('difficulty.cuts', `must be a list of ${BIN_COUNT - 1} increasing numbers in (0, 1), got ${show(difficulty.cuts)}`);
  }
  const cutsRaw = difficulty.cuts as unknown[];
  const cuts = cutsRaw.map((cut, i) => numberIn(cut, `difficulty.cuts[${i}]`, 0, 1, fail));
  for (let i = 1; i < cuts.length; i++) {
    if ((cuts[i] ?? 0) <= (cuts[i - 1] ?? 0)) fail('difficulty.cuts', `must be increasing, got ${show(cuts)}`);
  }
  const binsObject = asObject(root.bins, 'bins', fail);
  for (const key of Object.keys(binsObject)) {
    if (!/^[1-5]$/.test(key)) fail(`bins.${key}`, `is not a bin: bins are "1" (easiest) to "5" (hardest)`);
  }
  const bins = [1, 2, 3, 4, 5].map((bin) => parseBin(binsObject[String(bin)], `bins.${bin}`, fail));
  const description = root.description;
  if (description !== undefined && typeof description !== 'string') fail('description', 'must be a string');
  const meta = root.meta === undefined ? undefined : asObject(root.meta, 'meta', fail);
  const consistencyPrior = root.consistencyPrior;
  if (consistencyPrior !== undefined && typeof consistencyPrior !== 'boolean') fail('consistencyPrior', `must be true or false, got ${show(consistencyPrior)}`);
  let stopModel: StopModel | undefined;
  if (root.stopModel !== undefined) {
    try {
      stopModel = parseStopModel(root.stopModel, 'stopModel');
    } catch (error) {
      if (error instanceof StopModelError) throw new PolicyError(`${source}: ${error.message}`);
      throw error;
    }
  }
  return {
    version: 1,
    ...(typeof description === 'string' ? { description } : {}),
    probe: { samples: probeSamples, ...(probeThink ? { think: probeThink } : {}) },
    difficulty: { scoreWeight, cuts: cuts as unknown as [number, number, number, number] },
    bins: bins as unknown as Policy['bins'],
    ...(stopModel ? { stopModel } : {}),
    ...(typeof consistencyPrior === 'boolean' ? { consistencyPrior } : {}),
    ...(meta ? { meta } : {}),
  };
}

function parseBin(value: unknown, path: string, fail: (path: string, problem: string) => never): PolicyBin {
  if (value === undefined) fail(path, 'is missing: a policy needs all five bins');
  const bin = asObject(value, path, fail);
  for (const key of Object.keys(bin)) {
    if (!BIN_KEYS.has(key)) fail(`${path}.${key}`, `is not a bin setting (expected ${[...BIN_KEYS].join(', ')})`);
  }
  if (typeof bin.strategy !== 'string' || !STRATEGY_NAME.test(bin.strategy)) {
    fail(`${path}.strategy`, `must be a strategy name such as "posterior", "esc" or "beam", got ${show(bin.strategy)}`);
  }
  const params: Record<string, ParamValue> = {};
  if (bin.params !== undefined) {
    const raw = asObject(bin.params, `${path}.params`, fail);
    for (const [key, v] of Object.entries(raw)) {
      if (typeof v !== 'number' && typeof v !== 'string' && typeof v !== 'boolean') {
        fail(`${path}.params.${key}`, `must be a number, string or boolean, got ${show(v)}`);
      }
      if (typeof v === 'number' && !Number.isFinite(v)) fail(`${path}.params.${key}`, 'must be a finite number');
      params[key] = v;
    }
    // A gain of 1 or more would stop every problem at once; a value such as 5 is a percentage meant as 0.05.
    if (params.minGain !== undefined && !(typeof params.minGain === 'number' && params.minGain >= 0 && params.minGain < 1)) {
      fail(`${path}.params.minGain`, `must be a share of accuracy in [0, 1) (0.005 is half a point), got ${show(params.minGain)}`);
    }
  }
  if (bin.budgetShare === undefined && bin.maxSamples === undefined) fail(path, 'needs budgetShare (a share of the maximum) or maxSamples');
  const budgetShare = bin.budgetShare === undefined ? 1 : numberIn(bin.budgetShare, `${path}.budgetShare`, 0, 1, fail);
  const maxSamples = bin.maxSamples === undefined ? undefined : integerIn(bin.maxSamples, `${path}.maxSamples`, 1, 1_000_000, fail);
  const stopThreshold = numberIn(bin.stopThreshold, `${path}.stopThreshold`, 0, 1, fail);
  if (stopThreshold === 0) fail(`${path}.stopThreshold`, 'must be above 0');
  const think = bin.think === undefined ? undefined : parseThink(bin.think, `${path}.think`, fail);
  return { ...(think ? { think } : {}), strategy: bin.strategy, params, budgetShare, ...(maxSamples === undefined ? {} : { maxSamples }), stopThreshold };
}

function parseThink(value: unknown, path: string, fail: (path: string, problem: string) => never): PolicyThink {
  const think = asObject(value, path, fail);
  for (const key of Object.keys(think)) if (key !== 'mode' && key !== 'budget') fail(`${path}.${key}`, 'is not a think setting (expected mode, budget)');
  const mode = think.mode;
  if (typeof mode !== 'string' || !(THINK_MODES as readonly string[]).includes(mode)) fail(`${path}.mode`, `must be one of ${THINK_MODES.join(', ')}, got ${show(mode)}`);
  if (think.budget === undefined) return { mode: mode as ThinkMode };
  if (mode === 'off') fail(`${path}.budget`, 'is for thinking: with mode "off" the model does not think, so leave the budget out');
  const budget = integerIn(think.budget, `${path}.budget`, 1, 10_000_000, fail);
  return { mode: mode as ThinkMode, budget };
}

/** Short text for decisions and tables: `no thinking`, `thinking (budget 1024)`, `thinking "low"`. */
export function describeThink(think: PolicyThink | undefined): string {
  if (!think) return 'the run\'s own thinking setting';
  if (think.mode === 'off') return 'no thinking';
  const level = think.mode === 'on' ? 'thinking' : `thinking "${think.mode}"`;
  return think.budget === undefined ? level : `${level} (budget ${think.budget} tokens per sample)`;
}

/** Two think settings are the same (both absent counts as the same). */
export function sameThink(a: PolicyThink | undefined, b: PolicyThink | undefined): boolean {
  return a?.mode === b?.mode && a?.budget === b?.budget;
}

/** The policy as JSON text, bins keyed "1".."5" (the form parsePolicyText reads). */
export function serializePolicy(policy: Policy): string {
  const bins: Record<string, PolicyBin> = {};
  policy.bins.forEach((bin, i) => {
    bins[String(i + 1)] = bin;
  });
  return `${JSON.stringify({ ...policy, bins }, null, 2)}\n`;
}

/** Samples the probe takes under a maximum: the policy's size, but never more than half the maximum. */
export function probeSize(policy: Policy, maxSamples: number): number {
  return Math.max(1, Math.min(policy.probe.samples, Math.floor(maxSamples / 2)));
}

/**
 * The cap for a bin's vote under the user's maximum: the `inherited` probe samples it counts (0 for a bin
 * that votes over its own samples only), plus its share of what the probe left (rounded up); then its own
 * cap; at least the inherited samples and one; at most the maximum. The share is of what the probe left, as
 * a step-level bin's token ceiling is: a share of the whole maximum gave a bin whose share is smaller than
 * the probe nothing of its own — at a maximum of 16 or less the former built-in's hardest bin (a quarter)
 * stopped at the probe, without one sample more, however answerable the problem.
 */
export function binCap(bin: PolicyBin, maxSamples: number, inherited: number): number {
  let cap = inherited + Math.ceil(bin.budgetShare * Math.max(0, maxSamples - inherited) - 1e-9);
  if (bin.maxSamples !== undefined) cap = Math.min(cap, bin.maxSamples);
  return Math.min(maxSamples, Math.max(inherited, 1, cap));
}

function asObject(value: unknown, path: string, fail: (path: string, problem: string) => never): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, `must be an object, got ${show(value)}`);
  return value as Record<string, unknown>;
}

function numberIn(value: unknown, path: string, low: number, high: number, fail: (path: string, problem: string) => never): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < low || value > high) {
    fail(path, `must be a number in [${low}, ${high}], got ${show(value)}`);
  }
  return value;
}

function integerIn(value: unknown, path: string, low: number, high: number, fail: (path: string, problem: string) => never): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < low || value > high) {
    fail(path, `must be a whole number from ${low} to ${high}, got ${show(value)}`);
  }
  return value;
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
