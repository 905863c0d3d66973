// Fitting the stopping model (stop-model.ts) to recorded runs: weighted logistic regression by Newton's
// method (a handful of features, so each step is one small linear solve), with a light ridge so that a
// feature that never varies in the data (no verifier scores, no confidence) keeps a weight of 0. The label
// of a run after k samples is the oracle's: is the leader of the first k majority@cap's answer? Then the
// threshold: the lowest one at which stopping costs at most `tolerance` of accuracy against majority@cap on
// every set fitted. Nothing here sees data it is not given: the caller decides what is held out.
import { leaderIsFinal } from './oracle';
import type { StopFeature, StopModel } from './stop-model';
import { predictFromFeatures, STOP_FEATURES, stopFeatures } from './stop-model';
import { VoteTally } from './tally';

/** One order of one problem's samples. */
export interface StopRun {
  readonly keys: readonly (string | null)[];
  readonly scores: readonly (number | null)[];
  readonly confidences: readonly (number | null)[];
  readonly tokens: readonly number[];
  readonly correct: readonly boolean[];
}

/** The runs of one recorded set: per problem, its orders; and the caps to learn at. */
export interface StopTrainingSet {
  readonly name: string;
  readonly problems: readonly (readonly StopRun[])[];
  readonly caps: readonly number[];
}

export const THRESHOLDS = [0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.98, 0.99, 0.995] as const;

/** Per k = 1..cap−1: the features, the label, and whether the remaining samples could no longer change the winner. */
export function traceRun(run: StopRun, cap: number): { features: number[][]; labels: boolean[]; decided: boolean[] } {
  const n = Math.min(cap, run.keys.length);
  const labels = leaderIsFinal(run.keys.slice(0, n));
  const tally = new VoteTally();
  const features: number[][] = [];
  const decided: boolean[] = [];
  for (let k = 1; k < n; k++) {
    tally.add(run.keys[k - 1] ?? null, run.scores[k - 1] ?? null, run.tokens[k - 1] ?? 0, run.confidences[k - 1] ?? null);
    features.push(stopFeatures(tally, n));
    const [leader, runnerUp] = tally.topTwo();
    const gap = (leader?.votes ?? 0) - ((runnerUp?.votes ?? 0) + (n - k));
    decided.push(leader !== undefined && (gap > 0 || (gap === 0 && (!runnerUp || leader.first < runnerUp.first))));
  }
  return { features, labels: labels.slice(0, n - 1), decided };
}

/**
 * Fits the weights. Every set weighs the same in total, every cap the same within a set, every run the
 * same within a cap, so a set with many problems or long runs does not drown the others.
 */
export function fitStopModel(sets: readonly StopTrainingSet[], options: { ridge?: number; iterations?: number } = {}): StopModel {
  const rows: number[][] = [];
  const ys: number[] = [];
  const ws: number[] = [];
  for (const set of sets) {
    const caps = set.caps.filter((c) => c >= 2);
    for (const cap of caps) {
      const runs = set.problems.flat();
      for (const run of runs) {
        const trace = traceRun(run, cap);
        const weight = 1 / (sets.length * caps.length * runs.length * Math.max(1, trace.features.length));
        trace.features.forEach((x, i) => {
          rows.push(x);
          ys.push(trace.labels[i] ? 1 : 0);
          ws.push(weight);
        });
      }
    }
  }
  const d = STOP_FEATURES.length + 1;
  const beta = new Array<number>(d).fill(0);
  const ridge = options.ridge ?? 1e-4;
  for (let iteration = 0; iteration < (options.iterations ?? 30); iteration++) {
    const grad = new Array<number>(d).fill(0);
    const hess = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    for (let r = 0; r < rows.length; r++) {
      const x = [1, ...(rows[r] as number[])];
      let z = 0;
      for (let j = 0; j < d; j++) z += (beta[j] as number) * (x[j] as number);
      const p = 1 / (1 + Math.exp(-z));
      const w = ws[r] as number;
      const g = w * (p - (ys[r] as number));
      const h = w * Math.max(p * (1 - p), 1e-9);
      for (let i = 0; i < d; i++) {
        grad[i] = (grad[i] as number) + g * (x[i] as number);
        const row = hess[i] as number[];
        for (let j = 0; j <= i; j++) row[j] = (row[j] as number) + h * (x[i] as number) * (x[j] as number);
      }
    }
    for (let i = 0; i < d; i++) {
      const row = hess[i] as number[];
      for (let j = 0; j < i; j++) (hess[j] as number[])[i] = row[j] as number;
      // The intercept is not shrunk.
      if (i > 0) {
        row[i] = (row[i] as number) + ridge;
        grad[i] = (grad[i] as number) + ridge * (beta[i] as number);
      }
    }
    const step = solve(hess, grad);
    let largest = 0;
    for (let j = 0; j < d; j++) {
      beta[j] = (beta[j] as number) - (step[j] as number);
      largest = Math.max(largest, Math.abs(step[j] as number));
    }
    if (largest < 1e-7) break;
  }
  return { features: [...STOP_FEATURES] as StopFeature[], weights: beta.slice(1).map(roundWeight), intercept: roundWeight(beta[0] as number) };
}

