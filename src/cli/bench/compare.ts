// The comparison a run exists for: does Ponder adaptive reach the accuracy of majority@max (within half a
// point) with fewer samples than the early-stopping baselines (ESC, the Beta rule) at that accuracy?
// Two readings, both reported:
// - at the same maximum (as the ESC and Adaptive-Consistency papers compare): every strategy may draw up
//   to the largest budget; among the baselines that stay within the tolerance, the one drawing fewest;
// - at equal accuracy across budgets: for every strategy its cheapest row (any budget) within the
//   tolerance, so a baseline run with a smaller maximum counts too. Stricter where accuracy saturates early.
// All strategies read the same sample orders, so the ratios are paired.
import type { BenchRecord } from './aggregate';

/** Half a percentage point. */
export const ACCURACY_TOLERANCE = 0.005;

export interface ComparedRow {
  readonly id: string;
  readonly label: string;
  readonly budget: number;
  readonly accuracy: number;
  readonly meanSamples: number;
  readonly meanTokens: number;
  readonly timesOracle: number | null;
}

export interface Reading {
  /** Adaptive's row for this reading, when it is within the tolerance. */
  readonly adaptive?: ComparedRow;
  /** The baselines within the tolerance (one row per strategy). */
  readonly baselines: ComparedRow[];
  readonly bestBaseline?: ComparedRow;
  /** Samples of the best baseline ÷ samples of adaptive (> 1: adaptive draws fewer). */
  readonly sampleRatio?: number;
  readonly tokenRatio?: number;
  /** Adaptive within the tolerance and drawing fewer samples than every baseline within it. */
  readonly adaptiveWins: boolean;
}

export interface Comparison {
  readonly dataset: string;
  readonly maxBudget: number;
  /** majority@max. */
  readonly target?: ComparedRow;
  readonly adaptiveAtMax?: ComparedRow;
  readonly sameMaximum?: Reading;
  readonly equalAccuracy?: Reading;
  /** Samples of majority@max ÷ samples of adaptive at the maximum. */
  readonly ratioVsMajority?: number;
  /** The oracle at the maximum: the fewest samples any stopping rule can draw at majority@max's accuracy. */
  readonly oracle?: ComparedRow;
  readonly statement: string;
}

export function compare(dataset: string, records: readonly BenchRecord[], tolerance = ACCURACY_TOLERANCE): Comparison {
  const rows = records.filter((r) => r.dataset === dataset);
  const maxBudget = Math.max(0, ...rows.map((r) => r.budget));
  const target = rows.find((r) => r.strategy === 'majority' && r.budget === maxBudget);
  // The headline is Ponder adaptive as configured; ablations such as adaptive(vote=majority) are rows of their own.
  const adaptiveId = rows.some((r) => r.id === 'adaptive') ? 'adaptive' : rows.find((r) => r.strategy === 'adaptive')?.id;
  const adaptiveRows = rows.filter((r) => r.id === adaptiveId);
  const adaptiveAtMax = adaptiveRows.find((r) => r.budget === maxBudget);
  if (!target || !adaptiveAtMax) {
    return { dataset, maxBudget, statement: 'The comparison needs majority and Ponder adaptive at the largest budget.' };
  }
  const floor = target.accuracy - tolerance - 1e-12;
  const reaches = (r: BenchRecord): boolean => r.accuracy >= floor;
  const cheapest = (candidates: readonly BenchRecord[]): BenchRecord | undefined =>
    candidates.filter(reaches).sort((a, b) => a.meanSamples - b.meanSamples || a.budget - b.budget)[0];
  const baselineIds = [...new Set(rows.filter((r) => r.strategy === 'esc' || r.strategy === 'beta').map((r) => r.id))];
  const reading = (adaptive: BenchRecord | undefined, pick: (id: string) => BenchRecord | undefined): Reading => {
    const baselines = baselineIds.map(pick).filter((r): r is BenchRecord => r !== undefined).map(toRow);
    const bestBaseline = [...baselines].sort((a, b) => a.meanSamples - b.meanSamples)[0];
    const base = { baselines, ...(bestBaseline ? { bestBaseline } : {}) };
    if (!adaptive) return { ...base, adaptiveWins: false };
    const sampleRatio = bestBaseline ? bestBaseline.meanSamples / adaptive.meanSamples : undefined;
    const tokenRatio = bestBaseline ? bestBaseline.meanTokens / adaptive.meanTokens : undefined;
    return {
      ...base,
      adaptive: toRow(adaptive),
      ...(sampleRatio === undefined ? {} : { sampleRatio }),
      ...(tokenRatio === undefined ? {} : { tokenRatio }),
      adaptiveWins: sampleRatio === undefined || sampleRatio > 1,
    };
  };
  const sameMaximum = reading(reaches(adaptiveAtMax) ? adaptiveAtMax : undefined, (id) => cheapest(rows.filter((r) => r.id === id && r.budget === maxBudget)));
  const equalAccuracy = reading(cheapest(adaptiveRows), (id) => cheapest(rows.filter((r) => r.id === id)));
  const ratioVsMajority = target.meanSamples / adaptiveAtMax.meanSamples;
  const oracle = rows.find((r) => r.strategy === 'oracle' && r.budget === maxBudget);
  const statement = statementOf(maxBudget, target, adaptiveAtMax, sameMaximum, equalAccuracy, ratioVsMajority);
  return {
    dataset,
    maxBudget,
    target: toRow(target),
    adaptiveAtMax: toRow(adaptiveAtMax),
    sameMaximum,
    equalAccuracy,
    ratioVsMajority,
    ...(oracle ? { oracle: toRow(oracle) } : {}),
    statement: oracle && adaptiveAtMax.timesOracle !== null ? `${statement} ${oracleText(maxBudget, adaptiveAtMax, oracle)}` : statement,
  };
}

