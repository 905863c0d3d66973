// Per-problem sums of what each strategy × budget did over the repeats: the unit a run checkpoints and
// the raw material of every table.
import type { StopReason } from '../../engine/stopping/types';
import type { DrawnSample, StreamOutcome } from './streams';

export const STOP_REASONS: readonly StopReason[] = ['budget', 'window', 'confident', 'decided', 'hopeless'];

export interface CellSums {
  runs: number;
  correct: number;
  samples: number;
  tokens: number;
  wallMs: number;
  /** Runs per stop reason, in STOP_REASONS order. */
  stops: number[];
  /** Adaptive only: per estimated bin 1..5, [runs, correct, samples]. */
  bins?: number[][];
}

export interface UnitResult {
  readonly problemId: string;
  readonly level?: number;
  /** Index: strategy × budgets.length + budget. */
  readonly cells: CellSums[];
  /** Live backends: the samples drawn per repeat, so a resumed run or a policy fit never pays for them twice. */
  readonly drawn?: DrawnSample[][];
  /**
   * What adaptive cells under a consistency prior recorded into it, per cell and repeat: a resumed run
   * replays these into its priors so it continues exactly where it stopped.
   */
  readonly consistency?: ConsistencyRecord[];
  /**
   * Live backends, a policy with think settings: the samples its probe and bins drew for this problem from
   * streams other than the dataset's own (another --think-budgets copy, or a setting sampled itself), so a
   * resumed run reads them instead of drawing them again.
   */
  readonly thinkDrawn?: ThinkDrawn[];
}

export interface ThinkDrawn {
  readonly dataset: string;
  readonly repeat: number;
  readonly samples: DrawnSample[];
}

export interface ConsistencyRecord {
  readonly cell: number;
  readonly repeat: number;
  readonly distinct: number;
  readonly samples: number;
}

export function emptyCell(adaptive: boolean): CellSums {
  return {
    runs: 0,
    correct: 0,
    samples: 0,
    tokens: 0,
    wallMs: 0,
    stops: STOP_REASONS.map(() => 0),
    ...(adaptive ? { bins: [0, 1, 2, 3, 4].map(() => [0, 0, 0]) } : {}),
  };
}

export function addOutcome(cell: CellSums, outcome: StreamOutcome): void {
  cell.runs += 1;
  cell.correct += outcome.correct ? 1 : 0;
  cell.samples += outcome.samples;
  cell.tokens += outcome.tokens;
  cell.wallMs += outcome.wallMs;
  const stop = STOP_REASONS.indexOf(outcome.stop);
  if (stop >= 0) cell.stops[stop] = (cell.stops[stop] ?? 0) + 1;
  if (cell.bins && outcome.bin !== undefined) {
    const bin = cell.bins[outcome.bin - 1];
    if (bin) {
      bin[0] = (bin[0] ?? 0) + 1;
      bin[1] = (bin[1] ?? 0) + (outcome.correct ? 1 : 0);
      bin[2] = (bin[2] ?? 0) + outcome.samples;
    }
  }
}
