// Why a run drew as many samples as it did, for the hover: the rule that stopped sampling and, in adaptive
// mode, the difficulty the probe estimated. Read from the run's decisions when it finishes and kept with the
// run's summary, so a hover can still say it after the run's tree has been evicted.
import { BIN_COUNT } from '../engine/stopping/policy';
import type { SearchDecision } from '../protocol/tree';

export interface StopSummary {
  /** The stopping rule's own words ("the remaining 4 samples could not change the winner"). */
  reason: string;
  /** Samples drawn when it stopped, where the rule counts them. */
  samples?: number;
  /** Adaptive mode: the probe's difficulty estimate (0 easy … 1 hard) and the bin it chose, 1 … BIN_COUNT. */
  difficulty?: { value: number; bin: number; bins: number };
}

export function stopSummary(decisions: readonly SearchDecision[]): StopSummary | undefined {
  // The chooser's closing decision carries `stopReason`; the stop before it is the rule that ended sampling.
  const stop = decisions.find((d) => d.kind === 'stop' && d.data?.stopReason === undefined);
  if (!stop) return undefined;
  const detail = stop.data?.detail;
  const samples = stop.data?.samples;
  const estimate = decisions.find((d) => d.kind === 'difficulty')?.data;
  const value = estimate?.difficulty;
  const bin = estimate?.bin;
  return {
    reason: typeof detail === 'string' && detail !== '' ? detail : stop.message,
    ...(typeof samples === 'number' ? { samples } : {}),
    ...(typeof value === 'number' && typeof bin === 'number' ? { difficulty: { value, bin, bins: BIN_COUNT } } : {}),
  };
}