function statementOf(max: number, target: BenchRecord, atMax: BenchRecord, same: Reading, equal: Reading, vsMajority: number): string {
  const parts: string[] = [];
  const head = `majority@${max}: ${pct(target.accuracy)}`;
  if (same.adaptive) {
    parts.push(
      `At the same maximum of ${max} samples, Ponder adaptive scores ${pct(atMax.accuracy)} (${head}) with ${atMax.meanSamples.toFixed(2)} samples per problem, ${vsMajority.toFixed(2)}× fewer than majority@${max}` +
        (same.bestBaseline
          ? `; the cheapest baseline within ${ACCURACY_TOLERANCE * 100} points, ${same.bestBaseline.label}, draws ${same.bestBaseline.meanSamples.toFixed(2)}: ${ratioText(same.sampleRatio)}.`
          : `; no baseline stays within ${ACCURACY_TOLERANCE * 100} points at this maximum.`),
    );
  } else {
    parts.push(`At the same maximum of ${max} samples, Ponder adaptive scores ${pct(atMax.accuracy)}, more than ${ACCURACY_TOLERANCE * 100} points below ${head} (${atMax.meanSamples.toFixed(2)} samples per problem).`);
  }
  if (equal.adaptive) {
    parts.push(
      `At equal accuracy across budgets, adaptive's cheapest row within ${ACCURACY_TOLERANCE * 100} points is budget ${equal.adaptive.budget} (${pct(equal.adaptive.accuracy)}, ${equal.adaptive.meanSamples.toFixed(2)} samples)` +
        (equal.bestBaseline
          ? ` against ${equal.bestBaseline.label} at budget ${equal.bestBaseline.budget} (${pct(equal.bestBaseline.accuracy)}, ${equal.bestBaseline.meanSamples.toFixed(2)} samples): ${ratioText(equal.sampleRatio)}.`
          : '; no baseline reaches that accuracy at any budget.'),
    );
  } else {
    parts.push(`At equal accuracy across budgets, adaptive is never within ${ACCURACY_TOLERANCE * 100} points of ${head}.`);
  }
  return parts.join(' ');
}

function oracleText(max: number, atMax: BenchRecord, oracle: BenchRecord): string {
  return `The oracle (perfect stopping, knowing majority@${max}'s answer) needs ${oracle.meanSamples.toFixed(2)} samples per problem: Ponder adaptive draws ${(atMax.timesOracle ?? 0).toFixed(2)}× the oracle's.`;
}

function ratioText(ratio: number | undefined): string {
  if (ratio === undefined) return 'no ratio';
  return ratio >= 1 ? `adaptive draws ${ratio.toFixed(2)}× fewer samples` : `adaptive draws ${(1 / ratio).toFixed(2)}× more samples`;
}

function toRow(r: BenchRecord): ComparedRow {
  return { id: r.id, label: r.label, budget: r.budget, accuracy: r.accuracy, meanSamples: r.meanSamples, meanTokens: r.meanTokens, timesOracle: r.timesOracle };
}

function pct(x: number): string {
  return `${(x * 100).toFixed(2)}%`;
}
