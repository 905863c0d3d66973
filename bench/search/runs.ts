// What bench/search.ts runs on each problem, and what it keeps of each run. Every run is a real
// `solve` on the simulated reasoner. Majority vote and weighted best-of-N are run once at their largest N
// and read at every smaller N from the first k samples: sample i depends only on seed + i, so the first k
// samples of one run are exactly what a run with N = k draws (and their tokens are what it spends).
import { answersEquivalent } from '../../src/engine/answers';
import { SimulatedModel } from '../../src/engine/model/sim/simulated-model';
import type { GeneratedProblem } from '../../src/engine/model/sim/problems';
import { clusterAnswers } from '../../src/engine/answers';
import { solve } from '../../src/engine/solve';
import type { SolveOptions, SolveResult } from '../../src/engine/solve';
import { DEFAULT_POLICY } from '../../src/engine/stopping/policy';
import type { Policy, PolicyBin } from '../../src/engine/stopping/policy';

export const TEMPERATURE = 0.7;
export const MAX_TOKENS_PER_SAMPLE = 512;
export const MAJORITY_NS = [1, 2, 4, 8, 16, 32, 64] as const;
export const WEIGHTED_NS = [1, 2, 4, 8, 16] as const;

/** One configuration's outcome on one problem. */
export interface Outcome {
  readonly correct: boolean;
  /** Generated tokens, verification included (the budget's unit). */
  readonly tokens: number;
  /** Adaptive runs: the estimated difficulty bin and the whole samples drawn. */
  readonly bin?: number;
}

export interface ProblemRecord {
  readonly id: string;
  readonly level: number;
  /** Share of the 64 majority samples that are right (the oracle difficulty of Snell et al.). */
  readonly passAt1: number;
  readonly runs: Record<string, Outcome>;
}

const BEAM_BIN: PolicyBin = { strategy: 'beam', params: { beamWidth: 8, expansions: 4 }, budgetShare: 0.5, stopThreshold: 0.95 };

/**
 * The default policy with its difficulty cuts calibrated to the simulated reasoner (quintiles of the probe's
 * estimate on problems of a development seed, see calibration.ts), so each estimated bin holds about a fifth
 * of the problems; and the same with beam search (N = 8, M = 4) in the two hardest bins, to see whether
 * beam search pays where the probe finds a problem hard.
 */
function calibratedPolicies(cuts: Policy['difficulty']['cuts']): { calibrated: Policy; beamHard: Policy } {
  const calibrated: Policy = { ...DEFAULT_POLICY, description: 'default bins, calibrated cuts', difficulty: { ...DEFAULT_POLICY.difficulty, cuts } };
  const beamHard: Policy = {
    ...calibrated,
    description: 'calibrated cuts, beam search (N=8, M=4) in bins 4 and 5',
    bins: [DEFAULT_POLICY.bins[0], DEFAULT_POLICY.bins[1], DEFAULT_POLICY.bins[2], BEAM_BIN, BEAM_BIN],
  };
  return { calibrated, beamHard };
}

const DVTS_BIN = (n: number): PolicyBin => ({ strategy: 'dvts', params: {}, budgetShare: 1, maxSamples: n, stopThreshold: 0.95 });
/** DVTS where the probe finds a problem hard (N = 8 in bin 3, 16 in bins 4–5); the probe's samples join its vote. */
export const DVTS_HARD_POLICY: Policy = {
  ...DEFAULT_POLICY,
  description: 'default bins, DVTS in bins 3–5',
  bins: [DEFAULT_POLICY.bins[0], DEFAULT_POLICY.bins[1], DVTS_BIN(8), DVTS_BIN(16), DVTS_BIN(16)],
};

export interface Config {
  readonly id: string;
  readonly options: Partial<SolveOptions>;
}

/** The solve-level configurations, by id; `cuts` are the calibrated difficulty cuts. */
export function configsFor(cuts: Policy['difficulty']['cuts']): Config[] {
  const { calibrated, beamHard } = calibratedPolicies(cuts);
  return [
    { id: 'beam N=4', options: { strategy: 'beam', samples: 4 } },
    { id: 'beam N=8', options: { strategy: 'beam', samples: 8 } },
    { id: 'beam N=16', options: { strategy: 'beam', samples: 16 } },
    { id: 'dvts N=8', options: { strategy: 'dvts', samples: 8 } },
    { id: 'dvts N=16', options: { strategy: 'dvts', samples: 16 } },
    { id: 'lookahead N=4 k=2', options: { strategy: 'lookahead', samples: 4, lookahead: 2 } },
    { id: 'revisions 2×4 verifier', options: { strategy: 'revisions', revisionChains: 2, revisionLength: 4, revisionSelect: 'verifier' } },
    { id: 'revisions 2×4 vote', options: { strategy: 'revisions', revisionChains: 2, revisionLength: 4, revisionSelect: 'vote' } },
    { id: 'adaptive N≤16', options: { strategy: 'adaptive', samples: 16 } },
    { id: 'adaptive N≤64', options: { strategy: 'adaptive', samples: 64 } },
    { id: 'adaptive N≤16, calibrated cuts', options: { strategy: 'adaptive', samples: 16, policy: calibrated } },
    { id: 'adaptive N≤64, calibrated cuts', options: { strategy: 'adaptive', samples: 64, policy: calibrated } },
    { id: 'adaptive N≤64, calibrated, beam in bins 4–5', options: { strategy: 'adaptive', samples: 64, policy: beamHard } },
    { id: 'adaptive N≤64, DVTS in bins 3–5', options: { strategy: 'adaptive', samples: 64, policy: DVTS_HARD_POLICY } },
  ];
}

