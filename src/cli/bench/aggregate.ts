// From per-problem sums to the records of results.json: one per dataset × strategy × budget.
import type { ParamValue } from '../../engine/stopping/policy';
import type { StopReason } from '../../engine/stopping/types';
import type { UnitResult } from './cells';
import { STOP_REASONS } from './cells';
import type { DatasetPlan } from './run';
import { bootstrapInterval, mean, round } from './stats';

export interface BinSummary {
  readonly bin: number;
  /** Share of (problem, repeat) runs the probe put in this bin. */
  readonly share: number;
  readonly accuracy: number;
  readonly meanSamples: number;
}

export interface LevelSummary {
  readonly level: number;
  readonly problems: number;
  readonly accuracy: number;
  readonly meanSamples: number;
  readonly meanTokens: number;
}

export interface BenchRecord {
  readonly dataset: string;
  readonly backend: string;
  readonly strategy: string;
  readonly params: Readonly<Record<string, ParamValue>>;
  /** Unique within a dataset, e.g. `esc:4`. */
  readonly id: string;
  readonly label: string;
  /** The maximum samples per problem the strategy was allowed. */
  readonly budget: number;
  /** Fraction correct, averaged over problems and repeats. */
  readonly accuracy: number;
  readonly ci95: [number, number];
  readonly meanSamples: number;
  readonly meanTokens: number;
  /**
   * Mean samples as a multiple of the oracle's at the same budget (the fewest any stopping rule can draw
   * at majority's accuracy; see engine/stopping/oracle.ts); null where the oracle drew none.
   */
  readonly timesOracle: number | null;
  /** Mean generation wall time per problem (ms), where samples were timed (live backends); null otherwise. */
  readonly meanWallMs: number | null;
  readonly repeats: number;
  readonly problems: number;
  /** Share of runs that stopped for each reason. */
  readonly stops: Readonly<Partial<Record<StopReason, number>>>;
  /** Ponder adaptive: how the probe binned the runs and how each bin did. */
  readonly bins?: BinSummary[];
  /** Per difficulty level, where the data has levels. */
  readonly levels?: LevelSummary[];
}

export function aggregate(plan: DatasetPlan, units: readonly UnitResult[], options: { backend: string; repeats: number; seed: number; timed: boolean }): BenchRecord[] {
  const records: BenchRecord[] = [];
  const { budgets, strategies, dataset } = plan;
  const oracle = oracleSamples(plan, units);
  strategies.forEach((spec, s) => {
    budgets.forEach((budget, b) => {
      const index = s * budgets.length + b;
      const cells = units.map((u) => u.cells[index]).filter((c) => c !== undefined);
      const perProblem = cells.map((c) => (c.runs === 0 ? 0 : c.correct / c.runs));
      const runs = cells.reduce((sum, c) => sum + c.runs, 0);
      const total = (pick: (c: (typeof cells)[number]) => number): number => cells.reduce((sum, c) => sum + pick(c), 0);
      const [low, high] = bootstrapInterval(perProblem, options.seed, dataset.name, spec.id, budget);
      const stops: Partial<Record<StopReason, number>> = {};
      STOP_REASONS.forEach((reason, i) => {
        const n = total((c) => c.stops[i] ?? 0);
        if (n > 0) stops[reason] = round(n / runs, 4);
      });
      records.push({
        dataset: dataset.name,
        backend: options.backend,
        strategy: spec.strategy,
        params: spec.params,
        id: spec.id,
        label: spec.label,
        budget,
        accuracy: round(mean(perProblem)),
        ci95: [round(low), round(high)],
        meanSamples: round(total((c) => c.samples) / runs, 4),
        meanTokens: round(total((c) => c.tokens) / runs, 2),
        timesOracle: timesOracle(total((c) => c.samples) / runs, oracle[b]),
        meanWallMs: options.timed ? round(total((c) => c.wallMs) / runs, 1) : null,
        repeats: options.repeats,
        problems: cells.length,
        stops,
        ...(spec.strategy === 'adaptive' ? { bins: binSummaries(cells, runs) } : {}),
        ...levelPart(units, index),
      });
    });
  });
  return records;
}

function timesOracle(samples: number, oracle: number | undefined): number | null {
  return oracle === undefined ? null : round(samples / oracle, 3);
}

/** The oracle's mean samples per budget index (undefined where the plan has no oracle or it drew nothing). */
function oracleSamples(plan: DatasetPlan, units: readonly UnitResult[]): (number | undefined)[] {
  const s = plan.strategies.findIndex((spec) => spec.strategy === 'oracle');
  return plan.budgets.map((_, b) => {
    if (s < 0) return undefined;
    const cells = units.map((u) => u.cells[s * plan.budgets.length + b]).filter((c) => c !== undefined);
    const runs = cells.reduce((sum, c) => sum + c.runs, 0);
    const samples = cells.reduce((sum, c) => sum + c.samples, 0);
    return runs > 0 && samples > 0 ? samples / runs : undefined;
  });
}

function binSummaries(cells: readonly UnitResult['cells'][number][], runs: number): BinSummary[] {
  const out: BinSummary[] = [];
  for (let bin = 0; bin < 5; bin++) {
    let n = 0;
    let correct = 0;
    let samples = 0;
    for (const c of cells) {
      const row = c.bins?.[bin];
      n += row?.[0] ?? 0;
      correct += row?.[1] ?? 0;
      samples += row?.[2] ?? 0;
    }
    out.push({ bin: bin + 1, share: round(n / runs, 4), accuracy: n === 0 ? 0 : round(correct / n), meanSamples: n === 0 ? 0 : round(samples / n, 4) });
  }
  return out;
}

function levelPart(units: readonly UnitResult[], index: number): { levels?: LevelSummary[] } {
  const levels = [...new Set(units.map((u) => u.level).filter((l): l is number => l !== undefined))].sort((a, b) => a - b);
  if (levels.length === 0) return {};
  return {
    levels: levels.map((level) => {
      const cells = units.filter((u) => u.level === level).map((u) => u.cells[index]).filter((c) => c !== undefined);
      const runs = cells.reduce((sum, c) => sum + c.runs, 0);
      return {
        level,
        problems: cells.length,
        accuracy: round(mean(cells.map((c) => (c.runs === 0 ? 0 : c.correct / c.runs)))),
        meanSamples: round(cells.reduce((sum, c) => sum + c.samples, 0) / Math.max(1, runs), 4),
        meanTokens: round(cells.reduce((sum, c) => sum + c.tokens, 0) / Math.max(1, runs), 2),
      };
    }),
  };
}