/** Where a run stops under `model` at `threshold` (the learned rule's logic, on a trace). */
export function stopIndex(probabilities: readonly number[], decided: readonly boolean[], threshold: number, cap: number): number {
  for (let i = 0; i < probabilities.length; i++) if (decided[i] || (probabilities[i] as number) >= threshold) return i + 1;
  return cap;
}

/** Accuracy lost against majority@cap and mean samples, per threshold, on one set at one cap. */
export function thresholdEffects(model: StopModel, set: StopTrainingSet, cap: number): { threshold: number; loss: number; samples: number }[] {
  const perThreshold = THRESHOLDS.map((threshold) => ({ threshold, loss: 0, samples: 0 }));
  let runs = 0;
  for (const orders of set.problems) {
    for (const run of orders) {
      const n = Math.min(cap, run.keys.length);
      const trace = traceRun(run, n);
      const probabilities = trace.features.map((x) => predictFromFeatures(model, x));
      const final = correctAt(run, n);
      runs += 1;
      perThreshold.forEach((t) => {
        const k = stopIndex(probabilities, trace.decided, t.threshold, n);
        t.samples += k;
        t.loss += (final ? 1 : 0) - (correctAt(run, k) ? 1 : 0);
      });
    }
  }
  return perThreshold.map((t) => ({ threshold: t.threshold, loss: t.loss / Math.max(1, runs), samples: t.samples / Math.max(1, runs) }));
}

/**
 * The lowest threshold at which, at each set's largest cap, the accuracy lost against majority@cap is at
 * most `tolerance` averaged over the sets and at most twice that on any one set. (One problem of a
 * hundred over two orders is already half a point: a per-set bound alone would be set by chance.)
 */
export function chooseThreshold(model: StopModel, sets: readonly StopTrainingSet[], tolerance: number): number {
  const effects = sets.map((set) => thresholdEffects(model, set, Math.max(...set.caps)));
  for (let i = 0; i < THRESHOLDS.length; i++) {
    const losses = effects.map((e) => e[i]?.loss ?? 1);
    const meanLoss = losses.reduce((s, x) => s + x, 0) / Math.max(1, losses.length);
    if (meanLoss <= tolerance + 1e-12 && losses.every((x) => x <= 2 * tolerance + 1e-12)) return THRESHOLDS[i] as number;
  }
  return THRESHOLDS[THRESHOLDS.length - 1] as number;
}

/** Whether the majority answer of the first k samples (ties: first seen) is correct. */
function correctAt(run: StopRun, k: number): boolean {
  const tally = new VoteTally();
  for (let i = 0; i < k; i++) tally.add(run.keys[i] ?? null, null, 0);
  const answer = tally.majority();
  if (answer === null) return false;
  for (let i = 0; i < k; i++) if (run.keys[i] === answer) return run.correct[i] ?? false;
  return false;
}

/** Solves A x = b (A symmetric positive definite, small) by Gaussian elimination with partial pivoting. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i] as number]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs((m[r] as number[])[c] as number) > Math.abs((m[pivot] as number[])[c] as number)) pivot = r;
    [m[c], m[pivot]] = [m[pivot] as number[], m[c] as number[]];
    const top = m[c] as number[];
    const diag = top[c] as number;
    if (Math.abs(diag) < 1e-15) continue;
    for (let r = c + 1; r < n; r++) {
      const row = m[r] as number[];
      const f = (row[c] as number) / diag;
      if (f === 0) continue;
      for (let j = c; j <= n; j++) row[j] = (row[j] as number) - f * (top[j] as number);
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    const row = m[r] as number[];
    let s = row[n] as number;
    for (let j = r + 1; j < n; j++) s -= (row[j] as number) * (x[j] as number);
    const diag = row[r] as number;
    x[r] = Math.abs(diag) < 1e-15 ? 0 : s / diag;
  }
  return x;
}

function roundWeight(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