export const model = new SimulatedModel();

export async function runProblem(problem: GeneratedProblem, index: number, seed: number, configs: readonly Config[]): Promise<ProblemRecord> {
  const base = (offset: number): Partial<SolveOptions> => ({
    model,
    temperature: TEMPERATURE,
    maxTokensPerSample: MAX_TOKENS_PER_SAMPLE,
    parallelism: 4,
    seed: seed * 1_000_003 + index * 10_007 + offset,
    runId: `${problem.id}-${offset}`,
  });
  const right = (answer: string | undefined): boolean => answer !== undefined && answersEquivalent(answer, problem.gold);
  const runs: Record<string, Outcome> = {};

  // Majority@k for every k from one run of 64 samples, and the oracle difficulty from the same samples.
  const majority = await solve(problem.problem, { ...base(0), strategy: 'majority', samples: 64 } as SolveOptions);
  const chains = chainsOf(majority);
  for (const k of MAJORITY_NS) runs[`majority N=${k}`] = voteOver(chains.slice(0, k), right, false);
  const passAt1 = chains.filter((c) => c.answer !== undefined && right(c.answer)).length / Math.max(1, chains.length);

  // Weighted best-of-k for every k from one run of 16 (the same seeds: its chains are the first 16 above).
  const weighted = await solve(problem.problem, { ...base(0), strategy: 'weighted', samples: 16 } as SolveOptions);
  const scored = chainsOf(weighted);
  for (const k of WEIGHTED_NS) runs[`weighted N=${k}`] = voteOver(scored.slice(0, k), right, true);

  for (const [i, config] of configs.entries()) {
    // Common random numbers: every configuration draws from the same seed, so whole samples i are the same
    // text in every strategy that draws them (adaptive's probe is majority's first samples) and the
    // comparisons between configurations are paired, not blurred by independent sampling noise.
    const result = await solve(problem.problem, { ...base(0), runId: `${problem.id}-${100 + i}`, ...config.options } as SolveOptions);
    const bin = result.tree.decisions.find((d) => d.kind === 'difficulty')?.data?.bin;
    runs[config.id] = { correct: right(result.answer), tokens: result.usage.generatedTokens, ...(typeof bin === 'number' ? { bin } : {}) };
  }
  return { id: problem.id, level: problem.difficulty, passAt1, runs };
}

interface Chain {
  readonly sample: number;
  readonly answer: string | undefined;
  readonly score: number;
  /** Everything generated for this sample: the chain and its verification. */
  readonly tokens: number;
}

/** The samples of a best-of-N run in sample order, each with its answer, chain score and tokens. */
function chainsOf(result: SolveResult): Chain[] {
  const bySample = new Map<number, { answer?: string; score: number; tokens: number }>();
  for (const node of result.tree.nodes) {
    if (node.sample === undefined) continue;
    const entry = bySample.get(node.sample) ?? { score: 0, tokens: 0 };
    entry.tokens += node.usage.generatedTokens;
    if (node.kind === 'answer' && node.answer) {
      entry.answer = node.answer;
      entry.score = node.score ?? 0;
    }
    bySample.set(node.sample, entry);
  }
  return [...bySample.entries()].sort((a, b) => a[0] - b[0]).map(([sample, e]) => ({ sample, answer: e.answer, score: e.score, tokens: e.tokens }));
}

/** Majority (or score-weighted) vote over `chains`, ties to the answer seen first, as the engine's tally. */
function voteOver(chains: readonly Chain[], right: (answer: string | undefined) => boolean, weighted: boolean): Outcome {
  const tokens = chains.reduce((sum, c) => sum + c.tokens, 0);
  const votes = chains.filter((c) => c.answer !== undefined);
  if (votes.length === 0) return { correct: false, tokens };
  const total = votes.reduce((s, c) => s + c.score, 0);
  const byWeight = weighted && total > 0;
  const clusters = clusterAnswers(
    votes.map((c) => ({ answer: c.answer as string, id: String(c.sample), weight: byWeight ? c.score : 1 })),
    { equivalent: answersEquivalent },
  );
  return { correct: right(clusters[0]?.representative), tokens };
}
